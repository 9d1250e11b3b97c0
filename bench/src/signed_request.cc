#include "signed_request.h"

#include <cstdio>

#include "levier/net/form.h"
#include "levier/channels/twilio_sms/twilio.h"

namespace levier::bench {

std::string RequestSigner::Build(const std::string& from, const std::string& sid,
                                 const std::string& text) const {
  // The parameters and order of a real Twilio inbound SMS (as in
  // tests/integration/twilio_client.cc).
  const net::FormParams params = {
      {"ToCountry", "FR"}, {"ToState", ""}, {"SmsMessageSid", sid}, {"NumMedia", "0"},
      {"ToCity", ""}, {"FromZip", ""}, {"SmsSid", sid}, {"FromState", ""},
      {"SmsStatus", "received"}, {"FromCity", ""}, {"Body", text}, {"FromCountry", "FR"},
      {"To", "+33700000000"}, {"ToZip", ""}, {"NumSegments", "1"}, {"MessageSid", sid},
      {"AccountSid", "AC" + std::string(32, 'a')}, {"From", from}, {"ApiVersion", "2010-04-01"}};
  const std::string body = net::EncodeForm(params);
  const std::string signature =
      channels::twilio_sms::ComputeSignature(auth_token_, public_url_ + "/webhooks/twilio", params);
  std::string out;
  out.reserve(body.size() + 256);
  out += "POST /webhooks/twilio HTTP/1.1\r\nHost: ";
  out += host_;
  out += "\r\nUser-Agent: TwilioProxy/1.1\r\nAccept: */*\r\n"
         "Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: ";
  out += signature;
  out += "\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += "\r\n\r\n";
  out += body;
  return out;
}

std::string SenderNumber(std::uint64_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "+336%08llu", static_cast<unsigned long long>(index % 100000000ULL));
  return buf;
}

std::string MessageSid(std::uint64_t nonce, std::uint64_t counter) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "SM%016llx%016llx", static_cast<unsigned long long>(nonce),
                static_cast<unsigned long long>(counter));
  return buf;
}

}  // namespace levier::bench
