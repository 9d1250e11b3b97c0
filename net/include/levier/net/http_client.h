// A small blocking HTTP/1.1 client (http:// and https://), for `levier send`,
// the outbound senders (the platforms' APIs) and the integration tests.
// https:// verifies the server's certificate against the system store
// (ca-certificates) and its host name, and sends SNI.
// Thread-safe: each exchange drives its own connection and io_context;
// calls may run in parallel.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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
// On a connection of its own, closed afterwards.
Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout);

// SendHttpRequest over connections kept open between requests (HTTP/1.1
// keep-alive), per scheme, host and port: a sender pays one TCP connection
// and one TLS handshake per burst of messages instead of one per message.
// A connection is kept when the response allows it, for at most `max_idle`
// unused (under the platforms' own idle timeouts), and at most
// `max_idle_per_host` of them. A request whose kept connection turns out to
// have been closed by the server before any byte of a response came back
// (it closed it while idle) is sent once more on a new connection; any other
// failure is returned, as SendHttpRequest does.
class HttpConnectionPool {
 public:
  struct Options {
    std::size_t max_idle_per_host = 8;
    std::chrono::seconds max_idle{30};
  };
  HttpConnectionPool();
  explicit HttpConnectionPool(Options options);
  ~HttpConnectionPool();
  HttpConnectionPool(const HttpConnectionPool&) = delete;
  HttpConnectionPool& operator=(const HttpConnectionPool&) = delete;

  Result<HttpResponse> Send(std::string_view url, HttpRequest request,
                            std::chrono::milliseconds timeout);

  // Connections opened since the pool was made (for tests and metrics).
  std::uint64_t connections_opened() const;

  struct Connection;  // one socket (TLS or not) and the io_context driving it

 private:
  const Options options_;
  mutable std::mutex mutex_;
  // "scheme://host:port" -> idle connections, most recently used last.
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;  // guarded by mutex_
  std::uint64_t opened_ = 0;                                              // guarded by mutex_
};

}  // namespace levier::net
