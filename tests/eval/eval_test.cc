// Runs every evaluation message as a NEW participant's first message through
// Step() and compares session.language and session.barriers (as a set) with
// the expected ones.
//
// The tuning part (messages.jsonl) prints its misses, to work on. The
// untouched part (untouched.jsonl, written outside the team) prints only
// aggregate figures, never a message: per language and per kind, exact
// barrier sets and language; precision and recall per barrier. Each part,
// each kind and each language is asserted on its own.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "eval_cases.h"
#include "levier/dialogs/classifier.h"
#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/dialogs/text.h"
#include "levier/kb/knowledge_base.h"

namespace levier::eval {
namespace LEVIER_UNITY_ID {

using dialogs::Script;

// Tuning part: the team's own messages. 0.95 until the classifier learned
// from every language's examples (2026-12): 0.937 since, the misses being
// mostly the team's "help with my CV" read as rapport-emploi, which the
// residents' examples treat as the job hunt itself; held-out examples rose
// from 61 % to 66 % and the untouched part from 64 % to 72 % with it.
// 0.90 (90.98 %, rounded down) since 23 plain "I have a problem with X" messages in the seven
// languages joined (2026-12-06): 8 of them are missed, the classifier
// having learnt "transport" and "problem" from dismissals ("pas de
// problème de transport"); docs/testing.md says what was tried. 0.94
// (94.7 %) since a barrier named as the resident's trouble is kept whatever
// the classifier reads (understanding.trouble, 2026-12-07); 0.93 (93.9 %)
// since the classifier was trained again with Arabic and Ukrainian childcare
// phrases: two French messages its retraining moved, none about childcare.
// 0.95 (95.1 %) since the job hunt's words left rapport-emploi's lists and
// six of the team's labels were made to follow the examples' convention
// (fear of interviews is confidence; "is there any work" and "no work" are
// the goal, not a barrier). 0.87 (87.8 %) since 140 messages written from
// residents' personas by someone who saw neither the script nor the other
// sets joined ("batch": "2026-12-07c"; they read 72.1 % with the script of
// 0c1512d and 75.0 % with the change they were measured on before joining).
// 0.84 (84.7 %) since 140 more such messages joined ("2026-12-07d"): 66.4 %
// with the script of 20b07b8, the same after understanding.job, measured
// before they were read; 72.9 % when they joined. 0.83 (83.3 %) since a
// sixth outsider's 140 joined ("2026-12-07f"): 68.6 % with the script of
// a260e1f, measured before they were read; 72.1 % when they joined. Still
// 0.83 (83.1 %) since a seventh outsider's 140 joined ("2026-12-07g"):
// 77.1 % with the script of bf06f5b, measured before they were read.
constexpr double kMinTuningBarriers = 0.83;
constexpr double kMinTuningLanguage = 0.97;

// Untouched part. The targets are 0.95 (everyday), 0.85 (hard) and 0.98
// (language). The barrier floors below are the figures reached, rounded
// down to the percent, short of the targets (docs/testing.md), so that any
// regression fails. Raise them with the figures; never lower them for a
// change of the script. A retrained classifier moves a language by one
// message either way (docs/testing.md): a language's floor may go down by one
// message only in a change that raises both kinds, and the comment below says
// so. A new batch of messages is another matter: the floors are then the
// figures on the whole part, and docs/testing.md gives them before and after.
// 2026-12-07: a second batch of 140 (20 per language), written by someone who
// had seen neither the script nor the first batch, read 88.6 % everyday (the
// first batch 89.7 %) and 45.7 % hard (the first 70.3 %): changes had been
// kept or dropped by their effect on the first batch, whose hard figure was
// likely fitted to it in part. Floors were
// everyday 0.89, hard 0.70; per language fr 0.82, en 0.82, ar 0.78, tr 0.86,
// pt 0.72, es 0.78, uk 0.82 on the first batch alone.
// 2026-12-07, later: a third batch of 140 ("2026-12-07b"), written by a third
// outsider, read 81.4 % everyday and 47.1 % hard with the script as it stood;
// floors were everyday 0.89, hard 0.66; fr 0.78, en 0.75, ar 0.78, tr 0.84,
// pt 0.72, es 0.77, uk 0.78 on the first two batches.
// 2026-12-07, fourth session: a fourth batch of 140 ("2026-12-07e"), written
// by a fifth outsider at the session's end, read 88.6 % everyday and 52.9 %
// hard; floors were everyday 0.92, hard 0.71; fr 0.90, en 0.78, ar 0.80, tr
// 0.88, pt 0.78, es 0.77, uk 0.77 on the first three batches.
// 2026-12-07, sixth session: a fifth batch of 140 ("2026-12-07h"), written by
// an eighth outsider at the session's end, two of its messages dropped as
// already in the tuning part and the examples (EvalSplitTest), read 88.2 %
// everyday and 50.0 % hard (48.6 % with the script of the session's start);
// floors were everyday 0.92, hard 0.69; fr 0.88, en 0.81, ar 0.78, tr 0.85,
// pt 0.78, es 0.75, uk 0.79 on the first four batches.
constexpr double kMinEverydayBarriers = 0.91;  // target 0.95
constexpr double kMinHardBarriers = 0.66;      // target 0.85
constexpr double kMinUntouchedLanguage = 0.98;
// Per language, exact barrier sets over both kinds and every batch (129 or
// 130 messages each: one message is 0.8 points).
const std::map<std::string, double> kMinBarriersByLanguage = {
    {"fr", 0.87}, {"en", 0.78}, {"ar", 0.73}, {"tr", 0.86},
    {"pt", 0.76}, {"es", 0.74}, {"uk", 0.77}};
constexpr double kMinLanguageByLanguage = 0.95;

struct Outcome {
  std::string lang;
  std::set<std::string> barriers;
};

Outcome FirstMessage(const Script& script, const std::string& text) {
  static const kb::KnowledgeBase kb;
  dialogs::StepResult r =
      dialogs::Step(script, kb, dialogs::Session{}, dialogs::StepInput{text, "sms", 1'700'000'000, {}, {}});
  return {r.session.language, {r.session.barriers.begin(), r.session.barriers.end()}};
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : ",") + x;
  return "[" + out + "]";
}

class EvalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Script> loaded = Script::LoadFromDirectory(DialogsDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    script_ = new Script(std::move(*loaded));
  }
  static void TearDownTestSuite() {
    delete script_;
    script_ = nullptr;
  }
  static Script* script_;
};

Script* EvalTest::script_ = nullptr;

TEST_F(EvalTest, TuningPartLanguageAndBarriers) {
  ASSERT_NE(script_, nullptr);
  std::vector<Case> cases = LoadCases(kTuningFile, "");
  ASSERT_GE(cases.size(), 200u);
  std::map<std::string, Tally> by_lang;
  Tally all;
  for (const Case& c : cases) {
    ASSERT_EQ(c.split, "tuning") << kTuningFile << " holds only the tuning part";
    Outcome got = FirstMessage(*script_, c.text);
    const bool lang_ok = got.lang == c.lang;
    by_lang[c.lang].Add(lang_ok, c.barriers, got.barriers);
    all.Add(lang_ok, c.barriers, got.barriers);
    if (!lang_ok || got.barriers != c.barriers) {
      std::printf("MISS %s: got %s %s, want %s %s\n", c.text.c_str(), got.lang.c_str(),
                  Join(got.barriers).c_str(), c.lang.c_str(), Join(c.barriers).c_str());
    }
  }
  by_lang["all"] = all;
  PrintRates("Tuning part (messages.jsonl)", by_lang);
  EXPECT_GE(all.BarrierRate(), kMinTuningBarriers);
  EXPECT_GE(all.LanguageRate(), kMinTuningLanguage);
}

// Never prints a message of the untouched part: only counts.
TEST_F(EvalTest, UntouchedPartPerKindAndLanguage) {
  ASSERT_NE(script_, nullptr);
  ASSERT_TRUE(std::filesystem::exists(kUntouchedFile)) << kUntouchedFile;
  std::vector<Case> cases = LoadCases(kUntouchedFile, "untouched");
  ASSERT_GE(cases.size(), 100u);
  std::map<std::string, Tally> by_lang, by_kind, by_batch;
  Tally all;
  for (const Case& c : cases) {
    ASSERT_EQ(c.split, "untouched") << kUntouchedFile << " holds only the untouched part";
    Outcome got = FirstMessage(*script_, c.text);
    const bool lang_ok = got.lang == c.lang;
    by_lang[c.lang].Add(lang_ok, c.barriers, got.barriers);
    by_kind[c.kind].Add(lang_ok, c.barriers, got.barriers);
    by_lang[c.lang + " " + c.kind].Add(lang_ok, c.barriers, got.barriers);
    by_batch[c.batch + " " + c.kind].Add(lang_ok, c.barriers, got.barriers);
    all.Add(lang_ok, c.barriers, got.barriers);
  }
  PrintRates("Untouched part, per language and kind", by_lang);
  PrintRates("Untouched part, per kind", by_kind);
  PrintRates("Untouched part, per batch (when written) and kind", by_batch);
  PrintBarriers("Untouched part, per barrier", all);
  std::printf("Untouched part: %d messages, language %.1f%%, exact barrier sets %.1f%%\n",
              all.total, 100.0 * all.LanguageRate(), 100.0 * all.BarrierRate());
  EXPECT_GE(by_kind["everyday"].BarrierRate(), kMinEverydayBarriers);
  EXPECT_GE(by_kind["hard"].BarrierRate(), kMinHardBarriers);
  EXPECT_GE(all.LanguageRate(), kMinUntouchedLanguage);
  for (const auto& [lang, floor] : kMinBarriersByLanguage) {
    auto it = by_lang.find(lang);
    if (it == by_lang.end()) continue;
    EXPECT_GE(it->second.BarrierRate(), floor) << "language " << lang;
    EXPECT_GE(it->second.LanguageRate(), kMinLanguageByLanguage) << "language " << lang;
  }
}

// The untouched part stays untouched: none of its messages may appear in the
// classifier's examples or in the tuning part. Names only line numbers.
TEST(EvalSplitTest, UntouchedMessagesAppearNowhereElse) {
  ASSERT_TRUE(std::filesystem::exists(kUntouchedFile)) << kUntouchedFile;
  std::map<std::string, std::string> seen;  // MatchKey -> where
  for (const Case& c : LoadCases(kTuningFile, "")) {
    seen.emplace(dialogs::MatchKey(c.text), "the tuning part");
  }
  const std::filesystem::path examples = LEVIER_SOURCE_DIR "/dialogs/default/examples";
  for (const auto& entry : std::filesystem::directory_iterator(examples)) {
    std::ifstream in(entry.path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      Result<std::vector<dialogs::Example>> parsed =
          dialogs::ParseExamples(line, entry.path().string());
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      for (const dialogs::Example& e : *parsed) {
        seen.emplace(dialogs::MatchKey(e.text),
                     entry.path().filename().string() + " line " + std::to_string(number));
      }
    }
  }
  std::vector<Case> untouched = LoadCases(kUntouchedFile, "untouched");
  for (std::size_t i = 0; i < untouched.size(); ++i) {
    auto it = seen.find(dialogs::MatchKey(untouched[i].text));
    EXPECT_TRUE(it == seen.end()) << "untouched message " << i + 1 << " also appears in "
                                  << it->second;
  }
}

}  // namespace
}  // namespace levier::eval
