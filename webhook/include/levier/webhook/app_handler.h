// AppHandler: Levier's routes. Maps each request to a route, runs the channel
// adapter or endpoint, and maps domain errors to HTTP statuses in exactly one
// place (StatusToHttp).
//
// Routes:
//   GET  /healthz          200 "ok" when the database answers, else 503
//   GET  /metrics          Prometheus text format
//   *    /api/v1/...       ApiHandler (bearer tokens)
//   POST /webhooks/twilio  Twilio SMS webhook (signed), TwiML reply; 429 with an
//                          empty TwiML reply over the rate limits (Twilio does not retry it)
//
// Thread-safety: Handle may run concurrently on any number of threads.
#pragma once

#include <string>

#include "levier/bot/conversation_service.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/api_handler.h"
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
  // `per_address_per_minute` bounds webhook requests per client address (0 = off).
  // `api` (nullable) serves /api/v1/*.
  AppHandler(bot::ConversationService& conversations, store::Store& store,
             TwilioSettings twilio, const ServerLimits& limits,
             std::uint32_t per_address_per_minute, ApiHandler* api, Metrics* metrics);

  void Handle(HttpRequest request, const RequestContext& context, Respond respond) override;

 private:
  void HandleHealth(const HttpRequest& request, Respond respond);
  void HandleTwilio(HttpRequest request, const RequestContext& context, Respond respond);

  bot::ConversationService& conversations_;
  store::Store& store_;
  const TwilioSettings twilio_;
  const ServerLimits limits_;
  RateLimiter address_limiter_;
  ApiHandler* api_;
  Metrics* metrics_;
};

}  // namespace levier::webhook
