#include "levier/channels/whatsapp/signature.h"

#include <cctype>
#include <cstdio>

#include "levier/util/crypto.h"
#include "levier/util/utf8.h"

namespace levier::channels::whatsapp {
namespace {

void AppendEscape(char16_t unit, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(unit));
  out->append(buf);
}

}  // namespace

std::string EscapeUnicode(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto byte = static_cast<unsigned char>(body[pos]);
    if (byte <= 0x7E) {
      out.push_back(static_cast<char>(byte));
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    const char32_t c = DecodeUtf8(body, &pos);
    if (c == kReplacementCharacter && body.substr(start, pos - start) != "\xEF\xBF\xBD") {
      // Not UTF-8: no escaped form exists; keep the bytes.
      out.append(body.substr(start, pos - start));
      continue;
    }
    if (c > 0xFFFF) {
      const char32_t v = c - 0x10000;
      AppendEscape(static_cast<char16_t>(0xD800 + (v >> 10)), &out);
      AppendEscape(static_cast<char16_t>(0xDC00 + (v & 0x3FF)), &out);
    } else {
      AppendEscape(static_cast<char16_t>(c), &out);
    }
  }
  return out;
}

std::string ComputeSignature(std::string_view app_secret, std::string_view body) {
  return "sha256=" + crypto::HexEncode(crypto::HmacSha256(app_secret, body));
}

bool VerifySignature(std::string_view app_secret, std::string_view body, std::string_view header) {
  constexpr std::string_view kPrefix = "sha256=";
  if (app_secret.empty() || header.size() != kPrefix.size() + 64 ||
      header.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  std::string given(header.substr(kPrefix.size()));
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string raw = crypto::HexEncode(crypto::HmacSha256(app_secret, body));
  const std::string escaped = crypto::HexEncode(crypto::HmacSha256(app_secret, EscapeUnicode(body)));
  // Both compared, whichever matches: no early exit that times the form.
  const bool raw_ok = crypto::ConstantTimeEquals(raw, given);
  const bool escaped_ok = crypto::ConstantTimeEquals(escaped, given);
  return raw_ok || escaped_ok;
}

std::string AnswerChallenge(std::string_view verify_token, std::string_view mode,
                            std::string_view token, std::string_view challenge) {
  if (verify_token.empty() || mode != "subscribe") return "";
  if (!crypto::ConstantTimeEquals(verify_token, token)) return "";
  return std::string(challenge);
}

}  // namespace levier::channels::whatsapp
