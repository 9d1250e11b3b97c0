#include "levier/util/totp.h"

#include <cctype>

#include "levier/util/crypto.h"

namespace levier::totp {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

bool Base32Decode(std::string_view text, std::string* out) {
  out->clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == ' ' || c == '=') continue;
    const std::size_t value =
        kBase32.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (value == std::string_view::npos) {
      out->clear();
      return false;
    }
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      *out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return true;
}

std::int64_t StepAt(UnixSeconds at) { return at / kStepSeconds; }

std::string CodeAt(std::string_view secret, std::int64_t step, int digits) {
  std::string counter(8, '\0');
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<char>(step & 0xff);
    step >>= 8;
  }
  const std::string mac = crypto::HmacSha1(secret, counter);
  // Dynamic truncation (RFC 4226 section 5.3).
  const std::size_t offset = static_cast<unsigned char>(mac[19]) & 0x0f;
  const std::uint32_t binary = ((static_cast<unsigned char>(mac[offset]) & 0x7fu) << 24) |
                               (static_cast<unsigned char>(mac[offset + 1]) << 16) |
                               (static_cast<unsigned char>(mac[offset + 2]) << 8) |
                               static_cast<unsigned char>(mac[offset + 3]);
  std::uint32_t modulo = 1;
  for (int i = 0; i < digits; ++i) modulo *= 10;
  std::string code = std::to_string(binary % modulo);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::optional<std::int64_t> Verify(std::string_view secret, std::string_view code, UnixSeconds at,
                                   std::int64_t last_used_step) {
  if (code.size() != kDigits) return std::nullopt;
  const std::int64_t now = StepAt(at);
  for (const std::int64_t step : {now, now - 1, now + 1}) {
    if (step <= last_used_step) continue;
    if (crypto::ConstantTimeEquals(CodeAt(secret, step), code)) return step;
  }
  return std::nullopt;
}

std::string ProvisioningUri(std::string_view issuer, std::string_view account,
                            std::string_view secret) {
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
         "?secret=" + Base32Encode(secret) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStepSeconds);
}

}  // namespace levier::totp
