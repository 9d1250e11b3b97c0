// Cryptographic primitives used across Levier, thin wrappers over OpenSSL.
//
// All functions are pure and thread-safe. Keys and messages are raw bytes in
// std::string_view; outputs are raw bytes unless the name says Hex/Base64.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levier::crypto {

std::string HmacSha1(std::string_view key, std::string_view message);
std::string HmacSha256(std::string_view key, std::string_view message);
std::string Sha256(std::string_view message);

std::string Base64Encode(std::string_view bytes);
// Standard alphabet with padding (RFC 4648 section 4), no whitespace or line
// breaks; "" decodes to "". False (and *out cleared) for anything else.
bool Base64Decode(std::string_view text, std::string* out);
std::string HexEncode(std::string_view bytes);
// Returns false (and leaves *out unspecified) when `hex` is not even-length hex.
bool HexDecode(std::string_view hex, std::string* out);

// Compares in time that depends only on the lengths, not on the contents.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// `n` bytes from OpenSSL's CSPRNG. Aborts if the generator fails (it never
// does on Linux once seeded; silently returning weak bytes would be worse).
std::string RandomBytes(std::size_t n);

// AES-256-GCM authenticated encryption, for data kept at rest only while
// needed (a follow-up's phone number). `key` must be 32 bytes.
// Returns nonce (12 random bytes) || ciphertext || tag (16 bytes); no
// associated data. A random 96-bit nonce per message is safe for far more
// messages than one key will ever seal here (NIST SP 800-38D 8.3: 2^32).
// REQUIRES: key.size() == 32 (aborts otherwise: a wrong key length is a
// programming error, never input).
std::string AesGcmSeal(std::string_view key, std::string_view plaintext);
// Opens what AesGcmSeal produced. False when `sealed` is too short, was
// altered, was sealed under another key, or `key` is not 32 bytes;
// *plaintext is then cleared.
bool AesGcmOpen(std::string_view key, std::string_view sealed, std::string* plaintext);

}  // namespace levier::crypto
