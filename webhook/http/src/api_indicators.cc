// Indicators as JSON and CSV with the small-cell rule (indicators_format.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "levier/util/json_dump.h"
#include "levier/webhook/indicators_format.h"

namespace levier::webhook {
namespace {

using nlohmann::json;

bool Shown(const IndicatorsFormat& f, std::int64_t participants) {
  return !f.suppress || participants >= kMinParticipants;
}

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

// A key's readable name, given beside it ("sanitas" -> "Sanitas").
using KeyName = std::string (*)(const IndicatorsFormat&, const std::string&);

// A priority neighbourhood's name, "" when unknown.
std::string NeighbourhoodName(const IndicatorsFormat& f, const std::string& id) {
  if (f.kb == nullptr || id.empty()) return "";
  const kb::Neighbourhood* n = f.kb->FindNeighbourhood(id);
  return n == nullptr ? "" : n->name;
}

// The one-dimensional tables, in output order.
struct Dimension {
  std::string_view name;
  const std::map<std::string, store::Count>* rows;
  KeyName key_name = nullptr;  // null: the key is its own name (codes, months)
};
std::vector<Dimension> Dimensions(const store::Indicators& in) {
  return {{"barrier", &in.by_barrier},   {"commune", &in.by_commune},
          {"neighbourhood", &in.by_neighbourhood, &NeighbourhoodName},
          {"month", &in.by_month},       {"channel", &in.by_channel},
          {"language", &in.by_language}, {"source", &in.by_source},
          {"org", &in.by_org}};
}

// Providers, most referred first (ties by id, so the order is stable).
std::vector<std::pair<std::string, store::Count>> RankedProviders(const store::Indicators& in) {
  std::vector<std::pair<std::string, store::Count>> ranked(in.by_provider.begin(),
                                                           in.by_provider.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second.referrals > b.second.referrals;
  });
  return ranked;
}

std::string ProviderName(const IndicatorsFormat& f, const std::string& id) {
  if (f.kb == nullptr) return "";
  const kb::Provider* p = f.kb->FindProvider(id);
  return p == nullptr ? "" : p->name;
}

json AnswerMap(const IndicatorsFormat& f, const auto& counts) {
  json out = json::object();
  for (const auto& [key, n] : counts) {
    if (Shown(f, n.participants)) {
      if constexpr (std::is_same_v<std::decay_t<decltype(key)>, std::string>) {
        out[key] = n.answers;
      } else {
        out[std::to_string(key)] = n.answers;
      }
    }
  }
  return out;
}

json FollowupJson(const IndicatorsFormat& f, const store::FollowupRow& r) {
  const bool rated_shown = r.rated.answers > 0 && Shown(f, r.rated.participants);
  // Zero concerns nobody: it is shown as such.
  const bool unreachable_shown =
      r.could_not_reach.answers == 0 || Shown(f, r.could_not_reach.participants);
  return {{"barrier", r.barrier},
          {"answers", r.total.answers},
          {"participants", r.total.participants},
          {"lifted", AnswerMap(f, r.lifted)},
          {"contacted", AnswerMap(f, r.contacted)},
          {"could_not_reach", unreachable_shown ? json(r.could_not_reach.answers) : json(nullptr)},
          {"ratings", AnswerMap(f, r.ratings)},
          {"rated", rated_shown || r.rated.answers == 0 ? json(r.rated.answers) : json(nullptr)},
          {"rating_mean", rated_shown ? json(Round2(r.rating_mean)) : json(nullptr)}};
}

// RFC 4180 field; a leading = + - @ is defused so a spreadsheet does not run it.
std::string CsvField(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(0, "'");
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void CsvRow(std::string& out, const std::vector<std::string>& fields) {
  bool first = true;
  for (const std::string& field : fields) {
    if (!first) out += ',';
    out += CsvField(field);
    first = false;
  }
  out += "\r\n";
}

std::string N(std::int64_t n) { return std::to_string(n); }

// "yes=6;no=5": the shown values of a follow-up answer.
std::string Joined(const IndicatorsFormat& f, const std::map<std::string, store::AnswerCount>& m) {
  std::string out;
  for (const auto& [key, n] : m) {
    if (!Shown(f, n.participants)) continue;
    if (!out.empty()) out += ';';
    out += key + "=" + N(n.answers);
  }
  return out;
}

}  // namespace

json IndicatorsToJson(const store::Indicators& in, const IndicatorsFormat& f) {
  json out;
  out["generated_at"] = FormatIso8601(f.generated_at);
  out["period"] = {{"from", f.from}, {"to", f.to}};
  out["suppressed"] = f.suppress;
  out["min_participants"] = kMinParticipants;
  const bool total_shown = Shown(f, in.total.participants);
  out["referrals"] = total_shown ? json(in.total.referrals) : json(nullptr);
  out["participants"] = total_shown ? json(in.total.participants) : json(nullptr);
  json hidden = json::object();

  json by_barrier = json::object();
  for (const auto& [code, n] : in.by_barrier) {
    if (Shown(f, n.participants)) by_barrier[code] = n.referrals;
  }
  out["by_barrier"] = std::move(by_barrier);

  json breakdowns = json::object();
  for (const Dimension& d : Dimensions(in)) {
    json rows = json::array();
    std::int64_t left_out = 0;
    for (const auto& [key, n] : *d.rows) {
      if (!Shown(f, n.participants)) {
        ++left_out;
        continue;
      }
      json row = {{std::string(d.name), key},
                  {"referrals", n.referrals},
                  {"participants", n.participants}};
      if (d.key_name != nullptr) row["name"] = d.key_name(f, key);
      rows.push_back(std::move(row));
    }
    breakdowns[std::string(d.name)] = std::move(rows);
    hidden[std::string(d.name)] = left_out;
  }
  out["breakdowns"] = std::move(breakdowns);

  json providers = json::array();
  std::int64_t providers_hidden = 0;
  for (const auto& [id, n] : RankedProviders(in)) {
    if (!Shown(f, n.participants)) {
      ++providers_hidden;
      continue;
    }
    providers.push_back({{"provider_id", id},
                         {"name", ProviderName(f, id)},
                         {"referrals", n.referrals},
                         {"participants", n.participants}});
  }
  out["providers"] = std::move(providers);
  hidden["providers"] = providers_hidden;

  json cells = json::array();
  std::int64_t cells_hidden = 0;
  for (const store::ReferralCell& c : in.cells) {
    if (!Shown(f, c.count.participants)) {
      ++cells_hidden;
      continue;
    }
    cells.push_back({{"barrier", c.barrier},
                     {"commune", c.commune},
                     {"month", c.month},
                     {"channel", c.channel},
                     {"language", c.language},
                     {"referrals", c.count.referrals},
                     {"participants", c.count.participants}});
  }
  out["cells"] = std::move(cells);
  hidden["cells"] = cells_hidden;

  json followup = json::array();
  std::int64_t followup_hidden = 0;
  for (const store::FollowupRow& r : in.followup) {
    if (!Shown(f, r.total.participants)) {
      ++followup_hidden;
      continue;
    }
    followup.push_back(FollowupJson(f, r));
  }
  out["followup"] = std::move(followup);
  hidden["followup"] = followup_hidden;
  out["hidden"] = std::move(hidden);
  return out;
}

bool IsIndicatorsTable(std::string_view table) {
  for (std::string_view known : {"cells", "barrier", "commune", "neighbourhood", "month",
                                 "channel", "language", "source", "org", "providers",
                                 "followup"}) {
    if (table == known) return true;
  }
  return false;
}

Result<std::string> IndicatorsToCsv(const store::Indicators& in, std::string_view table,
                                    const IndicatorsFormat& f) {
  if (!IsIndicatorsTable(table)) {
    return Status::InvalidArgument("unknown indicators table '" + std::string(table) +
                                   "' (known: " + std::string(kIndicatorsTables) + ")");
  }
  std::string out;
  if (table == "cells") {
    CsvRow(out,
           {"barrier", "commune", "month", "channel", "language", "referrals", "participants"});
    for (const store::ReferralCell& c : in.cells) {
      if (!Shown(f, c.count.participants)) continue;
      CsvRow(out, {c.barrier, c.commune, c.month, c.channel, c.language, N(c.count.referrals),
                   N(c.count.participants)});
    }
  } else if (table == "providers") {
    CsvRow(out, {"provider_id", "name", "referrals", "participants"});
    for (const auto& [id, n] : RankedProviders(in)) {
      if (!Shown(f, n.participants)) continue;
      CsvRow(out, {id, ProviderName(f, id), N(n.referrals), N(n.participants)});
    }
  } else if (table == "followup") {
    CsvRow(out, {"barrier", "answers", "participants", "lifted", "contacted", "could_not_reach",
                 "rated", "rating_mean"});
    for (const store::FollowupRow& r : in.followup) {
      if (!Shown(f, r.total.participants)) continue;
      const json j = FollowupJson(f, r);
      auto text = [](const json& v) {
        if (v.is_null()) return std::string();
        if (v.is_number_float()) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
          return std::string(buf);
        }
        return DumpJson(v);
      };
      CsvRow(out, {r.barrier, N(r.total.answers), N(r.total.participants), Joined(f, r.lifted),
                   Joined(f, r.contacted), text(j["could_not_reach"]), text(j["rated"]),
                   text(j["rating_mean"])});
    }
  } else {
    for (const Dimension& d : Dimensions(in)) {
      if (d.name != table) continue;
      std::vector<std::string> header = {std::string(d.name), "referrals", "participants"};
      if (d.key_name != nullptr) header.insert(header.begin() + 1, "name");
      CsvRow(out, header);
      for (const auto& [key, n] : *d.rows) {
        if (!Shown(f, n.participants)) continue;
        std::vector<std::string> row = {key, N(n.referrals), N(n.participants)};
        if (d.key_name != nullptr) row.insert(row.begin() + 1, d.key_name(f, key));
        CsvRow(out, row);
      }
    }
  }
  return out;
}

Result<store::Period> PeriodOfMonths(std::string_view from, std::string_view to,
                                     std::string_view from_name, std::string_view to_name) {
  store::Period period;
  if (!from.empty()) {
    std::optional<UnixSeconds> start = MonthStart(from);
    if (!start) {
      return Status::InvalidArgument(std::string(from_name) + ": expected a month YYYY-MM");
    }
    period.from = *start;
  }
  if (!to.empty()) {
    std::optional<UnixSeconds> end = MonthEnd(to);
    if (!end) return Status::InvalidArgument(std::string(to_name) + ": expected a month YYYY-MM");
    period.until = *end;
  }
  if (period.until != 0 && period.from >= period.until) {
    return Status::InvalidArgument(std::string(from_name) + " is after " + std::string(to_name));
  }
  return period;
}

}  // namespace levier::webhook
