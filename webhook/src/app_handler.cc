#include "levier/webhook/app_handler.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>

#include "levier/dialogs/reply.h"
#include "levier/dialogs/sms.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"
#include "levier/webhook/form.h"
#include "levier/webhook/twilio.h"

namespace levier::webhook {
namespace {

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::string_view kXml = "text/xml; charset=utf-8";

std::string_view PathOf(std::string_view target) {
  const std::size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::string_view RouteLabel(std::string_view path) {
  for (std::string_view known : {"/healthz", "/metrics", "/webhooks/twilio"}) {
    if (path == known) return known;
  }
  if (path.rfind("/api/v1/", 0) == 0) return "/api/v1";
  return "(unknown)";
}

bool IsFormContentType(std::string_view value) {
  const std::string_view kForm = "application/x-www-form-urlencoded";
  if (value.size() < kForm.size()) return false;
  for (std::size_t i = 0; i < kForm.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kForm[i]) return false;
  }
  return value.size() == kForm.size() || value[kForm.size()] == ';' ||
         value[kForm.size()] == ' ';
}

// dialogs::FitForSms, remembered per I/O thread. Replies repeat (the
// script's texts, the same providers' lists: a few hundred distinct strings)
// and fitting one costs ICU normalisation and three segment counts: a fifth
// of an I/O thread's time under load before this. Bounded: forgotten
// wholesale past kMaxFitted entries per thread and mode (a reply and its
// fitted form are a few hundred bytes each: about 2 MB per thread at most).
std::string FitForSmsRemembered(const std::string& text, bool transliterate) {
  constexpr std::size_t kMaxFitted = 1024;
  thread_local std::unordered_map<std::string, std::string> fitted[2];
  auto& memo = fitted[transliterate ? 1 : 0];
  if (auto it = memo.find(text); it != memo.end()) return it->second;
  if (memo.size() >= kMaxFitted) memo.clear();
  return memo.emplace(text, dialogs::FitForSms(text, transliterate)).first->second;
}

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

AppHandler::AppHandler(bot::ConversationService& conversations, store::Store& store,
                       TwilioSettings twilio, const ServerLimits& limits, ClientAddresses clients,
                       RateLimiter& failed_auth, ApiHandler* api, Metrics* metrics)
    : conversations_(conversations),
      store_(store),
      twilio_(std::move(twilio)),
      limits_(limits),
      clients_(std::move(clients)),
      failed_auth_(failed_auth),
      api_(api),
      metrics_(metrics) {}

void AppHandler::Handle(HttpRequest request, const RequestContext& peer_context,
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

  const bool is_get = request.method() == http::verb::get || request.method() == http::verb::head;
  if (route == "/healthz" && is_get) return HandleHealth(request, std::move(counted));
  if (route == "/metrics" && is_get) {
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
  if (route == "/api/v1" && api_ != nullptr) {
    return api_->Handle(std::move(request), context, std::move(counted));
  }
  if (route == "/webhooks/twilio" && request.method() == http::verb::post) {
    return HandleTwilio(std::move(request), context, std::move(counted));
  }
  if (route != "(unknown)") {
    HttpResponse res = MakeResponse(request, http::status::method_not_allowed, kText,
                                    "method not allowed\n");
    res.set(http::field::allow, route == "/webhooks/twilio" ? "POST" : "GET, HEAD");
    return counted(std::move(res));
  }
  counted(MakeResponse(request, http::status::not_found, kText, "not found\n"));
}

void AppHandler::HandleHealth(const HttpRequest& request, Respond respond) {
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

void AppHandler::HandleTwilio(HttpRequest request, const RequestContext& context,
                              Respond respond) {
  auto refuse = [&](http::status status, std::string body) {
    respond(MakeResponse(request, status, kText, std::move(body)));
  };
  if (!IsFormContentType(request[http::field::content_type])) {
    return refuse(http::status::unsupported_media_type,
                  "expected application/x-www-form-urlencoded\n");
  }
  Result<FormParams> params = DecodeForm(request.body(), limits_.form_params);
  if (!params.ok()) return refuse(http::status::bad_request, params.status().message() + "\n");

  // The signed URL is the configured public base URL plus the raw request
  // target, never the Host header (which a client controls).
  const std::string url = twilio_.public_url + std::string(request.target());
  const std::string_view signature = request["X-Twilio-Signature"];
  if (!twilio::VerifySignature(twilio_.auth_token, url, *params, signature)) {
    // Only unsigned requests count against the address: Twilio's own
    // addresses are shared by every message and must never be refused.
    const std::int64_t now_ms = MonotonicMicros() / 1000;
    if (!failed_auth_.Allow(context.client_address, now_ms)) {
      if (metrics_ != nullptr) metrics_->CountLimited("webhook_failed_auth");
      HttpResponse res = MakeResponse(request, http::status::too_many_requests, kText,
                                      "too many failed signature checks, retry later\n");
      res.set(http::field::retry_after,
              RetryAfterSeconds(failed_auth_.WaitMillis(context.client_address, now_ms)));
      return respond(std::move(res));
    }
    log::Warn("twilio_signature_rejected",
              {{"reason", signature.empty() ? "missing" : "mismatch"}});
    return refuse(http::status::forbidden, "invalid or missing X-Twilio-Signature\n");
  }

  Result<bot::InboundMessage> message =
      twilio::ParseInbound(*params, twilio_.account_sid, NowUnixSeconds());
  if (!message.ok()) {
    return refuse(StatusToHttp(message.status()), message.status().message() + "\n");
  }

  auto req = std::make_shared<HttpRequest>(std::move(request));
  req->body().clear();  // the message text is not needed past this point
  auto reply = [req, respond = std::move(respond), transliterate = twilio_.transliterate](
                   const Result<bot::ConversationOutcome>& outcome) {
    if (!outcome.ok()) {
      // Not committed: tell Twilio to retry (503), nothing was acknowledged.
      HttpResponse res = MakeResponse(*req, StatusToHttp(outcome.status()), kText,
                                      "temporarily unavailable, retry\n");
      res.set(http::field::retry_after, "5");
      return respond(std::move(res));
    }
    // Fit each text to GSM-7 where that saves segments, then pack the
    // replies into as few SMS as possible.
    std::vector<std::string> texts;
    texts.reserve(outcome->replies.size());
    for (const dialogs::Reply& reply : outcome->replies) {
      texts.push_back(FitForSmsRemembered(dialogs::NumberedText(reply), transliterate));
    }
    respond(MakeResponse(*req, http::status::ok, kXml,
                         twilio::RenderTwiml(twilio::PackReplies(texts))));
  };
  conversations_.Handle(std::move(*message), [reply = std::move(reply), post = context.post](
                                                 Result<bot::ConversationOutcome> outcome) mutable {
    // The outcome arrives on the store's writer thread, which serves every
    // connection: the TwiML is built on this connection's I/O thread instead.
    if (!post) return reply(outcome);
    post([reply = std::move(reply), outcome = std::move(outcome)] { reply(outcome); });
  });
}

}  // namespace levier::webhook
