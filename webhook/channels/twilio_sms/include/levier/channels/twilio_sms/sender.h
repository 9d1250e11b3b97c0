// TwilioSender: the SMS channel's outbound half, through Twilio's Messages
// REST API (platform spec 1.11):
//   POST {api_base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json
//   Authorization: Basic base64(AccountSid:AuthToken)
//   form To, From (or MessagingServiceSid), Body
// Body: the replies as one SMS text (RenderOutbound). 2xx = sent; 21610 (recipient replied STOP to the number) = cancelled;
// other 4xx except 429 = failed; 5xx, 429, timeout or network error = retry.
//
// The base URL is configurable so tests run against a local server that
// speaks Twilio's format. Thread-safe: Send keeps no state between calls but
// its kept connections to the API.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "levier/bot/sender.h"
#include "levier/net/http_client.h"

namespace levier::channels::twilio_sms {

struct SenderConfig {
  std::string api_base_url = "https://api.twilio.com";
  std::string account_sid;            // "AC..."
  std::string auth_token;
  std::string from;                   // E.164 sender number, or
  std::string messaging_service_sid;  // "MG..." (used when set)
  std::chrono::milliseconds timeout{15000};
  bool transliterate = true;  // as the inbound replies (RenderOutbound)
};

// Maps Twilio's answer (HTTP status and JSON body) to an outcome. Pure.
bot::SendResult ClassifyTwilioResponse(int http_status, std::string_view body);

class TwilioSender final : public bot::Sender {
 public:
  // REQUIRES: account_sid and auth_token non-empty; from or messaging_service_sid set.
  explicit TwilioSender(SenderConfig config);
  bot::SendResult Send(std::string_view address, const bot::Outgoing& message) override;
  // Posts `body` as it is (Send renders, then posts).
  bot::SendResult SendText(std::string_view address, std::string_view body);

  // The request Send posts (for tests): URL and form body.
  std::string MessagesUrl() const;
  std::string FormBody(std::string_view address, std::string_view body) const;

 private:
  const SenderConfig config_;
  net::HttpConnectionPool connections_;  // kept open to the API between messages
};

}  // namespace levier::channels::twilio_sms
