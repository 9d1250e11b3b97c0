// The map of the offer: how many verified providers a resident of each
// priority neighbourhood can be sent to for each barrier (exactly what the
// matcher would propose, eligibility aside), with the gaps highlighted; and
// the watch report of entries to follow up.
//
// Thread-safety: pure functions of an immutable KnowledgeBase.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

struct CoverageCell {
  int total = 0;  // verified providers a resident of the neighbourhood can be sent to
  int local = 0;  // of which serve the neighbourhood or its commune explicitly
  // "gap" (total 0), "no-local" (only metropolis-wide ones) or "ok".
  std::string_view status() const { return total == 0 ? "gap" : local == 0 ? "no-local" : "ok"; }
};

struct CoverageMatrix {
  std::vector<std::string> barriers;             // BarrierCodes() order
  std::vector<Neighbourhood> neighbourhoods;     // file order
  std::vector<std::vector<CoverageCell>> cells;  // [neighbourhood][barrier]
};

CoverageMatrix ComputeCoverage(const KnowledgeBase& kb);

// {"barriers": [...], "neighbourhoods": [{"id", "name", "commune", "cells":
// {"<barrier>": {"total", "local", "status"}}}], "gaps": [{"neighbourhood",
// "barrier", "status"}]} (gaps lists every cell whose status is not "ok").
nlohmann::json CoverageJson(const CoverageMatrix& m);
// One row per neighbourhood: quartier;commune;<barrier>...; cells hold the
// total, followed by " (0 local)" when no provider is local ("2 (0 local)").
std::string CoverageCsv(const CoverageMatrix& m);

// Words around the chart. They live in a data file (knowledge-base/data/
// coverage-labels.fr.json) so they can be translated and edited; without
// them, the chart shows identifiers and numbers only.
struct CoverageLabels {
  std::string title;
  std::string legend_gap;                       // cell with no provider
  std::string legend_no_local;                  // only metropolis-wide providers
  std::string legend_ok;                        // at least one local provider
  std::map<std::string, std::string> barriers;  // code -> column label
};
// Reads a labels file {"title", "legend_gap", "legend_no_local", "legend_ok",
// "barriers": {code: label}}; errors name the file.
Result<CoverageLabels> LoadCoverageLabels(const std::filesystem::path& file);

// The matrix as a standalone SVG image (UTF-8, well-formed XML): one row per
// neighbourhood (every one, even without any provider), one column per
// barrier, each cell holding the number of providers and coloured red for a
// gap, orange without local provider, green otherwise.
std::string RenderCoverageSvg(const KnowledgeBase& kb);
std::string RenderCoverageSvg(const KnowledgeBase& kb, const CoverageLabels& labels);

// The watch of the contract's steering: entries shown but not confirmed for
// this long, and neighbourhood × barrier cells with fewer verified providers
// than this.
inline constexpr int kWatchStaleMonths = 12;
inline constexpr int kWatchMinVerifiedPerCell = 2;

// Watch report, `today` YYYY-MM-DD: {"today", "stale": [{"id", "name",
// "last_verified"}], "never_confirmed": [{"id", "name"}], "unverified":
// [{"id", "name"}], "gaps": [{"neighbourhood", "neighbourhood_name", "barrier",
// "verified"}]} —
// shown entries not confirmed for kWatchStaleMonths, shown entries never
// confirmed, entries kept but not shown (retired ones left out), and the
// cells where a resident can be sent to fewer than kWatchMinVerifiedPerCell
// verified providers.
nlohmann::json WatchReport(const KnowledgeBase& kb, std::string_view today);

}  // namespace levier::kb
