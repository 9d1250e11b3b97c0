#include "levier/kb/coverage.h"

#include <fstream>
#include <limits>

#include "levier/kb/check.h"
#include "levier/kb/match.h"
#include "levier/util/barriers.h"

namespace levier::kb {

CoverageMatrix ComputeCoverage(const KnowledgeBase& kb) {
  CoverageMatrix m;
  for (const std::string_view code : BarrierCodes()) m.barriers.emplace_back(code);
  m.neighbourhoods = kb.neighbourhoods();
  for (const Neighbourhood& n : m.neighbourhoods) {
    MatchRequest request;
    request.barriers = m.barriers;
    request.profile.neighbourhood = n.id;
    request.per_barrier = std::numeric_limits<std::size_t>::max();
    std::vector<CoverageCell> row;
    for (const BarrierMatches& bm : MatchProfile(kb, request)) {
      CoverageCell cell;
      for (const ProviderMatch& match : bm.matches) {
        ++cell.total;
        const std::string& place = match.reasons.front().code;
        cell.local += place == kReasonInNeighbourhood || place == kReasonInCommune;
      }
      row.push_back(cell);
    }
    m.cells.push_back(std::move(row));
  }
  return m;
}

nlohmann::json CoverageJson(const CoverageMatrix& m) {
  using nlohmann::json;
  json rows = json::array();
  json gaps = json::array();
  for (std::size_t n = 0; n < m.neighbourhoods.size(); ++n) {
    json cells = json::object();
    for (std::size_t b = 0; b < m.barriers.size(); ++b) {
      const CoverageCell& c = m.cells[n][b];
      cells[m.barriers[b]] = {{"total", c.total}, {"local", c.local}, {"status", c.status()}};
      if (c.status() != "ok") {
        gaps.push_back({{"neighbourhood", m.neighbourhoods[n].id},
                        {"barrier", m.barriers[b]},
                        {"status", c.status()}});
      }
    }
    rows.push_back({{"id", m.neighbourhoods[n].id},
                    {"name", m.neighbourhoods[n].name},
                    {"commune", m.neighbourhoods[n].commune},
                    {"cells", cells}});
  }
  return {{"barriers", m.barriers}, {"neighbourhoods", rows}, {"gaps", gaps}};
}

std::string CoverageCsv(const CoverageMatrix& m) {
  auto quote = [](const std::string& s) {
    if (s.find_first_of(";\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::string out = "quartier;commune";
  for (const std::string& b : m.barriers) out += ";" + b;
  out += "\r\n";
  for (std::size_t n = 0; n < m.neighbourhoods.size(); ++n) {
    out += quote(m.neighbourhoods[n].name) + ";" + quote(m.neighbourhoods[n].commune);
    for (const CoverageCell& c : m.cells[n]) {
      out += ";" + std::to_string(c.total) + (c.total > 0 && c.local == 0 ? " (0 local)" : "");
    }
    out += "\r\n";
  }
  return out;
}

Result<CoverageLabels> LoadCoverageLabels(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound(file.string() + ": cannot open");
  CoverageLabels labels;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    labels.title = j.value("title", "");
    labels.legend_gap = j.value("legend_gap", "");
    labels.legend_no_local = j.value("legend_no_local", "");
    labels.legend_ok = j.value("legend_ok", "");
    if (j.contains("barriers"))
      labels.barriers = j.at("barriers").get<std::map<std::string, std::string>>();
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(file.string() + ": " + e.what());
  }
  return labels;
}

nlohmann::json WatchReport(const KnowledgeBase& kb, std::string_view today) {
  using nlohmann::json;
  const std::string cutoff = MonthsBefore(today, kWatchStaleMonths);
  json stale = json::array();
  json never = json::array();
  json unverified = json::array();
  for (const Provider& p : kb.providers()) {
    if (!p.retired.empty()) continue;  // kept for the referrals, not to verify
    if (!p.verified) {
      unverified.push_back({{"id", p.id}, {"name", p.name}});
    } else if (p.last_verified.empty()) {
      never.push_back({{"id", p.id}, {"name", p.name}});
    } else if (p.last_verified < cutoff) {
      stale.push_back({{"id", p.id}, {"name", p.name}, {"last_verified", p.last_verified}});
    }
  }
  json gaps = json::array();
  const CoverageMatrix m = ComputeCoverage(kb);
  for (std::size_t n = 0; n < m.neighbourhoods.size(); ++n) {
    for (std::size_t b = 0; b < m.barriers.size(); ++b) {
      if (m.cells[n][b].total < kWatchMinVerifiedPerCell) {
        gaps.push_back({{"neighbourhood", m.neighbourhoods[n].id},
                        {"neighbourhood_name", m.neighbourhoods[n].name},
                        {"barrier", m.barriers[b]},
                        {"verified", m.cells[n][b].total}});
      }
    }
  }
  return {{"today", std::string(today)},
          {"stale", stale},
          {"never_confirmed", never},
          {"unverified", unverified},
          {"gaps", gaps}};
}

}  // namespace levier::kb
