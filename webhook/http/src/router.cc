#include "levier/webhook/router.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::webhook {
namespace {

constexpr std::string_view kText = "text/plain; charset=utf-8";

// The router's own paths; a channel may not take them.
constexpr std::string_view kHealthPath = "/healthz";
constexpr std::string_view kMetricsPath = "/metrics";
constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::string_view kApiLabel = "/api/v1";

std::string_view PathOf(std::string_view target) {
  const std::size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

bool IsGet(http::verb method) { return method == http::verb::get || method == http::verb::head; }

}  // namespace

http::status StatusToHttp(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return http::status::ok;
    case StatusCode::kInvalidArgument: return http::status::bad_request;
    case StatusCode::kNotFound: return http::status::not_found;
    case StatusCode::kAlreadyExists: return http::status::conflict;
    case StatusCode::kUnauthenticated: return http::status::unauthorized;
    case StatusCode::kPermissionDenied: return http::status::forbidden;
    case StatusCode::kResourceExhausted: return http::status::too_many_requests;
    case StatusCode::kFailedPrecondition: return http::status::conflict;
    case StatusCode::kUnavailable: return http::status::service_unavailable;
    case StatusCode::kInternal: return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

std::string RetryAfterSeconds(std::int64_t millis) {
  return std::to_string(std::max<std::int64_t>(1, (millis + 999) / 1000));
}

Result<std::unique_ptr<Router>> Router::Create(store::Store& store, ClientAddresses clients,
                                               const std::vector<RouteSource*>& sources,
                                               ApiHandler* api, Metrics* metrics) {
  std::unique_ptr<Router> router(new Router(store, std::move(clients), api, metrics));
  std::set<std::pair<std::string, int>> taken;
  for (RouteSource* source : sources) {
    for (Route& route : source->Routes()) {
      const std::string_view path = route.path;
      if (path == kHealthPath || path == kMetricsPath || path.rfind(kApiPrefix, 0) == 0 ||
          path.empty() || path.front() != '/' || !route.handle) {
        return Status::InvalidArgument(std::string(source->name()) + ": route '" + route.path +
                                       "' is not allowed");
      }
      if (!taken.emplace(route.path, static_cast<int>(route.method)).second) {
        return Status::InvalidArgument(std::string(source->name()) + ": route '" + route.path +
                                       "' is already served");
      }
      router->routes_.push_back(std::move(route));
    }
  }
  return router;
}

const Route* Router::FindRoute(std::string_view path, http::verb method) const {
  for (const Route& route : routes_) {
    if (!route.Matches(path)) continue;
    if (route.method == method || (route.method == http::verb::get && method == http::verb::head)) {
      return &route;
    }
  }
  return nullptr;
}

std::size_t Router::BodyLimit(const HttpRequest& header, std::size_t server_limit) const {
  const std::string_view path = PathOf({header.target().data(), header.target().size()});
  const Route* route = FindRoute(path, header.method());
  return route != nullptr && route->body_bytes > 0 ? route->body_bytes : server_limit;
}

std::string_view Router::RouteLabel(std::string_view path) const {
  if (path == kHealthPath) return kHealthPath;
  if (path == kMetricsPath) return kMetricsPath;
  if (path.rfind(kApiPrefix, 0) == 0) return kApiLabel;
  for (const Route& route : routes_) {
    if (route.Matches(path)) return route.path;  // lives as long as the router
  }
  return "(unknown)";
}

std::string Router::AllowedMethods(std::string_view path) const {
  std::string allowed;
  for (const Route& route : routes_) {
    if (!route.Matches(path)) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += route.method == http::verb::get ? "GET, HEAD" : std::string(http::to_string(route.method));
  }
  return allowed.empty() ? "GET, HEAD" : allowed;
}

void Router::Handle(HttpRequest request, const RequestContext& peer_context,
                        Respond respond) {
  RequestContext context = peer_context;
  context.client_address = clients_.Resolve(context.remote_address, request);
  const std::string_view path = PathOf({request.target().data(), request.target().size()});
  const std::string_view route = RouteLabel(path);
  // Count and time every response in one place, whatever path produced it.
  const std::int64_t started = MonotonicMicros();
  Respond counted = [this, route, started, respond = std::move(respond)](HttpResponse res) {
    if (metrics_ != nullptr) {
      metrics_->CountRequest(route, static_cast<int>(res.result_int()));
      metrics_->ObserveLatencyMicros(MonotonicMicros() - started);
    }
    respond(std::move(res));
  };

  const bool is_get = IsGet(request.method());
  if (route == kHealthPath && is_get) return HandleHealth(request, std::move(counted));
  if (route == kMetricsPath && is_get) {
    // For loopback and the monitoring network only (docs/configuration.md):
    // a proxy that forwards it for an outside client is misconfigured.
    if (clients_.IsTrustedProxy(context.remote_address) &&
        !ClientAddresses::IsLoopback(context.client_address)) {
      return counted(MakeResponse(request, http::status::forbidden, kText,
                                  "metrics are not served through the proxy\n"));
    }
    std::string body = metrics_ != nullptr ? metrics_->RenderPrometheus() : std::string();
    return counted(MakeResponse(request, http::status::ok, "text/plain; version=0.0.4",
                                std::move(body)));
  }
  if (route == kApiLabel && api_ != nullptr) {
    return api_->Handle(std::move(request), context, std::move(counted));
  }
  if (const Route* r = FindRoute(path, request.method()); r != nullptr) {
    return r->handle(std::move(request), context, std::move(counted));
  }
  if (route != "(unknown)") {
    HttpResponse res = MakeResponse(request, http::status::method_not_allowed, kText,
                                    "method not allowed\n");
    res.set(http::field::allow, AllowedMethods(path));
    return counted(std::move(res));
  }
  counted(MakeResponse(request, http::status::not_found, kText, "not found\n"));
}

void Router::HandleHealth(const HttpRequest& request, Respond respond) {
  auto req = std::make_shared<HttpRequest>(request);
  store_.SubmitRead([](store::ReadTransaction& read) { return read.Ping(); },
                    [req, respond = std::move(respond)](const Status& status) {
                      if (status.ok()) {
                        respond(MakeResponse(*req, http::status::ok, kText, "ok\n"));
                      } else {
                        respond(MakeResponse(*req, http::status::service_unavailable, kText,
                                             "database unavailable\n"));
                      }
                    });
}

}  // namespace levier::webhook
