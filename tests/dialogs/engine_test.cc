#include "levier/dialogs/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

#include "dialogs_test_util.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::Conversation;
using test_util::Fill;
using test_util::Question;
using test_util::ShippedScript;
using test_util::TestKb;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Fr(const char* id) { return ShippedScript().Text("fr", id); }
std::string En(const char* id) { return ShippedScript().Text("en", id); }

// Expected replies, built from the script's texts (see Question and Fill).
std::string AskBarrierFr() { return Question("fr", "ask_barrier"); }
std::string AskPermisFr() { return Question("fr", "q_mobilite"); }
std::string AskCommuneFr() { return Question("fr", "ask_commune"); }
std::string AskAgeFr() { return Question("fr", "ask_age"); }
std::string AnythingElseFr() { return Question("fr", "anything_else"); }
std::string WithCoordination(const char* id) {
  return Fill(Fr(id), {{"@coordination", Fr("coordination")}});
}

// One provider line of a French referral.
std::string ProviderFr(const std::string& name, const std::string& summary,
                       const std::string& contact, const std::string& website = "",
                       const std::string& reason = "") {
  return Fill(Fr("ref_provider"),
              {{"name", name},
               {"summary", summary},
               {"reason", reason},
               {"contact", contact},
               {"website", website.empty() ? "" : Fill(Fr("ref_website"), {{"website", website}})}});
}
std::string PhoneFr(const std::string& phone) { return Fill(Fr("ref_phone"), {{"phone", phone}}); }

std::string MobiliteReferralFr() {
  return Fill(Fr("ref_intro"), {{"barrier", Fr("barrier.mobilite")}}) + "\n" +
         ProviderFr("Mobi A", "Aide pour se déplacer", PhoneFr("01 00 00 00 01"),
                    "https://a.example.org") +
         "\n" +
         ProviderFr("Mobi B", "Permis solidaire",
                    Fill(Fr("ref_address"), {{"address", "2 rue Test, Tours"}})) +
         "\n" + ProviderFr("Mobi C", "Location de vélos", PhoneFr("01 00 00 00 03"));
}

TEST(EngineTest, FirstFrenchMessageGetsGreetingThenBarrierQuestion) {
  Conversation c;
  StepResult r = c.Send("Bonjour");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fr("greeting"));
  EXPECT_THAT(r.Texts()[0], HasSubstr("STOP"));
  EXPECT_EQ(r.Texts()[1], AskBarrierFr());
  EXPECT_THAT(r.events, ElementsAre(EventKind::kStarted));
  EXPECT_EQ(r.session.language, "fr");
  EXPECT_EQ(r.session.node, "ask_barrier");
  EXPECT_EQ(r.session.script_version, test_util::AskEveryQuestionScript().version());
  EXPECT_EQ(r.session.started_at, 1'700'000'000);
  EXPECT_EQ(r.session.last_active_at, 1'700'000'000);
}

// The engine's replies are neutral: the question's text and its choices
// (ids from the script, labels in the resident's language); numbering them
// is the text-only channels' rendering (NumberedText).
TEST(EngineTest, ChoiceNodeRepliesCarryTheirChoices) {
  Conversation c;
  StepResult r = c.Send("Bonjour");
  ASSERT_EQ(r.replies.size(), 2u);
  EXPECT_TRUE(r.replies[0].choices.empty());
  const Node* node = ShippedScript().FindNode("ask_barrier");
  ASSERT_NE(node, nullptr);
  const Reply& question = r.replies[1];
  EXPECT_EQ(question.text, Fr(node->text.c_str()));
  ASSERT_EQ(question.choices.size(), node->choices.size());
  for (std::size_t i = 0; i < node->choices.size(); ++i) {
    EXPECT_EQ(question.choices[i].id, node->choices[i].label);
    EXPECT_EQ(question.choices[i].label, Fr(node->choices[i].label.c_str()));
  }
  EXPECT_EQ(NumberedText(question), AskBarrierFr());
}

TEST(EngineTest, ChoiceByIdAnswersAsItsNumberTyped) {
  const Node* node = ShippedScript().FindNode("ask_barrier");
  ASSERT_NE(node, nullptr);
  ASSERT_GE(node->choices.size(), 4u);
  Conversation typed;
  Conversation tapped;
  typed.Send("Bonjour");
  tapped.Send("Bonjour");
  StepResult by_number = typed.Send("4");
  StepResult by_id = tapped.Choose(node->choices[3].label);
  EXPECT_EQ(by_id.replies, by_number.replies);
  EXPECT_EQ(by_id.session.node, by_number.session.node);
  EXPECT_EQ(by_id.session.barriers, by_number.session.barriers);
  // The engine's own questions offer ids too: the language menu's are codes.
  Conversation menu;
  StepResult r = menu.Send("???");
  ASSERT_EQ(r.replies.size(), 1u);
  ASSERT_GE(r.replies[0].choices.size(), 4u);
  EXPECT_EQ(r.replies[0].choices[3].id, "tr");
  EXPECT_EQ(menu.Choose("tr").session.language, "tr");
}

TEST(EngineTest, ChoiceIdNotOfferedIsNotUnderstood) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Choose("no_such_choice");
  EXPECT_EQ(r.session.node, "ask_barrier");
  EXPECT_TRUE(r.session.barriers.empty());
  EXPECT_EQ(r.session.misses, 1);
}

