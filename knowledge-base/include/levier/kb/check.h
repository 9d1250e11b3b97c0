// `levier kb check`: everything a coordinator should fix or follow up in the
// directory, in one pass (the loader stops at the first error; this does not).
//
// Errors (the service refuses to start until they are fixed): malformed
// files, unknown barrier/thématique/public/language codes, verified entries
// without contact, bad opening hours, unknown neighbourhoods... Warnings (the
// service runs): entries not shown because unverified, unverified entries
// without any contact, shown entries never confirmed by a coordinator or not
// confirmed for 6 months.
//
// Thread-safety: pure functions (CheckDirectory reads files).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

struct KbFinding {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  // "invalid" (an entry or file the loader refuses), "unverified",
  // "missing-contact", "never-confirmed", "stale".
  std::string code;
  std::string message;  // names the file and the entry: "<file>: entry 3 (id "x"): ..."
};

// `today` is YYYY-MM-DD (a parameter, so results are reproducible).
std::vector<KbFinding> CheckDirectory(const std::filesystem::path& dir, std::string_view today);
// Warnings only (a loaded knowledge base has no errors); `origin` names it.
std::vector<KbFinding> CheckKnowledgeBase(const KnowledgeBase& kb, std::string_view origin,
                                          std::string_view today);

// The date `months` calendar months before `today` (YYYY-MM-DD), the day
// clamped to the month's length. `levier kb check` warns about entries last
// confirmed before SixMonthsBefore(today), an early reminder; the watch
// lists them from 12 months (kWatchStaleMonths, coverage.h).
std::string MonthsBefore(std::string_view today, int months);
std::string SixMonthsBefore(std::string_view today);

}  // namespace levier::kb
