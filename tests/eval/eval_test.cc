// Runs every message of messages.jsonl as a NEW participant's first message
// through Step() and compares session.language and session.barriers (as a
// set) with the expected ones. Prints accuracy per language, on the tuning
// part and on the part kept aside while tuning (every line whose index
// modulo 10 is 0, 1 or 2), then fails below the thresholds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::dialogs {
namespace {

constexpr double kMinBarrierAccuracy = 0.95;
constexpr double kMinLanguageAccuracy = 0.97;

struct Case {
  std::string text;
  std::string lang;
  std::set<std::string> barriers;
  bool held_out = false;
};

struct Tally {
  int total = 0;
  int lang_ok = 0;
  int barriers_ok = 0;
};

std::vector<Case> LoadCases() {
  std::ifstream in(LEVIER_SOURCE_DIR "/tests/eval/messages.jsonl");
  std::vector<Case> cases;
  std::string line;
  for (int index = 0; std::getline(in, line); ++index) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    Case c;
    c.text = j.at("text").get<std::string>();
    c.lang = j.at("lang").get<std::string>();
    for (const auto& b : j.at("barriers")) c.barriers.insert(b.get<std::string>());
    c.held_out = index % 10 < 3;
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : ",") + x;
  return "[" + out + "]";
}

void Print(const char* title, const std::map<std::string, Tally>& by_lang) {
  Tally all;
  std::printf("%s\n  lang  n    language  barriers\n", title);
  for (const auto& [lang, t] : by_lang) {
    std::printf("  %-4s %3d   %6.1f%%   %6.1f%%\n", lang.c_str(), t.total,
                100.0 * t.lang_ok / t.total, 100.0 * t.barriers_ok / t.total);
    all.total += t.total;
    all.lang_ok += t.lang_ok;
    all.barriers_ok += t.barriers_ok;
  }
  std::printf("  all  %3d   %6.1f%%   %6.1f%%\n", all.total, 100.0 * all.lang_ok / all.total,
              100.0 * all.barriers_ok / all.total);
}

TEST(EvalTest, FirstMessageLanguageAndBarriers) {
  Result<Script> script = Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  const kb::KnowledgeBase kb;
  std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 200u);
  std::map<std::string, Tally> tuning, held_out, overall;
  for (const Case& c : cases) {
    StepResult r = Step(*script, kb, Session{}, StepInput{c.text, "sms", 1'700'000'000, {}});
    std::set<std::string> got(r.session.barriers.begin(), r.session.barriers.end());
    bool lang_ok = r.session.language == c.lang;
    bool barriers_ok = got == c.barriers;
    for (auto* m : {&overall, c.held_out ? &held_out : &tuning}) {
      Tally& t = (*m)[c.lang];
      ++t.total;
      t.lang_ok += lang_ok;
      t.barriers_ok += barriers_ok;
    }
    if (!lang_ok || !barriers_ok) {
      std::printf("MISS%s %s: got %s %s, want %s %s\n", c.held_out ? " (held out)" : "",
                  c.text.c_str(), r.session.language.c_str(), Join(got).c_str(), c.lang.c_str(),
                  Join(c.barriers).c_str());
    }
  }
  Print("Tuning part", tuning);
  Print("Held-out part", held_out);
  Print("Whole set", overall);
  Tally all;
  for (const auto& [lang, t] : overall) {
    all.total += t.total;
    all.lang_ok += t.lang_ok;
    all.barriers_ok += t.barriers_ok;
  }
  EXPECT_GE(static_cast<double>(all.barriers_ok) / all.total, kMinBarrierAccuracy);
  EXPECT_GE(static_cast<double>(all.lang_ok) / all.total, kMinLanguageAccuracy);
}

}  // namespace
}  // namespace levier::dialogs
