// flow.json "profile": which recorded answers tell the knowledge base which
// providers fit. Tested on a small script of its own whose recorded values
// are not the shipped script's, so nothing here rests on the shipped wording.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::TempScript;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Two transport providers: one for the under-26s only, one for disabled people only.
constexpr std::string_view kProviders = R"({"format":"levier-kb/2","providers":[
 {"id":"young","name":"Young","summary":{"fr":"Jeunes"},"barriers":["mobilite"],"communes":[],
  "address":"","phone":"01 00 00 00 01","website":"","email":"","source":"test","source_date":"2024",
  "confidence":"haute","verified":true,"notes":"","eligibility":{"max_age":25}},
 {"id":"disabled","name":"Disabled","summary":{"fr":"Handicap"},"barriers":["mobilite"],
  "communes":[],"address":"","phone":"01 00 00 00 02","website":"","email":"","source":"test",
  "source_date":"2024","confidence":"haute","verified":true,"notes":"",
  "eligibility":{"disability_required":true}},
 {"id":"anyone","name":"Anyone","summary":{"fr":"Tous"},"barriers":["mobilite"],"communes":[],
  "address":"","phone":"01 00 00 00 03","website":"","email":"","source":"test","source_date":"2024",
  "confidence":"haute","verified":true,"notes":""}]})";
constexpr std::string_view kNeighbourhoods = R"({"format":"levier-kb/1","neighbourhoods":[]})";

const kb::KnowledgeBase& Kb() {
  static const kb::KnowledgeBase kKb = [] {
    Result<kb::KnowledgeBase> k = kb::KnowledgeBase::LoadFromJson(kProviders, kNeighbourhoods, "t");
    EXPECT_TRUE(k.ok()) << k.status().ToString();
    return k.ok() ? std::move(k).value() : kb::KnowledgeBase();
  }();
  return kKb;
}

// The tiny script, changed into: transport, then "old or young?", then
// "disability papers?", then the referral. The recorded values are made up.
class ProfileScript : public TempScript {
 public:
  ProfileScript() {
    flow["nodes"] = nlohmann::json::parse(R"([
      {"id": "ask", "kind": "choice", "text": "ask", "next": "tranche",
       "choices": [{"barrier": "mobilite"}]},
      {"id": "tranche", "kind": "choice", "text": "ask", "next": "papers", "choices": [
        {"label": "yes", "set": {"tranche": "t-jeune"}},
        {"label": "yes", "set": {"tranche": "t-senior"}}]},
      {"id": "papers", "kind": "choice", "text": "ask", "next": "refer", "choices": [
        {"label": "yes", "set": {"papiers": "p-oui", "ville": "Tours"}},
        {"label": "yes", "set": {"papiers": "p-non"}}]},
      {"id": "refer", "kind": "referral", "next": "bye"},
      {"id": "bye", "kind": "end", "text": "bye"}])");
    flow["profile"] = nlohmann::json::parse(R"({
      "commune": {"key": "ville"},
      "age": {"key": "tranche", "values": {"t-jeune": {"min": 16, "max": 25},
                                           "t-senior": {"min": 50, "max": 99}}},
      "disability": {"key": "papiers", "values": {"p-oui": "yes", "p-non": "no"}}})");
    for (nlohmann::json* lang : {&fr, &en}) {
      (*lang)["texts"]["ref_intro"] = "{barrier}";
      (*lang)["texts"]["ref_provider"] = "{name}";
      (*lang)["texts"]["ref_provider_no_summary"] = "{name}";
      (*lang)["texts"]["ref_none"] = "{barrier}";
      for (const char* id : {"ref_phone", "ref_address", "ref_website"}) (*lang)["texts"][id] = "";
    }
  }

  Result<Script> Load() const { return Script::LoadFromDirectory(Write()); }
};

// The providers referred after answering `age` then `papers` (1-based choices).
std::vector<std::string> Referred(const Script& script, const char* age, const char* papers) {
  Session session;
  session.language = "fr";
  std::vector<std::string> ids;
  UnixSeconds now = 1'700'000'000;
  for (const char* text : {"bonjour", "1", age, papers}) {
    StepResult r = Step(script, Kb(), session, StepInput{text, "sms", now += 60, {}, {}});
    session = r.session;
    for (const ReferralEvent& e : r.referrals) ids.push_back(e.provider_id);
  }
  return ids;
}

