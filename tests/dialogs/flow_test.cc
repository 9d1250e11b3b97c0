// Asking only what changes the answer, facts read from the message, new
// requests in the middle of a conversation and the say-back of a first
// message: Step() on a script and a knowledge base written for these tests,
// so nothing here depends on the shipped wording or directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A start message that reads barriers, the barrier question, a follow-up
// question for transport that matching never reads, then commune and age,
// both skippable and readable from the message. Its "profile" section tells
// MatchProfileFor which recorded answers are the commune and the age.
constexpr const char* kFlow = R"({
  "format": "levier-dialog/1", "id": "flowtest", "default_language": "fr",
  "languages": ["fr"], "start": "hello",
  "profile": {
    "commune": {"key": "commune"},
    "age": {"key": "age", "values": {"moins-26": {"min": 16, "max": 25},
                                     "26-49": {"min": 26, "max": 49},
                                     "50-plus": {"min": 50, "max": 99}}}
  },
  "commands": {
    "stop": {"keywords": "cmd_stop", "reply": "stop_done"},
    "start": {"keywords": "cmd_start", "next": "hello"},
    "help": {"keywords": "cmd_help", "reply": "help"},
    "menu": {"keywords": "cmd_menu", "next": "ask_barrier"}
  },
  "nodes": [
    {"id": "hello", "kind": "message", "text": "hello", "next": "ask_barrier",
     "barriers_next": "followups"},
    {"id": "ask_barrier", "kind": "choice", "text": "ask_barrier", "next": "followups",
     "choices": [{"barrier": "mobilite"}, {"barrier": "garde-enfants"}, {"barrier": "logement"}]},
    {"id": "followups", "kind": "followups", "next": "ask_commune",
     "followups": {"mobilite": "q_licence"}},
    {"id": "q_licence", "kind": "choice", "text": "q_licence", "next": "followups",
     "skip_if_same_providers": true, "on_barrier": "followups",
     "choices": [{"label": "yes", "keywords": "kw_yes", "set": {"permis": "oui"}},
                 {"label": "no", "keywords": "kw_no", "set": {"permis": "non"}}]},
    {"id": "ask_commune", "kind": "choice", "text": "ask_commune", "next": "ask_age",
     "skip_if_known": "commune", "skip_if_same_providers": true, "from_message": true,
     "choices": [
       {"label": "c_tours", "keywords": "kw_c_tours", "set": {"commune": "Tours"}},
       {"label": "c_joue", "set": {"commune": "Joué-lès-Tours"}},
       {"label": "c_other", "keywords": "kw_c_other", "set": {"commune": ""}}]},
    {"id": "ask_age", "kind": "choice", "text": "ask_age", "next": "referral",
     "skip_if_known": "age", "skip_if_same_providers": true, "from_message": true,
     "choices": [{"label": "a_young", "set": {"age": "moins-26"}},
                 {"label": "a_mid", "set": {"age": "26-49"}},
                 {"label": "a_old", "set": {"age": "50-plus"}}]},
    {"id": "referral", "kind": "referral", "next": "anything_else"},
    {"id": "anything_else", "kind": "choice", "text": "anything_else",
     "choices": [{"label": "yes", "keywords": "kw_yes", "next": "ask_barrier"},
                 {"label": "no", "keywords": "kw_no", "next": "bye"}]},
    {"id": "bye", "kind": "end", "text": "bye"}
  ]})";

constexpr const char* kLang = R"({
  "format": "levier-dialog-lang/1", "language": "fr", "name": "Test",
  "texts": {
    "hello": "HELLO", "ask_barrier": "ASK_BARRIER", "q_licence": "ASK_LICENCE",
    "ask_commune": "ASK_COMMUNE", "ask_age": "ASK_AGE", "anything_else": "ANYTHING_ELSE",
    "bye": "BYE", "yes": "Y", "no": "N", "not_understood": "NOT_UNDERSTOOD",
    "choice_line": "{n} {label}", "stop_done": "STOPPED", "help": "HELP",
    "confirm_barrier": "CONFIRM {barrier}",
    "understood": "SAID {barriers}", "understood_and": " + ",
    "barrier.mobilite": "TRANSPORT", "barrier.garde-enfants": "KIDS", "barrier.logement": "HOUSING",
    "c_tours": "T", "c_joue": "J", "c_other": "O", "a_young": "A1", "a_mid": "A2", "a_old": "A3",
    "ref_intro": "REF {barrier}", "ref_provider": "{name}", "ref_provider_no_summary": "{name}",
    "ref_phone": "", "ref_address": "", "ref_website": "", "ref_none": "NONE {barrier}"
  },
  "keywords": {
    "cmd_stop": ["stop"], "cmd_start": ["start"], "cmd_help": ["help"], "cmd_menu": ["menu"],
    "kw_yes": ["oui"], "kw_no": ["non"], "number_prefix": ["n"],
    "kw_c_tours": ["quartier nord"], "kw_c_other": ["ailleurs"],
    "kw_age_before": ["j ai"], "kw_age_after": ["ans"],
    "barrier.mobilite": ["voiture"], "barrier.garde-enfants": ["enfants"],
    "barrier.logement": ["logement"], "weak.garde-enfants": ["ecole"]
  }})";

