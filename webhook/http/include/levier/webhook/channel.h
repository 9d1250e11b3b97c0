// HttpChannel: what the router asks of each registered channel. A channel is
// one folder under webhook/channels/ holding everything about one platform
// (docs/architecture.md, "Adding a channel"): it parses and authenticates
// the platform's requests into bot::InboundMessage, hands them to the
// conversation core, renders the neutral replies (dialogs::Reply) in the
// platform's format, and sends outbound messages (bot::Sender). The router
// knows no platform: it serves the routes the channels give it.
//
// The HTTP half of the seam lives here rather than in bot/ because routes
// are HTTP; the core half (bot::Sender, InboundMessage, dialogs::Reply)
// knows nothing of HTTP.
//
// Thread-safety: Routes() is called once, before the server starts; route
// handlers run concurrently on the I/O threads, like RequestHandler::Handle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/bot/conversation_service.h"
#include "levier/bot/sender.h"
#include "levier/util/metrics.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/http.h"
#include "levier/webhook/limits.h"

namespace levier::webhook {

// Handles one request to a route; same contract as RequestHandler::Handle.
using RouteHandler = std::function<void(HttpRequest, const RequestContext&, Respond)>;

struct Route {
  http::verb method = http::verb::post;
  std::string path;  // exact path, without the query: "/webhooks/twilio"
  RouteHandler handle;
  // Largest body this route reads; 0 = the server's (ServerLimits::body_bytes).
  // Only for a route that needs more (the workspace's file import).
  std::size_t body_bytes = 0;
  // `path` ends with '/' and serves every path one segment below it
  // ("/c/" serves "/c/K7QM4RTX", not "/c/" nor "/c/a/b"): a link that
  // carries a value, such as an invitation's.
  bool one_segment_below = false;

  bool Matches(std::string_view target_path) const {
    if (!one_segment_below) return target_path == path;
    return target_path.size() > path.size() && target_path.substr(0, path.size()) == path &&
           target_path.find('/', path.size()) == std::string_view::npos;
  }
};

// What the application lends every channel. All references outlive it.
struct ChannelServices {
  bot::ConversationService& conversations;
  // Failed authentications per client address, shared by every channel and
  // the API: past the allowance, 429.
  RateLimiter& failed_auth;
  const ServerLimits& limits;
  Metrics* metrics;  // may be null
};

// What every channel's inbound route does the same way.

// True when a Content-Type header value is `type` (compared without case),
// alone or followed by parameters ("application/json; charset=utf-8").
bool IsContentType(std::string_view value, std::string_view type);

// A request whose authentication failed (bad signature or token) counts
// against its client address: past the address's allowance, the 429 (with
// Retry-After) to answer, counted in the metrics; otherwise nullopt and the
// channel answers its own 401/403.
std::optional<HttpResponse> LimitFailedAuth(const ChannelServices& services,
                                            const HttpRequest& request,
                                            const RequestContext& context);

// Hands `message` to the conversation core, then runs `answer` with the
// outcome on the connection's I/O thread (context.post): the outcome arrives
// on the store's single writer thread, which serves every connection and must
// not spend its time building responses. Without `post` (unit tests),
// `answer` runs where the outcome arrives.
void HandleMessage(const ChannelServices& services, bot::InboundMessage message,
                   const RequestContext& context,
                   std::function<void(const Result<bot::ConversationOutcome>&)> answer);

// Anything that gives the router routes: each channel, the workspace.
class RouteSource {
 public:
  virtual ~RouteSource() = default;
  // Names the source in the router's errors (and, for a channel, more: below).
  virtual std::string_view name() const = 0;
  // The routes the router serves for this source.
  virtual std::vector<Route> Routes() = 0;
};

class HttpChannel : public RouteSource {
 public:
  // The channel's name (dialogs::kSmsChannel, ...): keyed into pseudonyms,
  // stored with outbox rows and referrals.
  std::string_view name() const override = 0;
  // The outbound sender for the outbox, or nullptr when the channel's
  // sending part is not configured (then nothing is queued for it).
  virtual bot::Sender* sender() = 0;
  // The platform's limit on messages sent per minute (0: the outbox's own
  // default). WhatsApp's Cloud API, for instance, caps each business number.
  virtual std::uint32_t sends_per_minute() const { return 0; }
};

}  // namespace levier::webhook
