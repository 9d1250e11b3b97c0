// A small blocking HTTP/1.1 client (http:// and https://), for `levier send`,
// the outbound senders (Twilio's REST API) and the integration tests.
// https:// verifies the server's certificate against the system store
// (ca-certificates) and its host name, and sends SNI.
// Thread-safe: each call uses its own io_context; calls may run in parallel.
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

// Sends `request` to `url`'s host and port (its target and Host header are
// set from `url`) and blocks until the response arrives or `timeout` passes
// (resolution, connection, TLS handshake, write and read together).
// Errors: InvalidArgument for a bad URL; Unavailable for a timeout ("timed
// out" in the message) and any network or TLS failure (certificate included).
// Responses over 1 MiB are refused (Unavailable).
Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout);

}  // namespace levier::webhook
