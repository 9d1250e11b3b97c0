#include "api_routes.h"

#include <cctype>
#include <charconv>

#include "levier/store/tokens.h"
#include "levier/util/utf8.h"
#include "levier/webhook/indicators_format.h"

namespace levier::webhook::api {
namespace {

// Who reaches what (docs/api.md, "Roles"). Aggregate figures about
// residents (indicators, the watch report with follow-up flags) are for
// coordinators and admins; the offer (coverage, map of providers) is for
// every partner as well.
constexpr Route kRoutes[] = {
    {"/api/v1/indicators", Endpoint::kIndicators, true, false},
    {"/api/v1/watch", Endpoint::kWatch, true, false},
    {"/api/v1/coverage", Endpoint::kCoverage, true, true},
    {"/api/v1/coverage.svg", Endpoint::kCoverageSvg, true, true},
    {"/api/v1/providers.geojson", Endpoint::kProvidersGeoJson, true, true},
};

constexpr std::size_t kMaxQueryParams = 16;
constexpr int kMaxDays = 3660;

bool IsToken68Char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

}  // namespace

const Route* FindRoute(std::string_view path) {
  for (const Route& route : kRoutes) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

bool RoleMayUse(std::string_view role, const Route& route) {
  if (role == store::kRoleAdmin) return true;
  if (role == store::kRoleCoordinator) return route.coordinator;
  if (role == store::kRoleProfessional) return route.professional;
  return false;
}

std::string_view BearerToken(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
  }
  std::string_view token = value.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.size() > 256) return {};
  for (char c : token) {
    if (!IsToken68Char(c)) return {};
  }
  return token;
}

Result<Query> ParseQuery(std::string_view query_string, const Route& route, std::string_view role) {
  Result<net::FormParams> params = net::DecodeForm(query_string, kMaxQueryParams);
  if (!params.ok()) return Status::InvalidArgument("query: " + params.status().message());
  Query q;
  const bool takes_format =
      route.endpoint == Endpoint::kIndicators || route.endpoint == Endpoint::kCoverage;
  for (const auto& [key, value] : *params) {
    if (key == "format" && takes_format && (value == "json" || value == "csv")) {
      q.csv = value == "csv";
    } else if (key == "suppress" &&
               (route.endpoint == Endpoint::kIndicators || route.endpoint == Endpoint::kWatch) &&
               (value == "true" || value == "false")) {
      q.suppress = value == "true";
    } else if (key == "table" && route.endpoint == Endpoint::kIndicators) {
      if (!IsIndicatorsTable(value)) {
        return Status::InvalidArgument("table: '" + value + "' is not one of " +
                                       std::string(kIndicatorsTables));
      }
      q.table = value;
    } else if (key == "days" && route.endpoint == Endpoint::kWatch) {
      int days = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
      if (ec != std::errc() || end != value.data() + value.size() || days < 1 || days > kMaxDays) {
        return Status::InvalidArgument("days: expected a whole number from 1 to " +
                                       std::to_string(kMaxDays));
      }
      q.days = days;
    } else if ((key == "from" || key == "to") && route.endpoint == Endpoint::kIndicators) {
      (key == "from" ? q.from : q.to) = value;
    } else {
      return Status::InvalidArgument("query parameter '" + std::string(TruncateUtf8(key, 40)) +
                                     "': name or value not accepted by " + std::string(route.path) +
                                     " (see docs/api.md)");
    }
  }
  Result<store::Period> period = PeriodOfMonths(q.from, q.to, "from", "to");
  if (!period.ok()) return period.status();
  q.period = *period;
  if (!q.suppress && role != store::kRoleAdmin) {
    return Status::PermissionDenied("suppress=false is for admin tokens only");
  }
  return q;
}

}  // namespace levier::webhook::api
