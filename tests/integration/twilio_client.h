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

// The phone line (spec 1.15): what one TwiML answer says and where the call
// goes next.
struct VoiceReply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> says;  // (language, text), unescaped
  std::string gather_action;  // "" = no <Gather>
  std::string redirect;       // "" = no <Redirect>
  bool hangup = false;
  std::string Text() const;  // every <Say>, one per line
};

struct VoiceRequest {
  std::string target = "/webhooks/twilio/voice";  // path and query, as the TwiML gave it
  std::string call_sid;                           // "CA" + 32 characters
  std::string from = "+33612345678";
  std::optional<std::string> digits;  // Digits, posted after a <Gather>
  // nullopt = correct signature over the public URL and target; otherwise
  // this exact header value ("" = no header).
  std::optional<std::string> signature;
};

net::FormParams TwilioVoiceParams(const VoiceRequest& request);
VoiceReply SendVoice(const std::string& base_url, const VoiceRequest& request);
VoiceReply ParseVoiceTwiml(int status, const std::string& body);

}  // namespace levier::testing
