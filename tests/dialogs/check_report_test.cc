// The reports `levier check` prints besides its findings: the settings
// file, the translation table and the SMS cost of every message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "dialogs_test_util.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/script.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::TempScript;
using ::testing::EndsWith;
using ::testing::HasSubstr;

Script LoadTemp(const TempScript& t) {
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  if (!s.ok()) {
    ADD_FAILURE() << s.status().ToString();
    return Script();
  }
  return std::move(s).value();
}

TEST(CheckOptionsTest, ParseErrorsNameFileAndEntry) {
  auto error = [](std::string_view json) {
    Result<CheckOptions> r = ParseCheckOptions(json, "check.json");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(error(R"({"format": "levier-check/1"})"), "ok");
  EXPECT_EQ(error(R"({"format": "levier-check/2"})"),
            "check.json: format: must be \"levier-check/1\"");
  EXPECT_EQ(error(R"({"format": "levier-check/1", "smss": {}})"),
            "check.json: top level: unknown key 'smss'");
  EXPECT_EQ(error(R"({"format": "levier-check/1", "plain_language": {"jargon": ["QPV", ""]}})"),
            "check.json: plain_language.jargon[1]: must be a non-empty string");
  EXPECT_EQ(error(R"({"format": "levier-check/1", "plain_language": {"jargon": ["QPV", "QPV"]}})"),
            "check.json: plain_language.jargon[1]: 'QPV' is listed twice");
  EXPECT_EQ(error(R"({"format": "levier-check/1", "sms": {"transliterate": "yes"}})"),
            "check.json: sms.transliterate: must be true or false");
  EXPECT_EQ(error("{\"format\": "), "check.json: not valid JSON");
  EXPECT_EQ(error(std::string(20, '[') + std::string(20, ']')),
            "check.json: nested deeper than 8 levels");
}

TEST(TranslationTableTest, ShowsWhatEachLanguageLacks) {
  // "kw_yes" counts twice: at "ask" and among the shared words the engine's
  // own yes/no questions use; "help" is a command reply (shared).
  TempScript t;
  t.en["texts"].erase("bye");
  t.en["keywords"].erase("kw_yes");
  t.en["texts"].erase("help");
  EXPECT_EQ(TranslationTable(LoadTemp(t)),
            "node            fr   en\n"
            "(shared texts)  ok   missing 2\n"
            "ask             ok   missing 1\n"
            "bye             ok   missing 1\n"
            "covered         3/3  0/3\n");
}

TEST(TranslationTableTest, ShippedScriptIsFullyTranslated) {
  const Script& script = test_util::ShippedScript();
  std::string table = TranslationTable(script);
  // One row per node and one for the shared texts; "followups" nodes show
  // no text of their own.
  std::size_t translatable = 1;
  for (const Node& node : script.nodes()) translatable += node.kind != NodeKind::kFollowups;
  std::string covered = std::to_string(translatable);
  EXPECT_THAT(table, ::testing::ContainsRegex("\nfollowups +- "));
  for (const std::string& code : script.languages()) {
    SCOPED_TRACE(code);
    EXPECT_THAT(table, ::testing::Not(HasSubstr("missing"))) << table;
  }
  std::string last = "\ncovered";
  for (std::size_t i = 0; i < script.languages().size(); ++i) last += " +" + covered + "/" + covered;
  EXPECT_THAT(table, ::testing::ContainsRegex(last + "\n$")) << table;
}

TEST(SegmentsPerNodeTest, MeasuresEveryMessageOfTinyScript) {
  TempScript t;
  std::vector<SegmentReport> reports = SegmentsPerNode(LoadTemp(t));
  std::vector<std::string> rows;
  for (const SegmentReport& r : reports) {
    rows.push_back(r.node + "|" + r.language + "|" + r.message + "|" +
                   std::to_string(r.as_sent.segments));
  }
  EXPECT_THAT(rows, ::testing::ElementsAre(
                        "ask|fr|question|1", "ask|fr|not understood|1", "ask|en|question|1",
                        "ask|en|not understood|1", "bye|fr|text|1", "bye|en|text|1",
                        "|fr|command stop|1", "|fr|command help|1", "|en|command stop|1",
                        "|en|command help|1"));
  EXPECT_EQ(reports[0].text, "Question ?\n1 Transport\n2 Oui");
  EXPECT_THAT(reports[0].file, EndsWith("lang/fr.json"));
  EXPECT_EQ(reports[0].as_sent.code_units, 28u);
}

TEST(SegmentsPerNodeTest, ShippedScriptCostsNoMoreOnceFitted) {
  const Script& script = test_util::ShippedScript();
  SegmentOptions options;
  options.kb = &test_util::TestKb();
  std::vector<SegmentReport> reports = SegmentsPerNode(script, options);
  std::set<std::string> measured;
  for (const SegmentReport& r : reports) {
    EXPECT_LE(r.as_sent.segments, r.as_written.segments) << r.node << " " << r.message;
    measured.insert(r.node + "|" + r.language);
  }
  for (const Node& node : script.nodes()) {
    if (node.kind == NodeKind::kFollowups) continue;
    for (const std::string& code : script.languages()) {
      EXPECT_EQ(measured.count(node.id + "|" + code), 1u) << node.id << " " << code;
    }
  }
}

TEST(SegmentsPerNodeTest, TableMarksUcs2AndOverAllowance) {
  TempScript t;
  t.fr["texts"]["bye"] = std::string(200, 'e') + "😀";
  CheckOptions options;
  std::string table = SegmentTable(SegmentsPerNode(LoadTemp(t)), options);
  EXPECT_THAT(table, ::testing::StartsWith("node  message             fr    en\n"
                                            "ask  question             1     1\n"
                                            "ask  not understood       1     1\n"
                                            "bye  text                 4*!   1\n"
                                            "(commands)  command stop  1     1\n"))
      << table;
}

}  // namespace
}  // namespace levier::dialogs
