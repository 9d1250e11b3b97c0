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

namespace {

// SplitMix64's finaliser: a bijection of 64-bit words that scatters them.
std::uint64_t Scatter(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string MessageSid(std::uint64_t nonce, std::uint64_t counter) {
  // Twilio's ids are 32 random-looking hex digits. Counted ones would land
  // at the end of any index ordered by id and hide what a real message
  // costs the store; scattered, they are still unique per (nonce, counter).
  const std::uint64_t run = Scatter(nonce);
  char buf[40];
  std::snprintf(buf, sizeof buf, "SM%016llx%016llx", static_cast<unsigned long long>(run),
                static_cast<unsigned long long>(Scatter(counter ^ run)));
  return buf;
}

}  // namespace levier::bench