// Transport: one provider everywhere. Childcare: one in Tours, one in Joué,
// one everywhere. Housing: one for under-26s, one for anyone.
constexpr const char* kProviders = R"({"format":"levier-kb/2","providers":[
 {"id":"mob","name":"Mob","summary":{"fr":"S"},"barriers":["mobilite"],"communes":[],"phone":"01 00 00 00 01",
  "source":"t","source_date":"2024","confidence":"haute","verified":true},
 {"id":"kid-tours","name":"KidTours","summary":{"fr":"S"},"barriers":["garde-enfants"],
  "communes":["Tours"],"phone":"01 00 00 00 02","source":"t","source_date":"2024","confidence":"haute","verified":true},
 {"id":"kid-joue","name":"KidJoue","summary":{"fr":"S"},"barriers":["garde-enfants"],
  "communes":["Joué-lès-Tours"],"phone":"01 00 00 00 03","source":"t","source_date":"2024","confidence":"haute","verified":true},
 {"id":"kid-all","name":"KidAll","summary":{"fr":"S"},"barriers":["garde-enfants"],"communes":[],
  "phone":"01 00 00 00 04","source":"t","source_date":"2024","confidence":"haute","verified":true},
 {"id":"log-young","name":"LogYoung","summary":{"fr":"S"},"barriers":["logement"],"communes":[],
  "eligibility":{"min_age":16,"max_age":25},
  "phone":"01 00 00 00 05","source":"t","source_date":"2024","confidence":"haute","verified":true},
 {"id":"log-all","name":"LogAll","summary":{"fr":"S"},"barriers":["logement"],"communes":[],
  "phone":"01 00 00 00 06","source":"t","source_date":"2024","confidence":"haute","verified":true}
]})";

constexpr const char* kNeighbourhoods = R"({"format":"levier-kb/2","neighbourhoods":[
 {"id":"sanitas","name":"Sanitas","commune":"Tours","source":"t"},
 {"id":"la-rabiere","name":"La Rabière","commune":"Joué-lès-Tours","source":"t"}]})";

class FlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir =
        std::filesystem::temp_directory_path() / ("levier-flow-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "lang");
    std::ofstream(dir / "flow.json") << kFlow;
    std::ofstream(dir / "lang" / "fr.json") << kLang;
    Result<Script> s = Script::LoadFromDirectory(dir);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    script_ = new Script(std::move(s).value());
    Result<kb::KnowledgeBase> k = kb::KnowledgeBase::LoadFromJson(kProviders, kNeighbourhoods, "t");
    ASSERT_TRUE(k.ok()) << k.status().ToString();
    kb_ = new kb::KnowledgeBase(std::move(k).value());
  }
  static void TearDownTestSuite() {
    delete script_;
    delete kb_;
  }

  StepResult Send(const std::string& text) {
    StepResult r = Step(*script_, *kb_, session_, StepInput{text, "sms", now_, {}, {}});
    now_ += 60;
    session_ = r.session;
    return r;
  }
  static std::vector<std::string> Ids(const StepResult& r) {
    std::vector<std::string> ids;
    for (const ReferralEvent& e : r.referrals) ids.push_back(e.provider_id);
    return ids;
  }
  std::string Profile(const std::string& key) const {
    auto it = session_.profile.find(key);
    return it == session_.profile.end() ? "<unknown>" : it->second;
  }

  static Script* script_;
  static kb::KnowledgeBase* kb_;
  Session session_;
  UnixSeconds now_ = 1'700'000'000;
};

Script* FlowTest::script_ = nullptr;
kb::KnowledgeBase* FlowTest::kb_ = nullptr;

TEST_F(FlowTest, QuestionsThatChangeNoProviderAreNotAsked) {
  // Licence, commune and age: every answer gives the same transport provider.
  StepResult r = Send("voiture");
  EXPECT_THAT(Ids(r), ElementsAre("mob"));
  EXPECT_EQ(session_.node, "anything_else");
  EXPECT_EQ(Profile("permis"), "<unknown>");
}

TEST_F(FlowTest, CommuneIsAskedWhenItChangesTheProviders) {
  StepResult r = Send("enfants");
  EXPECT_THAT(Ids(r), IsEmpty());
  EXPECT_EQ(session_.node, "ask_commune");
  r = Send("2");
  // Age changes nothing for childcare: straight to the providers.
  EXPECT_THAT(Ids(r), ElementsAre("kid-joue", "kid-all"));
  EXPECT_EQ(session_.node, "anything_else");
}

TEST_F(FlowTest, AgeIsAskedWhenItChangesTheProviders) {
  StepResult r = Send("logement");
  EXPECT_EQ(session_.node, "ask_age");  // no commune question: housing is the same everywhere
  r = Send("2");
  EXPECT_THAT(Ids(r), ElementsAre("log-all"));
}

