// Test client that speaks to the server exactly as Twilio does: the documented
// inbound parameters, form-encoded, signed over the public URL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "levier/net/form.h"

namespace levier::testing {

struct SmsReply {
  int status = 0;
  std::string body;                   // raw response body (TwiML on 200)
  std::string retry_after;            // the Retry-After header, if any
  std::vector<std::string> messages;  // <Message> texts, unescaped
};

struct SmsRequest {
  std::string from = "+33612345678";
  std::string text;
  std::string message_sid;  // "" = a fresh random SM... id
  // nullopt = correct signature; otherwise this exact header value ("" = no header).
  std::optional<std::string> signature;
  std::string token;        // "" = ServerProcess::kAuthToken
  std::string forwarded_for;  // "" = no X-Forwarded-For (the proxy's header)
};

net::FormParams TwilioParams(const std::string& sid, const std::string& from,
                                 const std::string& body);
SmsReply SendSms(const std::string& base_url, const SmsRequest& request);

// Concatenation of all <Message> texts of a reply, for substring checks.
std::string AllText(const SmsReply& reply);

}  // namespace levier::testing
