// StepInput::language_hint (the language a platform says the resident's app
// is set to): used only when the session has no language and the message
// does not show one; a hint the script does not offer is ignored.
#include <gtest/gtest.h>

#include <string>

#include "dialogs_test_util.h"
#include "levier/dialogs/engine.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::ShippedScript;
using test_util::TestKb;

constexpr UnixSeconds kNow = 1'700'000'000;

StepResult First(std::string_view text, std::string_view hint, const Session& session = {}) {
  StepInput input{text, "telegram", kNow, {}, {}};
  input.language_hint = hint;
  return Step(ShippedScript(), TestKb(), session, input);
}

// A bare "/start" reaches the engine as "": nothing to guess from.
TEST(LanguageHintTest, FirstMessageWithoutEvidenceStartsInTheHintedLanguage) {
  ASSERT_EQ(First("", "").session.awaiting, "language");  // without a hint: the menu
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    StepResult r = First("", pack.code);
    EXPECT_EQ(r.session.language, pack.code);
    EXPECT_EQ(r.session.awaiting, "") << pack.code;
    // Where naming the language would have taken the conversation.
    EXPECT_EQ(r.session.node, First(pack.name, "").session.node) << pack.code;
    EXPECT_EQ(r.replies, First(pack.name, "").replies) << pack.code;
  }
}

TEST(LanguageHintTest, RegionSubtagAndCaseAreIgnored) {
  EXPECT_EQ(First("", "pt-BR").session.language, "pt");
  EXPECT_EQ(First("", "TR").session.language, "tr");
  EXPECT_EQ(First("", "uk_UA").session.language, "uk");
}

TEST(LanguageHintTest, HintTheScriptDoesNotOfferIsIgnored) {
  for (const char* hint : {"de", "zh-hans", "-", "x"}) {
    EXPECT_EQ(First("", hint).session.awaiting, "language") << hint;
  }
}

TEST(LanguageHintTest, MessageThatShowsItsLanguageWinsOverTheHint) {
  const std::string text = "Hello, I need help to find a job and a house";
  const StepResult plain = First(text, "");
  ASSERT_EQ(plain.session.language, "en");
  ASSERT_EQ(plain.session.awaiting, "");
  EXPECT_EQ(First(text, "tr").session.language, "en");
}

TEST(LanguageHintTest, LanguageAlreadyKnownIsKept) {
  Session known;
  known.language = "es";
  EXPECT_EQ(First("", "tr", known).session.language, "es");
}

// A first sticker gets its answer in the app's language, which it does not
// fix: the first written message still picks the language.
TEST(LanguageHintTest, UnreadableFirstMessageIsAnsweredInTheHintedLanguage) {
  StepInput input{"", "telegram", kNow, {}, {}};
  input.unreadable = true;
  input.language_hint = "uk";
  StepResult r = Step(ShippedScript(), TestKb(), Session{}, input);
  ASSERT_EQ(r.replies.size(), 1u);
  EXPECT_EQ(r.replies[0].text, ShippedScript().Text("uk", "media_not_read"));
  EXPECT_EQ(r.session.language, "");
}

}  // namespace
}  // namespace levier::dialogs
