// The API's routes, who may call each, and the query parameters each takes:
// the access rules of docs/api.md in one table. Private to the webhook.
//
// Thread-safety: pure functions over constant data.
#pragma once

#include <string>
#include <string_view>

#include "levier/store/reports.h"
#include "levier/util/status.h"
#include "levier/net/form.h"

namespace levier::webhook::api {

enum class Endpoint { kIndicators, kCoverage, kCoverageSvg, kProvidersGeoJson, kWatch };

struct Route {
  std::string_view path;
  Endpoint endpoint;
  bool coordinator;  // admin may call every route
  bool professional;
};

// The route of `path` (exact match, no trailing slash), or nullptr.
const Route* FindRoute(std::string_view path);

// Whether a token with `role` may call `route` (unknown roles may call nothing).
bool RoleMayUse(std::string_view role, const Route& route);

// The token of an "Authorization: Bearer <token>" header value (scheme
// case-insensitive, RFC 6750 token68 characters), or "" when absent or malformed.
std::string_view BearerToken(std::string_view authorization);

// What a call asks for, from its query string.
struct Query {
  bool csv = false;             // format=csv (default json)
  bool suppress = true;         // suppress=false: full figures (admin only)
  std::string table = "cells";  // indicators CSV table
  int days = 180;               // watch: follow-up flags of the last `days` days
  std::string from;             // indicators: first month "YYYY-MM" ("" = the beginning)
  std::string to;               // indicators: last month, included ("" = now)
  store::Period period;         // from and to as times
};

// Parses and checks the query of a call to `route` by `role`: InvalidArgument
// for a malformed query or a value the route does not take (the message names
// the parameter), PermissionDenied for suppress=false from a role other than admin.
Result<Query> ParseQuery(std::string_view query, const Route& route, std::string_view role);

}  // namespace levier::webhook::api
