// Token-bucket rate limiting per key (a pseudonym, a client address).
//
// Each key may spend `per_minute` tokens in a burst, refilled continuously at
// per_minute/60 per second. Keys idle long enough to be full again are
// forgotten, so memory stays bounded by the number of recently active keys
// (and by `max_keys`: past it, new keys are refused rather than growing
// without bound under a flood of distinct keys).
//
// Thread-safe: Allow may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace levier {

class RateLimiter {
 public:
  // per_minute == 0 disables the limiter (Allow always true).
  RateLimiter(std::uint32_t per_minute, std::size_t max_keys = 100'000);

  // Takes one token for `key` at time `now_ms` (any monotonic milliseconds).
  // False when the key has none left.
  bool Allow(std::string_view key, std::int64_t now_ms);

  // Gives back one token taken from `key` (an attempt that turned out not to
  // count), never past the burst. Nothing for a key not tracked (full).
  void Refund(std::string_view key, std::int64_t now_ms);

  // Milliseconds until `key` has a token again (0: Allow would succeed now).
  // Takes nothing: for refusing early, and for Retry-After.
  std::int64_t WaitMillis(std::string_view key, std::int64_t now_ms) const;

  std::size_t tracked_keys() const;

 private:
  // Tokens are counted in units of 1/60000 so that refilling `per_minute`
  // tokens per 60,000 ms is exact integer arithmetic: one unit per token per ms.
  static constexpr std::int64_t kUnitsPerToken = 60'000;
  struct Bucket {
    std::int64_t units;
    std::int64_t updated_ms;
  };
  std::int64_t Refilled(const Bucket& b, std::int64_t now_ms) const;
  void PruneFull(std::int64_t now_ms);  // REQUIRES: mutex_ held

  const std::int64_t per_minute_;
  const std::int64_t capacity_units_;
  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
  std::int64_t last_prune_ms_ = 0;                   // guarded by mutex_
};

}  // namespace levier
