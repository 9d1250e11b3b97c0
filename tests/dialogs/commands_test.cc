// Global commands, proven for every word of every language's lists (read
// from the shipped script itself) and for a few words written by hand.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dialogs_test_util.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/text.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::Conversation;
using test_util::ShippedScript;
using ::testing::ElementsAre;

// Text `id` as residents of `lang` see it (Arabic with bidi isolates).
std::string Shown(const std::string& lang, const char* id) {
  const std::string& text = ShippedScript().Text(lang, id);
  return ShippedScript().Language(lang)->rtl ? IsolateLtrRuns(text) : text;
}

// A conversation in `lang`, waiting at the transport follow-up.
Conversation AtPermisQuestion(const std::string& lang) {
  Conversation c;
  c.Send(ShippedScript().Language(lang)->name);  // names the language: greeting
  c.Send("4");                                  // transport
  EXPECT_EQ(c.session().language, lang);
  EXPECT_EQ(c.session().node, "q_mobilite");
  return c;
}

// Every keyword of list `id` in every language.
std::vector<std::pair<std::string, std::string>> Words(const std::string& id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    auto it = pack.keywords.find(id);
    if (it == pack.keywords.end()) continue;
    for (const std::string& w : it->second) out.emplace_back(pack.code, w);
  }
  return out;
}

TEST(CommandsTest, EveryLanguageHasEveryCommand) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    for (const char* id : {"cmd_stop", "cmd_start", "cmd_help", "cmd_menu", "cmd_language",
                           "cmd_erase", "cmd_person"}) {
      EXPECT_TRUE(pack.keywords.count(id)) << pack.code << " " << id;
    }
  }
}

TEST(CommandsTest, EveryStopWordStopsThenStartWorks) {
  for (const auto& [lang, word] : Words("cmd_stop")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    EXPECT_TRUE(r.session.opted_out) << lang << " " << word;
    EXPECT_THAT(r.events, ElementsAre(EventKind::kOptedOut)) << word;
    ASSERT_EQ(r.Texts().size(), 1u) << word;
    EXPECT_EQ(r.Texts()[0], Shown(lang, "stop_done")) << word;
    EXPECT_TRUE(c.Send("4").Texts().empty()) << word;
  }
  for (const auto& [lang, word] : Words("cmd_start")) {
    Conversation c = AtPermisQuestion(lang);
    c.Send("STOP");
    StepResult r = c.Send(word);
    EXPECT_FALSE(r.session.opted_out) << lang << " " << word;
    EXPECT_THAT(r.events, ElementsAre(EventKind::kOptedIn, EventKind::kStarted)) << word;
  }
}

TEST(CommandsTest, HandWrittenStopWords) {
  const std::vector<std::pair<const char*, const char*>> words = {
      {"fr", "STOP"}, {"fr", "ARRET"}, {"fr", "ARRÊT"}, {"fr", "Arrête"}, {"ar", "توقف"},
      {"tr", "DUR"},  {"es", "Parar"}, {"uk", "СТОП"},  {"fr", "stop!"},  {"fr", "UNSUBSCRIBE"}};
  for (const auto& [lang, word] : words) {
    Conversation c = AtPermisQuestion(lang);
    EXPECT_TRUE(c.Send(word).session.opted_out) << lang << " " << word;
  }
}

// Every STOP word of the default language, which every greeting names,
// stops a conversation held in any language.
TEST(CommandsTest, DefaultLanguageStopWordsStopEveryConversation) {
  const std::string& fallback = ShippedScript().default_language();
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    for (const auto& [lang, word] : Words("cmd_stop")) {
      if (lang != fallback) continue;
      Conversation c = AtPermisQuestion(pack.code);
      EXPECT_TRUE(c.Send(word).session.opted_out) << pack.code << " " << word;
    }
  }
}

// Before anything says which language the resident reads, every
// language's STOP word works, even one that is a French word elsewhere.
TEST(CommandsTest, AnyLanguagesStopWordStopsANewConversation) {
  for (const auto& [lang, word] : Words("cmd_stop")) {
    Conversation c;
    EXPECT_TRUE(c.Send(word).session.opted_out) << lang << " " << word;
  }
}

