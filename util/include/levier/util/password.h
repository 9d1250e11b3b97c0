// Passwords of workspace accounts: Argon2id through libsodium
// (crypto_pwhash_str), in the PHC string format that carries its own salt
// and parameters ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash"), so the
// parameters can be raised later and old hashes still verify
// (PasswordNeedsRehash tells when to re-hash at the next login).
//
// Parameters: libsodium's "interactive" limits, t=2 passes over m=64 MiB,
// one lane: about 0.1 s on one core here, above OWASP's minimum for Argon2id
// (m=19 MiB, t=2). Hashing is slow on purpose: never call it on an I/O
// thread or the store's threads.
//
// Thread-safety: pure functions (libsodium is initialised once, thread-safely).
#pragma once

#include <string>
#include <string_view>

#include "levier/util/status.h"

namespace levier::password {

inline constexpr std::size_t kMinLength = 12;   // bytes of UTF-8
inline constexpr std::size_t kMaxLength = 128;  // bounds the work of a hash

// InvalidArgument, in words an account holder understands, when `password`
// is shorter than kMinLength, longer than kMaxLength, or has a NUL byte.
Status CheckPolicy(std::string_view password);

// The PHC string of a fresh Argon2id hash of `password` (random salt).
// Internal when libsodium cannot allocate the memory the hash needs.
Result<std::string> Hash(std::string_view password);

// Whether `password` matches `hash`; false for a malformed hash.
bool Verify(std::string_view hash, std::string_view password);

// Whether `hash` was made with other parameters than Hash uses today.
bool NeedsRehash(std::string_view hash);

// A random password of 20 characters from an alphabet without look-alikes
// (about 99 bits), grouped by 5 with hyphens for reading aloud: for
// `levier user create` when no password is given.
std::string Generate();

}  // namespace levier::password
