// The transcript format (parse, write, limits) and the replay's reports.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "levier/dialogs/script.h"
#include "levier/dialogs/transcript.h"
#include "levier/kb/knowledge_base.h"
#include "../dialogs/dialogs_test_util.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using test_util::ShippedKb;
using test_util::ShippedScript;

constexpr std::string_view kFull = R"({
  "format": "levier-transcript/1",
  "title": "Tous les champs",
  "channel": "sms",
  "language": "en",
  "start_time": 1800000000,
  "lines": [
    {
      "resident": "Hello",
      "expect": {
        "node": "ask_barrier",
        "language": "en",
        "barriers": [],
        "replies": ["Hello", "1 Housing"],
        "not_replies": ["Bonjour"],
        "ended": false,
        "opted_out": false
      }
    },
    {
      "resident": "STOP",
      "wait_seconds": 5,
      "expect": { "silent": false, "opted_out": true, "profile": {"commune": "Tours"},
                  "referrals": [] }
    }
  ]
})";

std::string ErrorOf(std::string_view json) {
  Result<Transcript> t = ParseTranscript(json, "t.json");
  return t.ok() ? "ok" : t.status().message();
}

TEST(ParseTranscriptTest, ReadsEveryField) {
  Result<Transcript> t = ParseTranscript(kFull, "full.json");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->file, "full.json");
  EXPECT_EQ(t->title, "Tous les champs");
  EXPECT_EQ(t->channel, "sms");
  EXPECT_EQ(t->language, "en");
  EXPECT_EQ(t->start_time, 1'800'000'000);
  ASSERT_EQ(t->lines.size(), 2u);
  const TranscriptLine& first = t->lines[0];
  EXPECT_EQ(first.resident, "Hello");
  EXPECT_EQ(first.wait_seconds, 60);
  EXPECT_EQ(first.file_line, 9);
  EXPECT_EQ(first.expect.node, "ask_barrier");
  EXPECT_EQ(first.expect.language, "en");
  ASSERT_TRUE(first.expect.barriers.has_value());
  EXPECT_TRUE(first.expect.barriers->empty());
  EXPECT_THAT(first.expect.replies, ElementsAre("Hello", "1 Housing"));
  EXPECT_THAT(first.expect.not_replies, ElementsAre("Bonjour"));
  EXPECT_EQ(first.expect.ended, false);
  EXPECT_EQ(first.expect.opted_out, false);
  EXPECT_FALSE(first.expect.silent.has_value());
  EXPECT_FALSE(first.expect.referrals.has_value());
  const TranscriptLine& second = t->lines[1];
  EXPECT_EQ(second.file_line, 21);
  EXPECT_EQ(second.wait_seconds, 5);
  EXPECT_EQ(second.expect.silent, false);
  EXPECT_EQ(second.expect.opted_out, true);
  EXPECT_EQ(second.expect.profile.at("commune"), "Tours");
  ASSERT_TRUE(second.expect.referrals.has_value());
  EXPECT_TRUE(second.expect.referrals->empty());
  EXPECT_FALSE(second.expect.node.has_value());
}

TEST(ParseTranscriptTest, ErrorsNameFileLineAndField) {
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [
      {"resident": "1"},
      {"resident": "2", "expect": {"replys": ["x"]}}]})"),
            "t.json: line 2 (file line 3): expect: unknown key 'replys' (known: barriers, ended, "
            "language, node, not_replies, opted_out, profile, referrals, replies, silent)");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [{"expect": {}}]})"),
            "t.json: line 1: resident: missing: what the resident writes");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [
      {"resident": "1", "expect": {"barriers": "mobilite"}}]})"),
            "t.json: line 1 (file line 2): expect.barriers: must be a list [...]");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [
      {"resident": "1", "expect": {"silent": true, "replies": ["x"]}}]})"),
            "t.json: line 1 (file line 2): expect: 'silent': true and 'replies' contradict "
            "each other");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [
      {"resident": "1", "wait_seconds": -5}]})"),
            "t.json: line 1 (file line 2): wait_seconds: must be a whole number of seconds from "
            "0 to 34560000");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": []})"),
            "t.json: lines: must be a non-empty list of the resident's messages");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-dialog/1", "lines": [{"resident": "1"}]})"),
            "t.json: format: must be \"levier-transcript/1\"");
  EXPECT_EQ(ErrorOf(R"({"format": "levier-transcript/1", "lines": [{"resident": "1"},]})"),
            "t.json: file: not valid JSON (a comma or a quote missing?)");
  EXPECT_EQ(ErrorOf("{\"lines\": \"\xFF\"}"), "t.json: file: not valid UTF-8");
}

