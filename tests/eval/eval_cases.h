// The evaluation sets of the understanding, and their scoring.
//
// tests/eval/messages.jsonl: messages written by the team; every line says
// "split": "tuning" (they were seen while writing the rules and examples).
// tests/eval/untouched.jsonl: messages written outside the team, with "kind"
// (everyday or hard), "persona" and "batch" (when it was written; a later
// batch measures what earlier ones may have been chosen against); their split
// is "untouched" unless a line says otherwise. Nobody tunes on them, and only
// aggregate figures of them are ever printed.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "levier/dialogs/script.h"

namespace levier::eval {

struct Case {
  std::string text;
  std::string lang;
  std::set<std::string> barriers;
  std::string split;  // "tuning" or "untouched"
  std::string kind;   // "everyday", "hard" or "" (tuning set)
  std::string batch;  // untouched part: the date it was written, or kFirstBatch
};

// The untouched part's lines written before batches were named.
inline constexpr const char* kFirstBatch = "2026-12-04";

inline constexpr const char* kTuningFile = LEVIER_SOURCE_DIR "/tests/eval/messages.jsonl";
inline constexpr const char* kUntouchedFile = LEVIER_SOURCE_DIR "/tests/eval/untouched.jsonl";

// Every line of `path`; `default_split` for lines without "split". Fails the
// calling test (ADD_FAILURE) on a malformed line, without printing it.
std::vector<Case> LoadCases(const std::string& path, const std::string& default_split);

// Counts for one group of messages.
struct Tally {
  int total = 0;
  int lang_ok = 0;
  int barriers_ok = 0;
  // Per barrier code: true positives, false positives, false negatives.
  std::map<std::string, int> tp, fp, fn;

  void Add(bool lang_ok, const std::set<std::string>& want, const std::set<std::string>& got);
  double BarrierRate() const { return total ? static_cast<double>(barriers_ok) / total : 0; }
  double LanguageRate() const { return total ? static_cast<double>(lang_ok) / total : 0; }
};

// Aligned tables: one row per key with n, language and exact-set rates; then
// (PrintBarriers) precision and recall per barrier and micro over all.
void PrintRates(const char* title, const std::map<std::string, Tally>& rows);
void PrintBarriers(const char* title, const Tally& all);

// The dialogs the evaluation runs: $LEVIER_EVAL_DIALOGS when set (to measure
// another version of the script, e.g. without models), else dialogs/default.
std::string DialogsDir();

}  // namespace levier::eval
