// HTTP message types shared by the server and the request handlers, and the
// handler interface: a plain function from request to response with no
// sockets, so unit tests can call it directly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "levier/net/http_message.h"
#include "levier/util/status.h"

namespace levier::webhook {

namespace http = net::http;
using net::HttpRequest;
using net::HttpResponse;

// Delivers the response for one request. May be called from any thread,
// exactly once.
using Respond = std::function<void(HttpResponse)>;

// What the server knows about a request besides its bytes.
struct RequestContext {
  std::string remote_address;  // the peer's IP address, e.g. "127.0.0.1"
  // The client's address behind trusted proxies (ClientAddresses), set by
  // the router; the limits and the audit use it, never remote_address.
  std::string client_address;
  // Runs a function on the connection's I/O thread, later. Completions of
  // handed-off work arrive on the thread that did it (the store's single
  // writer, for instance); building the response there would make that
  // thread do the I/O threads' work. Empty outside the server (unit tests):
  // then run the function directly.
  std::function<void(std::function<void()>)> post;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Called on the connection's strand. Must not block: long work is handed
  // off and `respond` called later from wherever it completes.
  virtual void Handle(HttpRequest request, const RequestContext& context, Respond respond) = 0;
  // The largest body to read for a request whose header is `header`,
  // asked before the body is read; `server_limit` unless a route says more.
  virtual std::size_t BodyLimit(const HttpRequest& header, std::size_t server_limit) const {
    (void)header;
    return server_limit;
  }
};

// A response with `status`, `content_type` and `body`, matching the
// request's HTTP version and keep-alive.
HttpResponse MakeResponse(const HttpRequest& request, http::status status,
                          std::string_view content_type, std::string body);

// The one place domain errors become HTTP statuses (router.cc).
http::status StatusToHttp(const Status& status);

// A Retry-After value (whole seconds, at least 1) for a wait of `millis`.
std::string RetryAfterSeconds(std::int64_t millis);

}  // namespace levier::webhook
