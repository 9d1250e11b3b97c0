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
#include "levier/net/http_message.h"

namespace levier::net {

struct ParsedUrl {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, "/" at least
};

// Parses "http://host[:port][/path][?query]". IPv6 hosts in brackets.
Result<ParsedUrl> ParseUrl(std::string_view url);

// Checks the base URL of a messaging platform's API (`twilio.api_base_url`
// and every such setting): https://, or http:// to a loopback address
// (127.0.0.0/8, ::1, localhost) where the tests run a fake platform. Tokens
// and residents' numbers go in those requests: plain HTTP over a network
// would show them to anyone on the path. InvalidArgument naming `setting`.
Status CheckPlatformApiUrl(std::string_view url, std::string_view setting);

// Sends `request` to `url`'s host and port (its target and Host header are
// set from `url`) and blocks until the response arrives or `timeout` passes
// (resolution, connection, TLS handshake, write and read together).
// Errors: InvalidArgument for a bad URL; Unavailable for a timeout ("timed
// out" in the message) and any network or TLS failure (certificate included).
// Responses over 1 MiB are refused (Unavailable).
Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout);

}  // namespace levier::net