// A language switch (the web chat's) sends the language's code as a choice:
// a first one starts in that language, a later one asks the question again
// in it, and at the barrier question the default language is a switch, not
// the French-language barrier its name would be.
TEST(EngineTest, LanguageCodeChosenSwitchesLanguage) {
  Conversation c;
  StepResult first = c.Choose("ar");
  EXPECT_EQ(first.session.language, "ar");
  EXPECT_EQ(first.session.node, "ask_barrier");
  ASSERT_FALSE(first.replies.empty());
  EXPECT_TRUE(first.replies.back().rtl);
  EXPECT_EQ(first.replies.back().text, ShippedScript().Text("ar", "ask_barrier"));

  StepResult back = c.Choose(ShippedScript().default_language());
  EXPECT_EQ(back.session.language, ShippedScript().default_language());
  EXPECT_EQ(back.session.node, "ask_barrier");
  EXPECT_TRUE(back.session.barriers.empty());
  ASSERT_EQ(back.replies.size(), 1u);
  EXPECT_EQ(back.replies[0].text, Fr("ask_barrier"));
  EXPECT_FALSE(back.replies[0].rtl);
}

TEST(EngineTest, FirstEnglishMessageGetsEnglishGreeting) {
  Conversation c;
  StepResult r = c.Send("hi");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], En("greeting"));
  EXPECT_EQ(r.Texts()[1], Question("en", "ask_barrier"));
  EXPECT_EQ(r.session.language, "en");
}

TEST(EngineTest, UnclearFirstMessageGetsTheLanguageMenu) {
  Conversation c;
  StepResult r = c.Send("???");
  EXPECT_EQ(r.session.language, "fr");
  EXPECT_EQ(r.session.awaiting, "language");
  ASSERT_EQ(r.Texts().size(), 1u);
  std::string menu = Fr("language_menu");
  int n = 0;
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    menu += "\n" + std::to_string(++n) + " " + pack.name;
  }
  EXPECT_EQ(r.Texts()[0], menu);
  r = c.Send("4");
  EXPECT_EQ(r.session.language, "tr");
  EXPECT_EQ(r.session.awaiting, "");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], ShippedScript().Text("tr", "greeting"));
  EXPECT_EQ(r.session.node, "ask_barrier");
}

TEST(EngineTest, BarrierNamedInFirstMessageSkipsToItsFollowup) {
  Conversation c;
  StepResult r = c.Send("Je n'ai pas de voiture");
  ASSERT_EQ(r.Texts().size(), 3u);
  EXPECT_EQ(r.Texts()[0], Fr("greeting"));
  EXPECT_THAT(r.Texts()[1], HasSubstr(Fr("barrier.mobilite")));  // said back
  EXPECT_EQ(r.Texts()[2], AskPermisFr());
  EXPECT_THAT(r.session.barriers, ElementsAre("mobilite"));
  EXPECT_EQ(r.session.node, "q_mobilite");
}

