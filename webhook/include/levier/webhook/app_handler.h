// AppHandler: Levier's routes. Maps each request to a route, runs the channel
// adapter or endpoint, and maps domain errors to HTTP statuses in exactly one
// place (StatusToHttp).
//
// Routes:
//   GET  /healthz          200 "ok" when the database answers, else 503
//   GET  /metrics          Prometheus text format
//   POST /webhooks/twilio  Twilio SMS webhook (signed), TwiML reply
//
// Thread-safety: Handle may run concurrently on any number of threads.
#pragma once

#include <string>

#include "levier/bot/conversation_service.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/webhook/http.h"
#include "levier/webhook/limits.h"

namespace levier::webhook {

struct TwilioSettings {
  std::string auth_token;   // signs inbound requests; required
  std::string public_url;   // base URL Twilio calls, e.g. "https://levier.example.org"
  std::string account_sid;  // when set, requests for another account are refused
};

http::status StatusToHttp(const Status& status);

class AppHandler final : public RequestHandler {
 public:
  // All references must outlive the handler; `metrics` may be null.
  AppHandler(bot::ConversationService& conversations, store::Store& store,
             TwilioSettings twilio, const ServerLimits& limits, Metrics* metrics);

  void Handle(HttpRequest request, Respond respond) override;

 private:
  void HandleHealth(const HttpRequest& request, Respond respond);
  void HandleTwilio(HttpRequest request, Respond respond);

  bot::ConversationService& conversations_;
  store::Store& store_;
  const TwilioSettings twilio_;
  const ServerLimits limits_;
  Metrics* metrics_;
};

}  // namespace levier::webhook
