#include "levier/outbox/backoff.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace levier::outbox {

UnixSeconds BackoffDelay(const BackoffPolicy& policy, int attempt, double unit_random) {
  const UnixSeconds initial = std::max<UnixSeconds>(1, policy.initial);
  const UnixSeconds cap = std::max(initial, policy.max);
  UnixSeconds base = initial;
  for (int i = 1; i < attempt && base < cap; ++i) base = std::min(cap, base * 2);
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  const double draw = std::clamp(unit_random, 0.0, 1.0);
  const auto off = static_cast<UnixSeconds>(std::floor(static_cast<double>(base) * jitter * draw));
  return std::max<UnixSeconds>(1, base - off);
}

UnixSeconds RandomBackoffDelay(const BackoffPolicy& policy, int attempt) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return BackoffDelay(policy, attempt, unit(generator));
}

}  // namespace levier::outbox