TEST(EngineTest, EnglishBarrierInFirstMessage) {
  Conversation c;
  // "my kids are small" named childcare only as far as the classifier of the
  // day read it (children's words are weak): the need is said here.
  StepResult r = c.Send("Hello, I have no CAR and nobody to look after my kids");
  EXPECT_EQ(r.session.language, "en");
  EXPECT_THAT(r.session.barriers, ElementsAre("mobilite", "garde-enfants"));
  ASSERT_EQ(r.Texts().size(), 3u);
  EXPECT_EQ(r.Texts()[2], Question("en", "q_mobilite"));
  // Both follow-ups are asked, in the order the barriers were named.
  r = c.Send("no");
  EXPECT_EQ(r.session.profile.at("permis"), "non");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], Question("en", "q_garde_enfants"));
}

TEST(EngineTest, NumberedAnswersWalkTheWholeFlow) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("4");
  EXPECT_THAT(r.session.barriers, ElementsAre("mobilite"));
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AskPermisFr());
  r = c.Send("2");
  EXPECT_EQ(r.session.profile.at("permis"), "non");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AskCommuneFr());
  r = c.Send("1");
  EXPECT_EQ(r.session.profile.at("commune"), "Tours");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AskAgeFr());
  r = c.Send("2");
  EXPECT_EQ(r.session.profile.at("age"), "26-49");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], MobiliteReferralFr());
  // Providers were given: ask whether we may check in later.
  EXPECT_EQ(r.Texts()[1], Question("fr", "ask_followup"));
  EXPECT_EQ(r.session.node, "ask_followup");
  EXPECT_TRUE(r.session.pending.empty());
  r = c.Send("2");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AnythingElseFr());
  EXPECT_EQ(r.session.node, "anything_else");
  EXPECT_TRUE(std::find(r.events.begin(), r.events.end(), EventKind::kFollowupConsented) ==
              r.events.end());
}

// A channel that cannot send a follow-up is never asked for consent to one.
TEST(EngineTest, NoFollowupConsentAskedWhereNoFollowupCanBeSent) {
  Conversation c;
  c.followups_possible = false;
  c.Send("Bonjour");
  c.Send("4");
  c.Send("2");
  c.Send("1");
  StepResult r = c.Send("2");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], MobiliteReferralFr());
  EXPECT_EQ(r.Texts()[1], AnythingElseFr());
  EXPECT_EQ(r.session.node, "anything_else");
}

TEST(EngineTest, KeywordAnswersWork) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("LOGEMENT");
  EXPECT_EQ(r.session.node, "q_logement");
  r = c.Send("je suis hébergée chez quelqu'un");
  EXPECT_EQ(r.session.profile.at("logement"), "heberge");
  EXPECT_EQ(r.session.node, "ask_commune");
  r = c.Send("j'habite à la riche");
  EXPECT_EQ(r.session.profile.at("commune"), "La Riche");
  EXPECT_EQ(r.session.node, "ask_age");
  r = c.Send("50 ans ou plus");
  EXPECT_EQ(r.session.profile.at("age"), "50-plus");
  // Only the La Riche provider serves that commune.
  ASSERT_EQ(r.referrals.size(), 1u);
  EXPECT_EQ(r.referrals[0].provider_id, "log-riche");
  EXPECT_EQ(r.referrals[0].barrier, "logement");
  r = c.Send("non");  // no follow-up message, thanks
  EXPECT_EQ(r.session.node, "anything_else");
  r = c.Send("non merci");
  EXPECT_EQ(r.session.node, "goodbye");
  EXPECT_TRUE(r.session.ended);
}

