// TwilioSender: SMS through Twilio's Messages REST API (platform spec 1.11):
//   POST {api_base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json
//   Authorization: Basic base64(AccountSid:AuthToken)
//   form To, From (or MessagingServiceSid), Body
// 2xx = sent; 21610 (recipient replied STOP to the number) = cancelled;
// other 4xx except 429 = failed; 5xx, 429, timeout or network error = retry.
//
// The base URL is configurable so tests run against a local server that
// speaks Twilio's format. Thread-safe: Send keeps no state between calls.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "levier/outbox/sender.h"

namespace levier::outbox {

struct TwilioSenderConfig {
  std::string api_base_url = "https://api.twilio.com";
  std::string account_sid;            // "AC..."
  std::string auth_token;
  std::string from;                   // E.164 sender number, or
  std::string messaging_service_sid;  // "MG..." (used when set)
  std::chrono::milliseconds timeout{15000};
};

// Maps Twilio's answer (HTTP status and JSON body) to an outcome. Pure.
SendResult ClassifyTwilioResponse(int http_status, std::string_view body);

class TwilioSender final : public Sender {
 public:
  // REQUIRES: account_sid and auth_token non-empty; from or messaging_service_sid set.
  explicit TwilioSender(TwilioSenderConfig config);
  SendResult Send(std::string_view address, std::string_view body) override;

  // The request Send posts (for tests): URL and form body.
  std::string MessagesUrl() const;
  std::string FormBody(std::string_view address, std::string_view body) const;

 private:
  const TwilioSenderConfig config_;
};

}  // namespace levier::outbox