TEST(ParseTranscriptTest, EnforcesLimits) {
  TranscriptLimits limits;
  limits.max_lines = 2;
  limits.max_string_bytes = 10;
  auto error = [&](std::string_view json) {
    Result<Transcript> t = ParseTranscript(json, "t.json", limits);
    return t.ok() ? std::string("ok") : t.status().message();
  };
  EXPECT_EQ(error(R"({"format": "levier-transcript/1", "lines": [
      {"resident": "1"}, {"resident": "2"}, {"resident": "3"}]})"),
            "t.json: lines: more than 2 messages");
  EXPECT_EQ(error(R"({"format": "levier-transcript/1", "lines": [{"resident": "12345678901"}]})"),
            "t.json: line 1 (file line 1): resident: longer than 10 bytes");
  EXPECT_EQ(error(std::string(R"({"format": "levier-transcript/1", "lines": )") +
                  std::string(10, '[') + std::string(10, ']') + "}"),
            "t.json: file: nested deeper than 8 levels");
  limits.max_file_bytes = 20;
  EXPECT_EQ(error(kFull), "t.json: larger than 20 bytes");
}

TEST(WriteTranscriptTest, ParsingWhatWasWrittenGivesItBack) {
  Result<Transcript> t = ParseTranscript(kFull, "full.json");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const std::string written = WriteTranscript(*t);
  Result<Transcript> again = ParseTranscript(written, "again.json");
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << written;
  ASSERT_EQ(again->lines.size(), t->lines.size());
  for (std::size_t i = 0; i < t->lines.size(); ++i) {
    EXPECT_EQ(again->lines[i].resident, t->lines[i].resident);
    EXPECT_EQ(again->lines[i].wait_seconds, t->lines[i].wait_seconds);
    EXPECT_TRUE(again->lines[i].expect == t->lines[i].expect) << i;
  }
  EXPECT_EQ(again->title, t->title);
  EXPECT_EQ(again->language, t->language);
  EXPECT_EQ(again->start_time, t->start_time);
  EXPECT_EQ(WriteTranscript(*again), written);
  EXPECT_THAT(written, HasSubstr("\"format\": \"levier-transcript/1\",\n  \"title\""));
}

TEST(ReplayTranscriptTest, RecordedConversationReplaysCleanly) {
  // What `levier simulate --record` does: step, record everything, write.
  Transcript recorded;
  recorded.title = "enregistré";
  Session session;
  UnixSeconds now = recorded.start_time;
  for (const char* text : {"Bonjour", "4", "2", "1", "non"}) {
    StepInput input;
    input.text = text;
    input.channel = "sms";
    input.now = now;
    StepResult step = Step(ShippedScript(), ShippedKb(), session, input);
    recorded.lines.push_back(TranscriptLine{text, 60, ExpectFromStep(step), 0});
    session = step.session;
    now += 60;
  }
  Result<Transcript> parsed = ParseTranscript(WriteTranscript(recorded), "recorded.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ReplayResult result = ReplayTranscript(*parsed, ShippedScript(), ShippedKb());
  EXPECT_TRUE(result.ok()) << result.ToString("recorded.json");
  ASSERT_EQ(result.steps.size(), 5u);
  // The clock advances 60 s per line.
  EXPECT_EQ(result.steps[0].session.last_active_at, recorded.start_time);
  EXPECT_EQ(result.steps[4].session.last_active_at, recorded.start_time + 4 * 60);
}

TEST(ReplayTranscriptTest, ReportsEveryMismatchWithItsLine) {
  Result<Transcript> t = ParseTranscript(R"({
  "format": "levier-transcript/1",
  "lines": [
    { "resident": "Bonjour",
      "expect": { "node": "ask_commune", "language": "fr", "replies": ["Bonjour", "Au revoir"] } },
    { "resident": "STOP",
      "expect": { "opted_out": false, "not_replies": ["START"] } },
    { "resident": "4",
      "expect": { "replies": ["Avez-vous le permis"], "barriers": ["mobilite"] } }
  ]
})",
                                         "wrong.json");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ReplayResult result = ReplayTranscript(*t, ShippedScript(), ShippedKb());
  std::vector<std::string> found;
  for (const ReplayMismatch& m : result.mismatches) {
    found.push_back(std::to_string(m.line) + ":" + std::to_string(m.file_line) + ":" + m.field);
  }
  // Line 1: wrong node, missing fragment. Line 2: STOP does opt out, and its
  // reply names START. Line 3: after STOP, silence: no fragment, no barrier.
  EXPECT_THAT(found, ElementsAre("1:4:node", "1:4:replies", "2:6:not_replies", "2:6:opted_out",
                                 "3:8:barriers", "3:8:replies"));
  EXPECT_EQ(result.mismatches[0].expected, "'ask_commune'");
  EXPECT_EQ(result.mismatches[0].actual, "'ask_barrier'");
  EXPECT_EQ(result.mismatches[1].expected, "'Au revoir'");
  EXPECT_THAT(result.ToString("wrong.json"),
              HasSubstr("wrong.json:4: line 1 \"Bonjour\": node: expected 'ask_commune', got "
                        "'ask_barrier'\n"));
  EXPECT_EQ(result.mismatches[4].actual, "[]");
  EXPECT_EQ(result.mismatches[5].actual, "(no reply)");
}

}  // namespace
}  // namespace levier::dialogs
