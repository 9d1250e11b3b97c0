// Time-based one-time passwords (RFC 6238, over HOTP of RFC 4226): the
// six-digit codes of authenticator apps, the workspace's second factor.
// HMAC-SHA1, 30-second steps, as every authenticator app reads by default.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "levier/util/time_util.h"

namespace levier::totp {

inline constexpr int kStepSeconds = 30;
inline constexpr int kDigits = 6;
inline constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommendation

// RFC 4648 base32 without padding (what authenticator apps take), and back
// (case-insensitive, spaces and padding ignored; false for anything else).
std::string Base32Encode(std::string_view bytes);
bool Base32Decode(std::string_view text, std::string* out);

// The time step of `at`.
std::int64_t StepAt(UnixSeconds at);
// The code of `secret` for time step `step`, `digits` long (zero-padded).
std::string CodeAt(std::string_view secret, std::int64_t step, int digits = kDigits);

// The step whose code `code` is, among the step of `at` and one step either
// side (a phone's clock may be off by up to 30 s), later than
// `last_used_step` (a code is accepted once); nullopt otherwise.
std::optional<std::int64_t> Verify(std::string_view secret, std::string_view code, UnixSeconds at,
                                   std::int64_t last_used_step);

// The otpauth:// URI an authenticator app reads (as a QR code or pasted).
std::string ProvisioningUri(std::string_view issuer, std::string_view account,
                            std::string_view secret);

}  // namespace levier::totp
