// Raw HTTP requests exactly as Twilio sends an inbound SMS webhook: the
// documented parameters, form-encoded, with X-Twilio-Signature computed over
// the server's public URL (twilio_sms::ComputeSignature). The server must run
// with the same auth token and LEVIER_PUBLIC_URL. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace levier::bench {

class RequestSigner {
 public:
  // `public_url`: the server's LEVIER_PUBLIC_URL (no trailing slash);
  // `host`: the Host header value ("127.0.0.1:8080").
  RequestSigner(std::string auth_token, std::string public_url, std::string host)
      : auth_token_(std::move(auth_token)), public_url_(std::move(public_url)), host_(std::move(host)) {}

  // A complete keep-alive POST /webhooks/twilio from `from` carrying `text`.
  std::string Build(const std::string& from, const std::string& message_sid,
                    const std::string& text) const;

 private:
  std::string auth_token_;
  std::string public_url_;
  std::string host_;
};

// A distinct French mobile number per index ("+336" and 8 digits).
// REQUIRES: index < 100,000,000.
std::string SenderNumber(std::uint64_t index);

// "SM" and 32 hex digits, unique per (nonce, counter).
std::string MessageSid(std::uint64_t nonce, std::uint64_t counter);

}  // namespace levier::bench
