#include "levier/bot/invitation_code.h"

#include <cctype>

#include "levier/util/crypto.h"

namespace levier::bot {
namespace {

// Longest message looked at: a code with separators and "/start ".
constexpr std::size_t kMaxCodeMessage = 40;

bool HasDigitAndLetter(std::string_view code) {
  bool digit = false, letter = false;
  for (char c : code) {
    if (c >= '0' && c <= '9') digit = true;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return digit && letter;
}

}  // namespace

std::string NewInvitationCode() {
  // Rejection sampling keeps every character equally likely: 248 is the
  // largest multiple of 31 not above 256.
  constexpr unsigned kLimit = 256 - 256 % kInvitationAlphabet.size();
  for (;;) {
    std::string code;
    while (code.size() < kInvitationCodeLength) {
      for (unsigned char byte : crypto::RandomBytes(16)) {
        if (byte >= kLimit || code.size() == kInvitationCodeLength) continue;
        code += kInvitationAlphabet[byte % kInvitationAlphabet.size()];
      }
    }
    if (HasDigitAndLetter(code)) return code;
  }
}

std::string InvitationCodeIn(std::string_view text) {
  if (text.size() > kMaxCodeMessage) return {};
  std::string_view rest = text;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
    rest.remove_prefix(1);
  }
  if (rest.substr(0, 6) == "/start") rest.remove_prefix(6);
  std::string code;
  for (char c : rest) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || c == '-' || c == '.') continue;
    const char upper = static_cast<char>(std::toupper(u));
    if (kInvitationAlphabet.find(upper) == std::string_view::npos) return {};
    code += upper;
    if (code.size() > kInvitationCodeLength) return {};
  }
  if (code.size() != kInvitationCodeLength || !HasDigitAndLetter(code)) return {};
  return code;
}

}  // namespace levier::bot