TEST_F(FlowTest, NeighbourhoodNamedInTheMessageAnswersTheCommune) {
  StepResult r = Send("enfants, j habite au Sanitas");
  EXPECT_THAT(Ids(r), ElementsAre("kid-tours", "kid-all"));
  EXPECT_EQ(Profile("commune"), "Tours");
  EXPECT_EQ(Profile(std::string(kNeighbourhoodKey)), "sanitas");
}

TEST_F(FlowTest, CommuneNamedInTheMessageOrByAChoiceKeyword) {
  StepResult r = Send("enfants a joue les tours");
  EXPECT_THAT(Ids(r), ElementsAre("kid-joue", "kid-all"));
  EXPECT_EQ(Profile("commune"), "Joué-lès-Tours");
  EXPECT_EQ(Profile(std::string(kNeighbourhoodKey)), "<unknown>");
  session_ = Session{};
  r = Send("enfants quartier nord");
  EXPECT_THAT(Ids(r), ElementsAre("kid-tours", "kid-all"));
}

TEST_F(FlowTest, StatedAgeAnswersTheAgeQuestion) {
  StepResult r = Send("logement, j'ai 23 ans");
  EXPECT_THAT(Ids(r), ElementsAre("log-young", "log-all"));
  EXPECT_EQ(Profile("age"), "moins-26");
}

TEST_F(FlowTest, AnAgeThatIsNotTheResidentsIsNotTaken) {
  Send("logement, mon fils a 3 ans et j ai 2 chats");
  EXPECT_EQ(Profile("age"), "<unknown>");
  EXPECT_EQ(session_.node, "ask_age");
}

TEST_F(FlowTest, TheAgeQuestionAcceptsAStatedAge) {
  Send("logement");
  ASSERT_EQ(session_.node, "ask_age");
  StepResult r = Send("j ai 52 ans");
  EXPECT_EQ(Profile("age"), "50-plus");
  EXPECT_THAT(Ids(r), ElementsAre("log-all"));
}

TEST_F(FlowTest, FirstMessageNamingBarriersIsSaidBackBeforeTheFirstQuestion) {
  StepResult r = Send("voiture et enfants");
  ASSERT_GE(r.Texts().size(), 3u);
  EXPECT_EQ(r.Texts()[0], "HELLO");
  EXPECT_EQ(r.Texts()[1], "SAID TRANSPORT + KIDS");
  EXPECT_THAT(r.Texts()[2], HasSubstr("ASK_COMMUNE"));
}

TEST_F(FlowTest, AMessageNamingNoBarrierIsNotSaidBack) {
  session_.language = "fr";  // chosen before the first message, as `simulate --lang` does
  StepResult r = Send("bonjour");
  for (const std::string& reply : r.Texts()) EXPECT_THAT(reply, Not(HasSubstr("SAID")));
  EXPECT_EQ(session_.node, "ask_barrier");
}

TEST_F(FlowTest, BarriersNamedAfterTheReferralAreANewRequest) {
  Send("enfants");
  Send("1");
  ASSERT_EQ(session_.node, "anything_else");
  // Transport was already in the conversation; named again, it is asked for again.
  StepResult r = Send("pas de voiture et personne pour les enfants");
  EXPECT_THAT(r.Texts(), Not(::testing::Contains(HasSubstr("NOT_UNDERSTOOD"))));
  ASSERT_FALSE(r.Texts().empty());
  EXPECT_EQ(r.Texts().front(), "SAID TRANSPORT + KIDS");
  // The commune is already known: providers at once.
  EXPECT_THAT(Ids(r), ElementsAre("mob", "kid-tours", "kid-all"));
}

TEST_F(FlowTest, AWeakMentionAfterTheReferralIsConfirmedFirst) {
  Send("voiture");
  ASSERT_EQ(session_.node, "anything_else");
  StepResult r = Send("ecole");
  EXPECT_EQ(session_.awaiting, "barrier:garde-enfants");
  EXPECT_THAT(r.Texts(), ElementsAre(HasSubstr("CONFIRM KIDS")));
  r = Send("oui");
  EXPECT_THAT(session_.barriers, ElementsAre("mobilite", "garde-enfants"));
  EXPECT_EQ(session_.node, "ask_commune");
  session_ = Session{};
  Send("voiture");
  Send("ecole");
  r = Send("non");
  EXPECT_EQ(session_.node, "anything_else");
  EXPECT_THAT(session_.barriers, ElementsAre("mobilite"));
}

TEST_F(FlowTest, AnAnswerThatIsNeitherAChoiceNorABarrierIsStillNotUnderstood) {
  Send("voiture");
  StepResult r = Send("blablabla");
  EXPECT_THAT(r.Texts(), ElementsAre(HasSubstr("NOT_UNDERSTOOD")));
  EXPECT_EQ(session_.node, "anything_else");
}

}  // namespace
}  // namespace levier::dialogs
