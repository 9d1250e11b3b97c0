#include "levier/util/password.h"

#include <sodium.h>

#include <cstdlib>

#include "levier/util/crypto.h"

namespace levier::password {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void InitialiseSodium() {
  // sodium_init is thread-safe and idempotent; a failure means no usable
  // random source, where going on would be worse than stopping.
  static const int initialised = sodium_init();
  if (initialised < 0) std::abort();
}

}  // namespace

Status CheckPolicy(std::string_view password) {
  if (password.size() < kMinLength) {
    return Status::InvalidArgument("the password must have at least " + std::to_string(kMinLength) +
                                   " characters");
  }
  if (password.size() > kMaxLength) {
    return Status::InvalidArgument("the password must have at most " + std::to_string(kMaxLength) +
                                   " characters");
  }
  if (password.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("the password must not contain a NUL character");
  }
  return Status::Ok();
}

Result<std::string> Hash(std::string_view password) {
  InitialiseSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool Verify(std::string_view hash, std::string_view password) {
  InitialiseSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(hash);  // libsodium reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  InitialiseSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), kOpsLimit, kMemLimit) != 0;
}

std::string Generate() {
  // 31 symbols (no 0/O, 1/I/L): about 4.95 bits each, 20 symbols = 99 bits.
  constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  static_assert(kAlphabet.size() == 31);
  std::string out;
  while (out.size() < 23) {
    if (out.size() % 6 == 5) {
      out += '-';
      continue;
    }
    // Rejection sampling (248 = 8 * 31) keeps every symbol equally likely.
    const auto byte = static_cast<unsigned char>(crypto::RandomBytes(1)[0]);
    if (byte >= 248) continue;
    out += kAlphabet[byte % kAlphabet.size()];
  }
  return out;
}

}  // namespace levier::password
