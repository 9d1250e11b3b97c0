// Exponential backoff with jitter for outbound retries.
//
// Attempt n (1-based) waits base(n) = min(max, initial * 2^(n-1)) minus a
// random share of at most `jitter` of it, so retries from many rows after
// one outage do not arrive at the platform in the same second. Pure;
// thread-safe.
#pragma once

#include "levier/util/time_util.h"

namespace levier::outbox {

struct BackoffPolicy {
  UnixSeconds initial = 60;   // wait after the first failed attempt
  UnixSeconds max = 6 * 3600;  // cap on one wait
  double jitter = 0.25;        // share of the wait taken off at random, 0..1
};

// The wait after failed attempt `attempt` (>= 1), given `unit_random` in
// [0, 1). Always in [max(1, base*(1-jitter)), base] where base is as above.
UnixSeconds BackoffDelay(const BackoffPolicy& policy, int attempt, double unit_random);

// BackoffDelay with a random draw.
UnixSeconds RandomBackoffDelay(const BackoffPolicy& policy, int attempt);

}  // namespace levier::outbox
