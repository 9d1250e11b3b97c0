#include "levier/kb/check.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "json_loader.h"
#include "json_reader.h"

namespace levier::kb {
namespace {

// Warnings name entries by id: it stays right when bad entries were skipped.
std::string Entry(std::string_view origin, const Provider& p) {
  return std::string(origin) + "/providers.json: entry id \"" + p.id + "\": ";
}

KbFinding Warning(std::string code, std::string message) {
  return {KbFinding::Severity::kWarning, std::move(code), std::move(message)};
}

KbFinding Error(std::string message) {
  return {KbFinding::Severity::kError, "invalid", std::move(message)};
}

Result<std::string> Slurp(const std::filesystem::path& path, std::size_t max) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  if (s.str().size() > max) return Status::ResourceExhausted(path.string() + ": file too large");
  return s.str();
}

}  // namespace

std::string MonthsBefore(std::string_view today, int months) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(std::string(today).c_str(), "%d-%d-%d", &y, &m, &d) != 3)
    return std::string(today);
  m -= months;
  while (m <= 0) {
    m += 12;
    --y;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  d = std::min(d, kDays[m - 1] + (m == 2 && leap ? 1 : 0));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string SixMonthsBefore(std::string_view today) { return MonthsBefore(today, 6); }

std::vector<KbFinding> CheckKnowledgeBase(const KnowledgeBase& kb, std::string_view origin,
                                          std::string_view today) {
  std::vector<KbFinding> findings;
  const std::string cutoff = SixMonthsBefore(today);
  const auto& providers = kb.providers();
  for (const Provider& p : providers) {
    const std::string at = Entry(origin, p);
    if (!p.verified) {
      const bool no_contact = p.address.empty() && p.phone.empty() && p.website.empty();
      findings.push_back(Warning("unverified", at + "not verified: never shown to residents"));
      if (no_contact) {
        findings.push_back(
            Warning("missing-contact", at + "no address, phone or website: find one in a source"));
      }
      continue;
    }
    if (p.last_verified.empty()) {
      findings.push_back(
          Warning("never-confirmed", at + "shown to residents but never confirmed by a coordinator "
                                          "(\"last_verified\" is empty)"));
    } else if (p.last_verified < cutoff) {
      findings.push_back(Warning(
          "stale", at + "last confirmed on " + p.last_verified + ", more than 6 months ago"));
    }
  }
  return findings;
}

std::vector<KbFinding> CheckDirectory(const std::filesystem::path& dir, std::string_view today) {
  std::vector<KbFinding> findings;
  const LoadLimits limits;
  const std::string origin = dir.string();
  Result<std::string> providers_text = Slurp(dir / "providers.json", limits.max_file_bytes);
  Result<std::string> neighbourhoods_text =
      Slurp(dir / "neighbourhoods.json", limits.max_file_bytes);
  if (!providers_text.ok()) findings.push_back(Error(providers_text.status().message()));
  if (!neighbourhoods_text.ok()) findings.push_back(Error(neighbourhoods_text.status().message()));
  if (!findings.empty()) return findings;

  std::vector<Status> errors;
  auto providers =
      internal::ParseProviders(*providers_text, origin + "/providers.json", limits, &errors);
  auto neighbourhoods =
      internal::ParseNeighbourhoods(*neighbourhoods_text, origin + "/neighbourhoods.json", limits);
  for (const Status& s : errors) findings.push_back(Error(s.message()));
  if (!providers.ok()) findings.push_back(Error(providers.status().message()));
  if (!neighbourhoods.ok()) findings.push_back(Error(neighbourhoods.status().message()));
  if (!providers.ok() || !neighbourhoods.ok()) return findings;

  // Unknown neighbourhood references: report each, keep checking the rest.
  std::vector<Provider> usable;
  for (std::size_t i = 0; i < providers->size(); ++i) {
    Provider& p = (*providers)[i];
    bool ok = true;
    for (const std::string& n : p.neighbourhoods) {
      if (std::none_of(neighbourhoods->begin(), neighbourhoods->end(),
                       [&](const Neighbourhood& x) { return x.id == n; })) {
        findings.push_back(Error(origin + "/providers.json: entry id \"" + p.id +
                                 "\": unknown neighbourhood \"" + n + "\""));
        ok = false;
      }
    }
    if (ok) usable.push_back(std::move(p));
  }
  Result<KnowledgeBase> kb =
      KnowledgeBase::Build(std::move(usable), std::move(*neighbourhoods), origin, limits);
  if (!kb.ok()) {
    findings.push_back(Error(kb.status().message()));
    return findings;
  }
  std::vector<KbFinding> warnings = CheckKnowledgeBase(*kb, origin, today);
  findings.insert(findings.end(), warnings.begin(), warnings.end());
  return findings;
}

}  // namespace levier::kb