std::vector<std::string> Errors(const Script& script) {
  std::vector<std::string> out;
  for (const CheckFinding& f : CheckScript(script, Kb())) {
    if (f.severity == CheckFinding::Severity::kError) out.push_back(f.file + ": " + f.message);
  }
  return out;
}

TEST(ProfileTest, DeclaredAnswersDecideWhichProvidersFit) {
  ProfileScript s;
  Result<Script> script = s.Load();
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_TRUE(Errors(*script).empty()) << ::testing::PrintToString(Errors(*script));
  // Young, with papers: everyone fits.
  EXPECT_THAT(Referred(*script, "1", "1"), UnorderedElementsAre("young", "disabled", "anyone"));
  // Over 50: not the under-26 provider. No papers: not the disability one.
  EXPECT_THAT(Referred(*script, "2", "1"), UnorderedElementsAre("disabled", "anyone"));
  EXPECT_THAT(Referred(*script, "1", "2"), UnorderedElementsAre("young", "anyone"));
  EXPECT_THAT(Referred(*script, "2", "2"), UnorderedElementsAre("anyone"));
}

// Referrals are logged with the commune the "profile" section names.
TEST(ProfileTest, ReferralsCarryTheDeclaredCommune) {
  ProfileScript s;
  Result<Script> script = s.Load();
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  Session session;
  session.language = "fr";
  std::vector<ReferralEvent> referrals;
  for (const char* text : {"bonjour", "1", "1", "1"}) {
    StepResult r = Step(*script, Kb(), session, StepInput{text, "sms", 1'700'000'000, {}, {}});
    session = r.session;
    referrals.insert(referrals.end(), r.referrals.begin(), r.referrals.end());
  }
  ASSERT_EQ(referrals.size(), 3u);
  for (const ReferralEvent& e : referrals) EXPECT_EQ(e.commune, "Tours") << e.provider_id;
}

TEST(ProfileTest, WithoutAProfileSectionRecordedAnswersExcludeNobody) {
  ProfileScript s;
  s.flow.erase("profile");
  Result<Script> script = s.Load();
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_THAT(Referred(*script, "2", "2"), UnorderedElementsAre("young", "disabled", "anyone"));
}

TEST(ProfileTest, CheckReportsAKeyNoChoiceRecords) {
  ProfileScript s;
  s.flow["profile"]["age"]["key"] = "age";
  Result<Script> script = s.Load();
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_THAT(Errors(*script),
              ::testing::ElementsAre(HasSubstr("flow.json: profile: fact 'age': no choice "
                                               "records 'age'")));
}

TEST(ProfileTest, CheckReportsAValueRenamedInAChoice) {
  ProfileScript s;
  s.flow["nodes"][1]["choices"][1]["set"]["tranche"] = "t-plus-de-50";
  Result<Script> script = s.Load();
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_THAT(Errors(*script), ::testing::ElementsAre(HasSubstr(
                                   "profile: fact 'age': no choice records 'tranche' = 't-senior'")));
}

TEST(ProfileTest, LoaderRefusesUnknownFactsAndBadShapes) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {R"({"height": {"key": "tranche"}})", "profile: fact 'height': unknown fact"},
      {R"({"age": {"key": "tranche", "values": {"t-jeune": {"min": 30, "max": 20}}}})",
       "value 't-jeune': min and max"},
      {R"({"disability": {"key": "papiers", "values": {"p-oui": "maybe"}}})",
       "value 'p-oui' must map to \"yes\" or \"no\""},
      {R"({"commune": {"key": "c", "values": {"a": "b"}}})", "the recorded value is used as is"},
      {R"({"age": {"key": "tranche"}})", "missing 'values'"},
      {R"({"age": {"key": "bad key!", "values": {}}})", "is not a valid id"},
      {R"([])", "profile: must be an object"}};
  for (const auto& [profile, message] : cases) {
    ProfileScript s;
    s.flow["profile"] = nlohmann::json::parse(profile);
    Result<Script> script = s.Load();
    ASSERT_FALSE(script.ok()) << profile;
    EXPECT_THAT(script.status().message(), HasSubstr("flow.json: profile")) << profile;
    EXPECT_THAT(script.status().message(), HasSubstr(message)) << profile;
  }
}

}  // namespace
}  // namespace levier::dialogs
