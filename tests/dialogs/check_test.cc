#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dialogs_test_util.h"
#include "levier/dialogs/script.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace {

using Severity = CheckFinding::Severity;
using test_util::TempScript;
using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string Describe(const std::vector<CheckFinding>& findings) {
  std::string out;
  for (const CheckFinding& f : findings) {
    out += (f.severity == Severity::kError ? "ERROR " : "warning ") + f.file + " [" + f.node +
           "] [" + f.language + "] " + f.message + "\n";
  }
  return out;
}

std::vector<CheckFinding> CheckTemp(const TempScript& t) {
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  if (!s.ok()) {
    ADD_FAILURE() << s.status().ToString();
    return {};
  }
  return CheckScript(*s, test_util::TestKb());
}

TEST(CheckScriptTest, ShippedScriptHasNoErrors) {
  std::vector<CheckFinding> findings = CheckScript(test_util::ShippedScript(), test_util::TestKb());
  for (const CheckFinding& f : findings) {
    // The test KB has no health, disability... providers: those warnings are
    // expected; nothing else is.
    EXPECT_EQ(f.severity, Severity::kWarning) << Describe({f});
    EXPECT_THAT(f.message, HasSubstr("no verified provider")) << Describe({f});
  }
}

TEST(CheckScriptTest, TinyValidScriptIsClean) {
  TempScript t;
  std::vector<CheckFinding> findings = CheckTemp(t);
  EXPECT_TRUE(findings.empty()) << Describe(findings);
}

TEST(CheckScriptTest, DanglingTransitionIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "byee";
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("flow.json"));
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].message, "choice 2: next 'byee' does not exist");
}

TEST(CheckScriptTest, UnreachableNodeIsAWarning) {
  TempScript t;
  t.flow["nodes"].push_back({{"id", "orphan"}, {"kind", "end"}, {"text", "bye"}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "orphan");
  EXPECT_THAT(findings[0].message, HasSubstr("unreachable"));
}

TEST(CheckScriptTest, NodeWithNoWayOutIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "note";
  t.flow["nodes"].push_back({{"id", "note"}, {"kind", "message"}, {"text", "bye"}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "note");
  EXPECT_THAT(findings[0].message, HasSubstr("no way out"));
}

TEST(CheckScriptTest, ChoiceWithNoWayOutIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1].erase("next");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_THAT(findings[0].message, HasSubstr("choice 2: no way out"));
}

TEST(CheckScriptTest, UnknownBarrierCodeIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][0] = {{"barrier", "logment"}, {"label", "barrier.mobilite"},
                                      {"keywords", "barrier.mobilite"}, {"next", "bye"}};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].message,
            "choice 1: unknown barrier code 'logment' (see levier/util/barriers.h)");
}

TEST(CheckScriptTest, UnknownBarrierVocabularyIsAnError) {
  TempScript t;
  t.en["keywords"]["barrier.housing"] = {"flat"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].language, "en");
}

TEST(CheckScriptTest, MissingTranslationIsAWarningNamingFileNodeLanguage) {
  TempScript t;
  t.en["texts"].erase("bye");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].language, "en");
  EXPECT_THAT(findings[0].message, HasSubstr("text 'bye' is missing"));
}

TEST(CheckScriptTest, TextMissingInDefaultLanguageIsAnError) {
  TempScript t;
  t.fr["texts"].erase("ask");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError) << Describe(findings);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
}

TEST(CheckScriptTest, KeywordClaimedByTwoChoicesIsAWarning) {
  TempScript t;
  t.fr["keywords"]["kw_yes"] = {"oui", "voiture"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message, "keyword 'voiture' is claimed by choice 1 and choice 2");
}

TEST(CheckScriptTest, OverLongTextIsAWarning) {
  TempScript t;
  t.fr["texts"]["bye"] = std::string(321, 'e');
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_THAT(findings[0].message, HasSubstr("321 characters"));
}

}  // namespace
}  // namespace levier::dialogs
