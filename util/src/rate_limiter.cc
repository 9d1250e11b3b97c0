#include "levier/util/rate_limiter.h"

#include <algorithm>

namespace levier {

RateLimiter::RateLimiter(std::uint32_t per_minute, std::size_t max_keys)
    : per_minute_(per_minute), capacity_units_(per_minute * kUnitsPerToken), max_keys_(max_keys) {}

std::int64_t RateLimiter::Refilled(const Bucket& b, std::int64_t now_ms) const {
  const std::int64_t elapsed = std::max<std::int64_t>(0, now_ms - b.updated_ms);
  // Cap elapsed first so the product cannot overflow after a long idle time.
  const std::int64_t capped = std::min<std::int64_t>(elapsed, kUnitsPerToken);
  return std::min(capacity_units_, b.units + capped * per_minute_);
}

bool RateLimiter::Allow(std::string_view key, std::int64_t now_ms) {
  if (per_minute_ == 0) return true;
  std::lock_guard lock(mutex_);
  if (now_ms - last_prune_ms_ > 60'000) PruneFull(now_ms);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      PruneFull(now_ms);
      if (buckets_.size() >= max_keys_) return false;
    }
    it = buckets_.emplace(std::string(key), Bucket{capacity_units_, now_ms}).first;
  }
  Bucket& b = it->second;
  b.units = Refilled(b, now_ms);
  // A clock that went back refills nothing, now or at the next call.
  b.updated_ms = std::max(b.updated_ms, now_ms);
  if (b.units < kUnitsPerToken) return false;
  b.units -= kUnitsPerToken;
  return true;
}

void RateLimiter::Refund(std::string_view key, std::int64_t now_ms) {
  if (per_minute_ == 0) return;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return;
  Bucket& b = it->second;
  b.units = std::min(capacity_units_, Refilled(b, now_ms) + kUnitsPerToken);
  b.updated_ms = std::max(b.updated_ms, now_ms);
}

std::int64_t RateLimiter::WaitMillis(std::string_view key, std::int64_t now_ms) const {
  if (per_minute_ == 0) return 0;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return buckets_.size() >= max_keys_ ? kUnitsPerToken : 0;
  const std::int64_t missing = kUnitsPerToken - Refilled(it->second, now_ms);
  // One unit per token per ms: ceil(missing / per_minute_) ms.
  return missing <= 0 ? 0 : (missing + per_minute_ - 1) / per_minute_;
}

void RateLimiter::PruneFull(std::int64_t now_ms) {
  last_prune_ms_ = now_ms;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (Refilled(it->second, now_ms) >= capacity_units_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace levier