// The review's collision: Turkish "dur" (stop) is French for "hard".
TEST(CommandsTest, TurkishStopWordDoesNotUnsubscribeAFrenchConversation) {
  Conversation c = AtPermisQuestion("fr");
  StepResult r = c.Send("dur");
  EXPECT_FALSE(r.session.opted_out);
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.session.node, "q_mobilite");
  EXPECT_EQ(r.session.misses, 1);
}

// The general rule: once a conversation is held in one language, another
// language's command word that is not also one of its own does nothing,
// except the default language's STOP words.
TEST(CommandsTest, OtherLanguagesCommandWordsDoNotFireMidConversation) {
  const Script& script = ShippedScript();
  const std::string& fallback = script.default_language();
  for (const char* list : {"cmd_stop", "cmd_start", "cmd_help", "cmd_menu", "cmd_language",
                           "cmd_erase", "cmd_person"}) {
    for (const LanguagePack& pack : script.language_packs()) {
      const std::vector<std::string>* own = script.KeywordKeys(pack.code, list);
      for (const auto& [lang, word] : Words(list)) {
        if (lang == pack.code) continue;
        const std::string key = MatchKey(word);
        if (own != nullptr && std::find(own->begin(), own->end(), key) != own->end()) continue;
        const std::vector<std::string>* stop = script.KeywordKeys(fallback, "cmd_stop");
        if (std::string(list) == "cmd_stop" &&
            std::find(stop->begin(), stop->end(), key) != stop->end()) {
          continue;
        }
        Conversation c = AtPermisQuestion(pack.code);
        StepResult r = c.Send(word);
        EXPECT_FALSE(r.session.opted_out) << pack.code << " " << lang << " " << word;
        EXPECT_EQ(r.session.awaiting, "") << pack.code << " " << lang << " " << word;
        EXPECT_THAT(r.events, ::testing::Not(::testing::Contains(EventKind::kHandoffRequested)))
            << pack.code << " " << lang << " " << word;
        EXPECT_THAT(r.session.barriers, ::testing::Contains("mobilite"))
            << pack.code << " " << lang << " " << word;
        EXPECT_NE(r.session.node, "ask_barrier") << pack.code << " " << lang << " " << word;
        EXPECT_THAT(r.Texts(), ::testing::Not(::testing::Contains(Shown(pack.code, "help"))))
            << pack.code << " " << lang << " " << word;
      }
    }
  }
}

// The review's collision: "resume" is a CV to many English speakers; it
// must not restart the conversation and clear the answers.
TEST(CommandsTest, EnglishResumeDoesNotRestart) {
  Conversation c = AtPermisQuestion("en");
  StepResult r = c.Send("resume");
  EXPECT_THAT(r.events, ::testing::Not(::testing::Contains(EventKind::kStarted)));
  EXPECT_THAT(r.session.barriers, ::testing::Contains("mobilite"));
}

// The review's collision: the language command's word is also the language
// barrier's word in six languages. At the barrier question it is that
// answer; at any other question it still shows the language menu.
TEST(CommandsTest, LanguageWordAtTheBarrierQuestionIsTheLanguageBarrier) {
  const std::vector<std::pair<const char*, const char*>> words = {
      {"en", "language"}, {"es", "idioma"}, {"pt", "lingua"},
      {"tr", "dil"},      {"uk", "мова"},   {"ar", "اللغة"}};
  for (const auto& [lang, word] : words) {
    Conversation c;
    c.Send(ShippedScript().Language(lang)->name);
    ASSERT_EQ(c.session().node, "ask_barrier") << lang;
    StepResult r = c.Send(word);
    EXPECT_EQ(r.session.awaiting, "") << lang << " " << word;
    EXPECT_THAT(r.session.barriers, ElementsAre("langue")) << lang << " " << word;
    EXPECT_EQ(r.session.language, lang);

    Conversation other = AtPermisQuestion(lang);
    EXPECT_EQ(other.Send(word).session.awaiting, "language") << lang << " " << word;
  }
}

TEST(CommandsTest, StopWorksWhileWaitingForAYesNoOrTheLanguageMenu) {
  Conversation menu;
  EXPECT_EQ(menu.Send("?").session.awaiting, "language");
  EXPECT_TRUE(menu.Send("stop").session.opted_out);

  Conversation confirm;
  EXPECT_EQ(confirm.Send("je suis seule").session.awaiting, "barrier:estime-de-soi");
  EXPECT_TRUE(confirm.Send("ARRÊT").session.opted_out);

  Conversation erase = AtPermisQuestion("ar");
  EXPECT_EQ(erase.Send("امسح").session.awaiting, "erase");
  EXPECT_TRUE(erase.Send("توقف").session.opted_out);
}

