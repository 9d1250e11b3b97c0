// The phone line's side of the engine: StepInput::spoken (the "voice"
// texts, phone numbers spelled), start_over (each call starts afresh) and
// the written copy of the contacts (only_if_copy, event copy_requested).
#include <gtest/gtest.h>

#include <string>

#include "dialogs_test_util.h"
#include "levier/dialogs/engine.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::Fill;
using test_util::ShippedScript;
using test_util::TestKb;

constexpr UnixSeconds kNow = 1'700'000'000;

// One caller on the phone line, pressing keys.
class Call {
 public:
  explicit Call(bool copy_possible = true) : copy_possible_(copy_possible) {}
  StepResult Start(std::string_view language, Session session = {}) {
    session_ = std::move(session);
    StepInput input = Input("");
    input.start_over = true;
    input.language_hint = language;
    return Apply(input);
  }
  StepResult Press(std::string_view keys) { return Apply(Input(keys)); }
  // Presses 4 (transport) then the first choice of every question until the
  // contacts are read.
  StepResult PressToContacts() {
    StepResult r = Press("4");
    for (int i = 0; i < 8 && r.referrals.empty(); ++i) r = Press("1");
    return r;
  }
  const Session& session() const { return session_; }

 private:
  StepInput Input(std::string_view keys) {
    StepInput input{keys, "voice", now_, {}, {}};
    input.spoken = true;
    input.followups_possible = false;
    input.copy_possible = copy_possible_;
    return input;
  }
  StepResult Apply(const StepInput& input) {
    StepResult r = Step(ShippedScript(), TestKb(), session_, input);
    session_ = r.session;
    now_ += 30;
    return r;
  }
  bool copy_possible_;
  Session session_;
  UnixSeconds now_ = kNow;
};

const std::string& Spoken(std::string_view lang, std::string_view id) {
  return ShippedScript().SpokenText(lang, id);
}

TEST(SpokenTest, EveryShippedLanguageHasAVoiceAndItsOwnMenuLine) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    EXPECT_FALSE(pack.voice_tag.empty()) << pack.code;
    EXPECT_NE(pack.spoken_texts.count("voice_language"), 0u) << pack.code;
    EXPECT_NE(Spoken(pack.code, "voice_language").find("{n}"), std::string::npos) << pack.code;
  }
}

TEST(SpokenTest, ACallStartsInThePickedLanguageWithTheTextsWrittenForTheEar) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    Call call;
    StepResult r = call.Start(pack.code);
    ASSERT_EQ(r.session.language, pack.code);
    ASSERT_EQ(r.replies.size(), 2u) << pack.code;
    EXPECT_EQ(r.replies[0].text, Spoken(pack.code, "greeting")) << pack.code;
    EXPECT_EQ(r.replies[1].text, Spoken(pack.code, "ask_barrier")) << pack.code;
    EXPECT_EQ(r.replies[1].choice_line, Spoken(pack.code, "choice_line")) << pack.code;
    // Written for the ear, not the written text read out.
    EXPECT_NE(r.replies[0].text, ShippedScript().Text(pack.code, "greeting")) << pack.code;
  }
}

TEST(SpokenTest, TheSameStepWrittenUsesTheWrittenTexts) {
  StepInput input{"", "sms", kNow, {}, {}};
  input.language_hint = "fr";
  StepResult r = Step(ShippedScript(), TestKb(), Session{}, input);
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_EQ(r.replies[0].text, ShippedScript().Text("fr", "greeting"));
}

TEST(SpokenTest, ContactsAreReadWithTheNumberSpelledAndNoWebAddress) {
  Call call;
  call.Start("fr");
  StepResult r = call.PressToContacts();
  ASSERT_FALSE(r.referrals.empty());
  std::string all;
  for (const Reply& reply : r.replies) all += reply.text + "\n";
  // Mobi A: "01 00 00 00 01", https://a.example.org
  EXPECT_NE(all.find(Fill(Spoken("fr", "ref_phone"), {{"phone", "0 1, 0 0, 0 0, 0 0, 0 1"}})),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("01 00 00 00 01"), std::string::npos) << all;
  EXPECT_EQ(all.find("a.example.org"), std::string::npos) << all;
  // Then the copy by SMS is offered.
  EXPECT_EQ(r.session.node, "sms_copy");
  EXPECT_EQ(r.replies.back().text, Spoken("fr", "sms_copy_offer"));
}

