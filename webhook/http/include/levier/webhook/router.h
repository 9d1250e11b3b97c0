// Router: Levier's request handler. Serves its own endpoints and the routes
// each registered channel gives it (HttpChannel::Routes); it knows no
// platform. Counts and times every response in one place; domain errors
// become HTTP statuses in one place too (StatusToHttp).
//
// Routes:
//   GET  /healthz          200 "ok" when the database answers, else 503
//   GET  /metrics          Prometheus text format; 403 when a trusted proxy
//                          forwards it for a client that is not on loopback
//   *    /api/v1/...       ApiHandler (bearer tokens)
//   each channel's routes  e.g. POST /webhooks/twilio (channels/twilio_sms)
//   the workspace's routes /workspace/... (webhook/workspace)
// A known path with another method gets 405 with Allow; HEAD is served
// wherever GET is.
//
// Thread-safety: Handle may run concurrently on any number of threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/api_handler.h"
#include "levier/webhook/channel.h"
#include "levier/webhook/client_address.h"
#include "levier/webhook/http.h"
#include "levier/webhook/limits.h"

namespace levier::webhook {

class Router final : public RequestHandler {
 public:
  // All references must outlive the router; `metrics` may be null.
  // `clients` finds the client address behind trusted proxies. `api`
  // (nullable) serves /api/v1/*. `sources` (the channels, the workspace):
  // each one's routes are served; InvalidArgument when two routes share a
  // method and path or a route takes a path of the router's own.
  [[nodiscard]] static Result<std::unique_ptr<Router>> Create(store::Store& store, ClientAddresses clients,
                                                const std::vector<RouteSource*>& sources,
                                                ApiHandler* api, Metrics* metrics);

  void Handle(HttpRequest request, const RequestContext& context, Respond respond) override;
  std::size_t BodyLimit(const HttpRequest& header, std::size_t server_limit) const override;

 private:
  Router(store::Store& store, ClientAddresses clients, ApiHandler* api, Metrics* metrics)
      : store_(store), clients_(std::move(clients)), api_(api), metrics_(metrics) {}
  void HandleHealth(const HttpRequest& request, Respond respond);
  // The channel route for `path` and `method`, nullptr if none.
  const Route* FindRoute(std::string_view path, http::verb method) const;
  // The metrics label of `path`: the path when known, else "(unknown)".
  std::string_view RouteLabel(std::string_view path) const;
  // The Allow header of a known path ("GET, HEAD" for the router's own).
  std::string AllowedMethods(std::string_view path) const;

  store::Store& store_;
  const ClientAddresses clients_;
  ApiHandler* api_;
  Metrics* metrics_;
  std::vector<Route> routes_;  // the channels', constant after Create
};

}  // namespace levier::webhook