TEST(CommandsTest, EveryHelpWordGivesHelpThenTheQuestion) {
  for (const auto& [lang, word] : Words("cmd_help")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    ASSERT_EQ(r.Texts().size(), 2u) << lang << " " << word;
    // The help text of the conversation's language, whatever language the word is in.
    EXPECT_EQ(r.Texts()[0], Shown(c.session().language, "help")) << word;
    EXPECT_EQ(r.session.node, "q_mobilite");
  }
}

TEST(CommandsTest, EveryMenuWordStartsOverAtTheBarrierQuestion) {
  for (const auto& [lang, word] : Words("cmd_menu")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    EXPECT_EQ(r.session.node, "ask_barrier") << lang << " " << word;
    ASSERT_EQ(r.Texts().size(), 1u) << word;
  }
}

TEST(CommandsTest, EveryLanguageWordShowsTheMenu) {
  for (const auto& [lang, word] : Words("cmd_language")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    EXPECT_EQ(r.session.awaiting, "language") << lang << " " << word;
    r = c.Send("3");
    EXPECT_EQ(r.session.language, "ar");
    EXPECT_EQ(r.session.awaiting, "");
    ASSERT_EQ(r.Texts().size(), 1u);
    EXPECT_THAT(r.Texts()[0], ::testing::HasSubstr(Shown("ar", "q_mobilite")));
  }
}

TEST(CommandsTest, NamingALanguageSwitchesAtAnyTime) {
  const std::vector<std::pair<const char*, const char*>> names = {
      {"English", "en"}, {"العربية", "ar"}, {"EN", "en"}, {"türkçe", "tr"}, {"TURKCE", "tr"},
      {"Español", "es"}, {"portugues", "pt"}, {"українська", "uk"}, {"ukrainien", "uk"}};
  for (const auto& [name, code] : names) {
    Conversation c = AtPermisQuestion("fr");
    StepResult r = c.Send(name);
    EXPECT_EQ(r.session.language, code) << name;
    EXPECT_EQ(r.session.node, "q_mobilite") << name;
    ASSERT_EQ(r.Texts().size(), 1u) << name;
    // Arabic wraps the choice numbers in bidi isolates (see understanding_test.cc).
    EXPECT_THAT(r.Texts()[0], ::testing::HasSubstr(std::string(code) == "ar" ? "\n\u20661\u2069 "
                                                                             : "\n1 "))
        << name;
  }
  // At the barrier question, "français" in an English conversation is the
  // French-language barrier, not a switch.
  Conversation c;
  c.Send("hello");
  StepResult r = c.Send("french");
  EXPECT_EQ(r.session.language, "en");
  EXPECT_THAT(r.session.barriers, ElementsAre("langue"));
}

TEST(CommandsTest, EveryEraseWordAsksThenYesErases) {
  for (const auto& [lang, word] : Words("cmd_erase")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    EXPECT_EQ(r.session.awaiting, "erase") << lang << " " << word;
    ASSERT_EQ(r.Texts().size(), 1u) << word;
    EXPECT_THAT(r.Texts()[0], ::testing::HasSubstr(Shown(lang, "erase_confirm")));
    r = c.Send("1");
    EXPECT_THAT(r.events, ElementsAre(EventKind::kEraseConfirmed)) << word;
    EXPECT_EQ(r.session, Session{}) << word;
    ASSERT_EQ(r.Texts().size(), 1u);
    EXPECT_EQ(r.Texts()[0], Shown(lang, "erase_done"));
  }
}

TEST(CommandsTest, EraseAnsweredNoKeepsEverythingAndAsksAgain) {
  Conversation c = AtPermisQuestion("fr");
  c.Send("effacer mes données");
  StepResult r = c.Send("non");
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.session.awaiting, "");
  EXPECT_THAT(r.session.barriers, ElementsAre("mobilite"));
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], test_util::Question("fr", "q_mobilite"));
}

