#include "levier/util/rate_limiter.h"

#include <gtest/gtest.h>

namespace levier {
namespace LEVIER_UNITY_ID {

TEST(RateLimiterTest, AllowsBurstThenRefusesUntilRefilled) {
  RateLimiter limiter(20);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.Allow("a", 0)) << i;
  EXPECT_FALSE(limiter.Allow("a", 0));
  EXPECT_FALSE(limiter.Allow("a", 2'999));  // one token takes 3 s at 20/min
  EXPECT_TRUE(limiter.Allow("a", 3'000));
  EXPECT_FALSE(limiter.Allow("a", 3'000));
}

TEST(RateLimiterTest, WaitMillisSaysWhenTheNextTokenComesWithoutTakingOne) {
  RateLimiter limiter(20);
  EXPECT_EQ(limiter.WaitMillis("a", 0), 0);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(limiter.Allow("a", 0)) << i;
  EXPECT_EQ(limiter.WaitMillis("a", 0), 3'000);
  EXPECT_EQ(limiter.WaitMillis("a", 1'000), 2'000);
  EXPECT_EQ(limiter.WaitMillis("a", 3'000), 0);
  EXPECT_EQ(limiter.WaitMillis("a", 3'000), 0);  // asking took nothing
  EXPECT_TRUE(limiter.Allow("a", 3'000));
  EXPECT_EQ(RateLimiter(0).WaitMillis("a", 0), 0);
}

TEST(RateLimiterTest, KeysAreIndependent) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_FALSE(limiter.Allow("a", 0));
  EXPECT_TRUE(limiter.Allow("b", 0));
}

TEST(RateLimiterTest, ARefundGivesOneTokenBackNeverPastTheBurst) {
  RateLimiter limiter(2);
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_FALSE(limiter.Allow("a", 0));
  limiter.Refund("a", 0);
  limiter.Refund("a", 0);
  limiter.Refund("a", 0);  // two at most: the burst
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_FALSE(limiter.Allow("a", 0));
  limiter.Refund("untracked", 0);
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

TEST(RateLimiterTest, ZeroDisables) {
  RateLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Allow("a", 0));
}

TEST(RateLimiterTest, ForgetsIdleKeysAndBoundsMemory) {
  RateLimiter limiter(60, /*max_keys=*/2);
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_TRUE(limiter.Allow("b", 0));
  EXPECT_FALSE(limiter.Allow("c", 0));  // table full of non-full buckets
  // One second later "a" and "b" have refilled their single token: pruned.
  EXPECT_TRUE(limiter.Allow("c", 1'000));
  EXPECT_LE(limiter.tracked_keys(), 2u);
}

}  // namespace
}  // namespace levier
