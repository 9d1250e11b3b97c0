// A small blocking HTTP/1.1 client (plain http://), for `levier send` and
// the integration tests. Thread-compatible: one call per thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "levier/util/status.h"
#include "levier/webhook/http.h"

namespace levier::webhook {

struct ParsedUrl {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" at least
};

// Parses "http://host[:port][/path][?query]". IPv6 hosts in brackets.
Result<ParsedUrl> ParseUrl(std::string_view url);

// Sends `request` to `url`'s host and port (its target is set from `url`),
// waits at most `timeout` for the whole exchange.
Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout);

}  // namespace levier::webhook