TEST(EngineTest, LongestKeywordWinsForCommune) {
  Conversation c;
  c.Send("j'ai pas de permis");
  c.Send("non");
  StepResult r = c.Send("Joué-lès-Tours");
  EXPECT_EQ(r.session.profile.at("commune"), "Joué-lès-Tours");
}

class NumberFormTest : public ::testing::TestWithParam<const char*> {};

TEST_P(NumberFormTest, SelectsSecondChoice) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send(GetParam());
  EXPECT_THAT(r.session.barriers, ElementsAre("langue"));
  EXPECT_EQ(r.session.node, "q_langue");
  EXPECT_EQ(r.session.misses, 0);
}

INSTANTIATE_TEST_SUITE_P(Forms, NumberFormTest,
                         ::testing::Values("2", "2.", " 2 ", "n°2", "N° 2", "no 2", "２", "2)",
                                           // Arabic-Indic and Eastern Arabic-Indic digits
                                           "٢", "۲", "n° ٢"));

TEST(EngineTest, ArabicIndicDigitsPickTwoDigitChoices) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("١٠");  // 10: something else
  EXPECT_EQ(r.session.node, "anything_else");
  Conversation eastern;
  eastern.Send("Bonjour");
  EXPECT_THAT(eastern.Send("۹").session.barriers, ElementsAre("rapport-emploi"));
}

TEST(EngineTest, OutOfRangeNumberIsNotUnderstood) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("11");
  EXPECT_EQ(r.session.node, "ask_barrier");
  EXPECT_EQ(r.session.misses, 1);
  EXPECT_TRUE(r.session.barriers.empty());
}

TEST(EngineTest, NonsenseIsReaskedThenPersonOfferedAfterTwoMisses) {
  Conversation c;
  c.Send("Bonjour");
  c.Send("4");
  StepResult r = c.Send("banane");
  const std::string reask = Fr("not_understood") + AskPermisFr().substr(Fr("q_mobilite").size());
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], reask);
  EXPECT_EQ(r.session.node, "q_mobilite");
  EXPECT_EQ(r.session.misses, 1);

  r = c.Send("pomme");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], WithCoordination("offer_person"));
  EXPECT_EQ(r.Texts()[1], reask);
  EXPECT_EQ(r.session.node, "q_mobilite");
  EXPECT_EQ(r.session.misses, 2);

  r = c.Send("oui");
  EXPECT_EQ(r.session.misses, 0);
  EXPECT_EQ(r.session.profile.at("permis"), "oui");
}

TEST(EngineTest, ReferralListsAtMostThreeProvidersWithEvents) {
  Conversation c;
  c.Send("voiture");
  c.Send("1");
  c.Send("5");  // another commune: metropolis-wide providers only
  StepResult r = c.Send("1");
  EXPECT_EQ(r.session.profile.at("commune"), "");
  ASSERT_EQ(r.referrals.size(), 3u);
  EXPECT_EQ(r.referrals[0].provider_id, "mob-a");
  EXPECT_EQ(r.referrals[1].provider_id, "mob-b");
  EXPECT_EQ(r.referrals[2].provider_id, "mob-c");
  for (const ReferralEvent& e : r.referrals) EXPECT_EQ(e.barrier, "mobilite");
  EXPECT_EQ(r.Texts()[0], MobiliteReferralFr());
}

TEST(EngineTest, NoProviderGivesCoordinationContact) {
  Conversation c;
  c.Send("Bonjour");
  c.Send("6");  // health: no provider in the test KB
  c.Send("oui");
  c.Send("1");
  StepResult r = c.Send("3");
  EXPECT_TRUE(r.referrals.empty());
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fill(WithCoordination("ref_none"), {{"barrier", Fr("barrier.sante")}}));
  EXPECT_EQ(r.Texts()[1], AnythingElseFr());
}

