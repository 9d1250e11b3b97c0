// AppHandler: Levier's routes. Maps each request to a route, runs the channel
// adapter or endpoint, and maps domain errors to HTTP statuses in exactly one
// place (StatusToHttp).
//
// Routes:
//   GET  /healthz          200 "ok" when the database answers, else 503
//   GET  /metrics          Prometheus text format; 403 when a trusted proxy
//                          forwards it for a client that is not on loopback
//   *    /api/v1/...       ApiHandler (bearer tokens)
//   POST /webhooks/twilio  Twilio SMS webhook (signed), TwiML reply. A signed
//                          request is never refused by a rate limit (Twilio
//                          drops a message answered 429): a redelivery gets its
//                          stored reply, a new message over the sender's limit
//                          200 with an empty reply. Failed signature checks
//                          count against the client address (`failed_auth`):
//                          past it, 429.
//
// Thread-safety: Handle may run concurrently on any number of threads.
#pragma once

#include <string>

#include "levier/bot/conversation_service.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/api_handler.h"
#include "levier/webhook/client_address.h"
#include "levier/webhook/http.h"
#include "levier/webhook/limits.h"

namespace levier::webhook {

struct TwilioSettings {
  std::string auth_token;   // signs inbound requests; required
  std::string public_url;   // base URL Twilio calls, e.g. "https://levier.example.org"
  std::string account_sid;  // when set, requests for another account are refused
  // Replace characters outside GSM-7 by their nearest GSM-7 equivalent in
  // Latin-script replies when that lowers the SMS count (dialogs::FitForSms).
  bool transliterate = true;
};

http::status StatusToHttp(const Status& status);

class AppHandler final : public RequestHandler {
 public:
  // All references must outlive the handler; `metrics` may be null.
  // `clients` finds the client address behind trusted proxies; `failed_auth`
  // (shared with the API) counts failed authentications per client address.
  // `api` (nullable) serves /api/v1/*.
  AppHandler(bot::ConversationService& conversations, store::Store& store,
             TwilioSettings twilio, const ServerLimits& limits, ClientAddresses clients,
             RateLimiter& failed_auth, ApiHandler* api, Metrics* metrics);

  void Handle(HttpRequest request, const RequestContext& context, Respond respond) override;

 private:
  void HandleHealth(const HttpRequest& request, Respond respond);
  void HandleTwilio(HttpRequest request, const RequestContext& context, Respond respond);

  bot::ConversationService& conversations_;
  store::Store& store_;
  const TwilioSettings twilio_;
  const ServerLimits limits_;
  const ClientAddresses clients_;
  RateLimiter& failed_auth_;
  ApiHandler* api_;
  Metrics* metrics_;
};

}  // namespace levier::webhook