TEST(SpokenTest, YesToTheCopyGivesTheWrittenContactsOnce) {
  Call call;
  call.Start("fr");
  ASSERT_FALSE(call.PressToContacts().referrals.empty());
  StepResult yes = call.Press("1");
  ASSERT_EQ(std::count(yes.events.begin(), yes.events.end(), EventKind::kCopyRequested), 1);
  ASSERT_EQ(yes.copy.size(), 1u);  // one barrier, one message
  const std::string& copy = yes.copy[0].text;
  EXPECT_NE(copy.find("01 00 00 00 01"), std::string::npos) << copy;
  EXPECT_NE(copy.find("https://a.example.org"), std::string::npos) << copy;
  EXPECT_EQ(copy.find("0 1, 0 0"), std::string::npos) << copy;
  EXPECT_TRUE(yes.referrals.empty()) << "the copy proposes nothing new: no second referral logged";
  EXPECT_EQ(yes.replies.front().text, Spoken("fr", "sms_copy_sent"));
  // No follow-up on the phone line: on to "anything else?".
  EXPECT_EQ(yes.session.node, "anything_else");
}

TEST(SpokenTest, NoToTheCopySendsNothing) {
  Call call;
  call.Start("fr");
  ASSERT_FALSE(call.PressToContacts().referrals.empty());
  StepResult no = call.Press("2");
  EXPECT_TRUE(no.copy.empty());
  EXPECT_EQ(std::count(no.events.begin(), no.events.end(), EventKind::kCopyRequested), 0);
  EXPECT_EQ(no.session.node, "anything_else");
}

TEST(SpokenTest, WithoutAWayToSendACopyItIsNotOffered) {
  Call call(/*copy_possible=*/false);
  call.Start("fr");
  StepResult r = call.PressToContacts();
  ASSERT_FALSE(r.referrals.empty());
  EXPECT_EQ(r.session.node, "anything_else");
}

TEST(SpokenTest, WrittenChannelsAreNeverOfferedACopy) {
  test_util::Conversation sms;
  sms.Send("Bonjour");
  StepResult r = sms.Send("4");
  for (int i = 0; i < 8 && r.referrals.empty(); ++i) r = sms.Send("1");
  ASSERT_FALSE(r.referrals.empty());
  EXPECT_NE(r.session.node, "sms_copy");
}

TEST(SpokenTest, SilenceIsAnAnswerNotUnderstoodAndTheQuestionIsAskedAgain) {
  Call call;
  call.Start("fr");
  StepResult r = call.Press("");
  ASSERT_FALSE(r.replies.empty());
  EXPECT_EQ(r.replies.back().text, Spoken("fr", "not_understood"));
  EXPECT_EQ(r.replies.back().choices.size(), 10u);
  EXPECT_EQ(r.session.node, "ask_barrier");
}

TEST(SpokenTest, ANewCallStartsOverButKeepsAnOptOut) {
  Call call;
  call.Start("fr");
  call.PressToContacts();
  ASSERT_FALSE(call.session().barriers.empty());
  Session before = call.session();
  StepResult again = call.Start("en", before);
  EXPECT_TRUE(again.session.barriers.empty());
  EXPECT_TRUE(again.session.profile.empty());
  EXPECT_EQ(again.session.language, "en");
  EXPECT_EQ(again.session.node, "ask_barrier");

  Session opted_out = before;
  opted_out.opted_out = true;
  StepResult silent = call.Start("fr", opted_out);
  EXPECT_TRUE(silent.replies.empty());
  EXPECT_TRUE(silent.session.opted_out);
}

// The script with `edit` applied to one language file's JSON.
Result<Script> WithLanguageEdit(const std::string& lang,
                                const std::function<void(nlohmann::json&)>& edit) {
  std::map<std::string, std::string> files = ShippedScript().files();
  nlohmann::json j = nlohmann::json::parse(files.at("lang/" + lang + ".json"));
  edit(j);
  files["lang/" + lang + ".json"] = j.dump();
  return Script::LoadFromFiles(files, "test");
}

TEST(SpokenTest, AVoiceTextForNoWrittenTextIsRefusedWithItsName) {
  Result<Script> typo = WithLanguageEdit(
      "fr", [](nlohmann::json& j) { j["voice"]["texts"]["gretting"] = "Bonjour"; });
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("'gretting'"), std::string::npos)
      << typo.status().message();
  // The phone line's own texts need no written twin.
  Result<Script> own = WithLanguageEdit(
      "fr", [](nlohmann::json& j) { j["voice"]["texts"]["voice_extra"] = "Bonjour"; });
  EXPECT_TRUE(own.ok()) << own.status().message();
}

TEST(SpokenTest, AVoiceTagMustBeALanguageTag) {
  for (const char* tag : {"", "fr FR", "fr\"FR", "<x>"}) {
    Result<Script> bad =
        WithLanguageEdit("fr", [&](nlohmann::json& j) { j["voice"]["say"] = tag; });
    ASSERT_FALSE(bad.ok()) << tag;
    EXPECT_NE(bad.status().message().find("'say'"), std::string::npos) << bad.status().message();
  }
  Result<Script> unknown =
      WithLanguageEdit("fr", [](nlohmann::json& j) { j["voice"]["speed"] = "slow"; });
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'speed'"), std::string::npos);
}

}  // namespace
}  // namespace levier::dialogs