TEST(EngineTest, AnythingElseLoopsThenGoodbyeThenWelcomeBack) {
  Conversation c;
  c.Send("voiture");
  c.Send("non");
  c.Send("Tours");
  c.Send("1");
  c.Send("non");  // no follow-up message
  StepResult r = c.Send("oui");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AskBarrierFr());
  r = c.Send("1");  // housing
  EXPECT_EQ(r.session.node, "q_logement");
  r = c.Send("3");
  // The commune and age are known: straight to the referral, for housing only.
  ASSERT_EQ(r.Texts().size(), 2u);
  const std::string in_tours =
      Fill(Fr("ref_reason"), {{"reasons", Fill(Fr("reason.in_commune"), {{"commune", "Tours"}})}});
  EXPECT_EQ(r.Texts()[0], Fill(Fr("ref_intro"), {{"barrier", Fr("barrier.logement")}}) + "\n" +
                              ProviderFr("Logis Tours", "Trouver un logement",
                                         PhoneFr("01 00 00 00 05"), "", in_tours));
  ASSERT_EQ(r.referrals.size(), 1u);
  EXPECT_EQ(r.referrals[0].barrier, "logement");
  EXPECT_THAT(r.session.barriers, ElementsAre("mobilite", "logement"));

  r = c.Send("2");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], Fr("goodbye"));
  EXPECT_TRUE(r.session.ended);
  EXPECT_THAT(r.events, ElementsAre(EventKind::kEnded));

  r = c.Send("coucou");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fr("welcome_back"));
  EXPECT_EQ(r.Texts()[1], AskBarrierFr());
  EXPECT_FALSE(r.session.ended);
  EXPECT_THAT(r.events, ElementsAre(EventKind::kStarted));
}

TEST(EngineTest, SomethingElseGivesHandoffThenAnythingElse) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("10");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], WithCoordination("other"));
  EXPECT_EQ(r.Texts()[1], AnythingElseFr());
  EXPECT_TRUE(r.referrals.empty());
}

class StopWordTest : public ::testing::TestWithParam<const char*> {};

TEST_P(StopWordTest, StopsThenStaysSilentUntilStart) {
  Conversation c;
  c.Send("Bonjour");
  c.Send("4");
  StepResult r = c.Send(GetParam());
  EXPECT_TRUE(r.session.opted_out);
  EXPECT_THAT(r.events, ElementsAre(EventKind::kOptedOut));
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], Fr("stop_done"));

  const Session stopped = c.session();
  for (const char* text : {"1", "Bonjour", "aide", "STOP", "menu", ""}) {
    r = c.Send(text);
    EXPECT_TRUE(r.Texts().empty()) << text;
    EXPECT_TRUE(r.events.empty()) << text;
    EXPECT_EQ(r.session, stopped) << text;
  }

  r = c.Send("START");
  EXPECT_FALSE(r.session.opted_out);
  EXPECT_THAT(r.events, ElementsAre(EventKind::kOptedIn, EventKind::kStarted));
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fr("greeting"));
  EXPECT_EQ(r.Texts()[1], AskBarrierFr());
}

INSTANTIATE_TEST_SUITE_P(Words, StopWordTest,
                         ::testing::Values("STOP", "ARRET", "ARRÊT", "stop", "Arrête", "stop!",
                                           "UNSUBSCRIBE"));

TEST(EngineTest, StopAsFirstMessageOptsOut) {
  Conversation c;
  StepResult r = c.Send("STOP");
  EXPECT_TRUE(r.session.opted_out);
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], Fr("stop_done"));
}

TEST(EngineTest, StopInsideASentenceIsNotACommand) {
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send("stop smoking");
  EXPECT_FALSE(r.session.opted_out);
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.session.node, "ask_barrier");
  EXPECT_EQ(r.session.misses, 1);
}

TEST(EngineTest, HelpGivesHelpThenRepeatsTheQuestion) {
  Conversation c;
  c.Send("voiture");
  StepResult r = c.Send("AIDE");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fr("help"));
  EXPECT_EQ(r.Texts()[1], AskPermisFr());
  EXPECT_EQ(r.session.node, "q_mobilite");
}

TEST(EngineTest, HelpWorksInEnglishToo) {
  Conversation c;
  c.Send("hello");
  StepResult r = c.Send("help");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], En("help"));
}