TEST(CommandsTest, EveryPersonWordRequestsAHandoff) {
  for (const auto& [lang, word] : Words("cmd_person")) {
    Conversation c = AtPermisQuestion(lang);
    StepResult r = c.Send(word);
    EXPECT_THAT(r.events, ElementsAre(EventKind::kHandoffRequested)) << lang << " " << word;
    ASSERT_EQ(r.Texts().size(), 1u) << word;
    EXPECT_THAT(r.Texts()[0], ::testing::HasSubstr(Shown(lang, "coordination")));
    EXPECT_EQ(r.session.node, "q_mobilite");
  }
}

TEST(CommandsTest, CommandInsideASentenceIsNotACommand) {
  Conversation c = AtPermisQuestion("fr");
  StepResult r = c.Send("comment effacer une tache");
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.session.awaiting, "");
}

// A voice note or a photo gets, in the resident's language, the system text
// saying Levier reads written messages; the conversation stays where it was.
TEST(CommandsTest, UnreadableMessageIsAnsweredInTheLanguageAndKeepsTheQuestion) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    Conversation c = AtPermisQuestion(pack.code);
    const Session before = c.session();
    StepResult r = c.SendUnreadable();
    ASSERT_EQ(r.replies.size(), 1u) << pack.code;
    EXPECT_EQ(r.replies[0].text, ShippedScript().Text(pack.code, "media_not_read")) << pack.code;
    EXPECT_TRUE(r.replies[0].choices.empty());
    EXPECT_EQ(r.session.node, before.node);
    EXPECT_EQ(r.session.language, pack.code);
    EXPECT_EQ(r.session.barriers, before.barriers);
    EXPECT_TRUE(r.events.empty());
  }
}

// A first message that cannot be read does not fix the language: the
// default language answers, and the first written message still picks one.
TEST(CommandsTest, UnreadableFirstMessageLeavesTheLanguageToTheNextMessage) {
  Conversation c;
  StepResult r = c.SendUnreadable();
  ASSERT_EQ(r.replies.size(), 1u);
  const std::string& fallback = ShippedScript().default_language();
  EXPECT_EQ(r.replies[0].text, ShippedScript().Text(fallback, "media_not_read"));
  EXPECT_EQ(r.session.language, "");
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    if (pack.code != fallback) {
      c.Send(pack.name);
      EXPECT_EQ(c.session().language, pack.code);
      break;
    }
  }
}

// Opted out, a resident is read as in their conversation: another
// language's START word that is not one of theirs gets silence (before, it
// passed the opted-out gate, was then an ordinary word inside and got the
// question again while opted out: the script loader fuzzer's finding), and a
// START typed with look-alike letters from another alphabet resumes (before,
// the gate did not fold them and answered nothing).
TEST(CommandsTest, OptedOutOnlyTheConversationsOwnStartWordsResume) {
  const Script& script = ShippedScript();
  int foreign_words = 0;
  for (const LanguagePack& pack : script.language_packs()) {
    const std::vector<std::string>* own = script.KeywordKeys(pack.code, "cmd_start");
    ASSERT_NE(own, nullptr) << pack.code;
    for (const auto& [lang, word] : Words("cmd_start")) {
      const std::string key = MatchKey(word);
      if (lang == pack.code || std::find(own->begin(), own->end(), key) != own->end()) continue;
      Conversation c = AtPermisQuestion(pack.code);
      const Session stopped = c.Send("STOP").session;
      ASSERT_TRUE(stopped.opted_out);
      const StepResult r = c.Send(word);
      EXPECT_TRUE(r.replies.empty()) << pack.code << " " << lang << " " << word;
      EXPECT_TRUE(r.events.empty()) << pack.code << " " << word;
      EXPECT_EQ(r.session, stopped) << pack.code << " " << word;
      ++foreign_words;
    }
    Conversation c = AtPermisQuestion(pack.code);
    c.Send("STOP");
    const StepResult r = c.Send("ST\u0410RT");  // Cyrillic A
    EXPECT_FALSE(r.session.opted_out) << pack.code;
    EXPECT_THAT(r.events, ElementsAre(EventKind::kOptedIn, EventKind::kStarted)) << pack.code;
  }
  EXPECT_GT(foreign_words, 10);  // the lists differ, so the loop above ran
}

// Silence while opted out, as for any other message.
TEST(CommandsTest, UnreadableMessageWhileOptedOutGetsNoReply) {
  Conversation c = AtPermisQuestion("en");
  c.Send("STOP");
  EXPECT_TRUE(c.SendUnreadable().replies.empty());
}

}  // namespace
}  // namespace levier::dialogs