TEST(EngineTest, MenuGoesBackToTheBarrierQuestion) {
  Conversation c;
  c.Send("voiture");
  StepResult r = c.Send("Menu");
  ASSERT_EQ(r.Texts().size(), 1u);
  EXPECT_EQ(r.Texts()[0], AskBarrierFr());
  EXPECT_EQ(r.session.node, "ask_barrier");
}

TEST(EngineTest, EnglishWordAcceptedAsWholeAnswerInFrenchConversation) {
  Conversation c;
  c.Send("voiture");
  StepResult r = c.Send("yes");
  EXPECT_EQ(r.session.profile.at("permis"), "oui");
}

TEST(EngineTest, HostileInputNeverCrashesAndIsNotUnderstood) {
  const std::string long_text(1600, 'a');
  const std::string huge(100'000, '9');
  const std::vector<std::string> inputs = {
      "",        std::string("\xff\xfe\xfd"), std::string("\xc3"), std::string("\xed\xa0\x80"),
      long_text, huge, "😀😀😀", "\u200f\u202e2\u202c", std::string("2\0", 2)};
  for (const std::string& input : inputs) {
    Conversation c;
    StepResult first = c.Send(input);
    // Nothing says which language: the language menu, then French.
    EXPECT_EQ(first.session.awaiting, "language") << input.size();
    EXPECT_EQ(first.Texts().size(), 1u);
    StepResult r = c.Send(input);
    EXPECT_FALSE(r.Texts().empty());
    r = c.Send(input);
    EXPECT_FALSE(r.Texts().empty());
    // "2" hidden in the noise picks English from the menu; anything else, French.
    EXPECT_TRUE(r.session.language == "fr" || r.session.language == "en");
    EXPECT_TRUE(r.session.node == "ask_barrier" || r.session.node == "q_langue" ||
                r.session.awaiting == "language")
        << r.session.node;
  }
  // Invalid UTF-8 at a question is a miss even when it holds a digit.
  Conversation c;
  c.Send("Bonjour");
  StepResult r = c.Send(std::string("1\xff"));
  EXPECT_EQ(r.session.misses, 1);
  EXPECT_EQ(r.session.node, "ask_barrier");
}

TEST(EngineTest, OnlyTheFirst2000BytesAreExamined) {
  Conversation c;
  c.Send("Bonjour");
  std::string text = std::string(2100, ' ') + "1";
  StepResult r = c.Send(text);
  EXPECT_EQ(r.session.misses, 1);
  EXPECT_TRUE(r.session.barriers.empty());
}

TEST(EngineTest, StepIsDeterministic) {
  const std::vector<const char*> script = {"Hello, I have no car", "2", "3", "1", "2", "hi"};
  Conversation a;
  Conversation b;
  for (const char* text : script) {
    StepResult ra = a.Send(text);
    StepResult rb = b.Send(text);
    EXPECT_EQ(ra.session, rb.session) << text;
    EXPECT_EQ(ra.Texts(), rb.Texts()) << text;
    EXPECT_EQ(ra.events, rb.events) << text;
    ASSERT_EQ(ra.referrals.size(), rb.referrals.size());
    for (std::size_t i = 0; i < ra.referrals.size(); ++i) {
      EXPECT_EQ(ra.referrals[i].provider_id, rb.referrals[i].provider_id);
      EXPECT_EQ(ra.referrals[i].barrier, rb.referrals[i].barrier);
    }
  }
}

TEST(EngineTest, UnknownNodeInStoredSessionRestartsCleanly) {
  Conversation c;
  c.Send("Bonjour");
  c.mutable_session().node = "no_such_node";
  StepResult r = c.Send("1");
  EXPECT_EQ(r.session.node, "ask_barrier");
  ASSERT_EQ(r.Texts().size(), 2u);
  EXPECT_EQ(r.Texts()[0], Fr("greeting"));
}

}  // namespace
}  // namespace levier::dialogs
