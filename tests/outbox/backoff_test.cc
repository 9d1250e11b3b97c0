#include "levier/outbox/backoff.h"

#include <gtest/gtest.h>

namespace levier::outbox {
namespace LEVIER_UNITY_ID {

TEST(BackoffTest, DoublesFromInitialUpToTheCapWithoutJitter) {
  const BackoffPolicy p{60, 600, 0.0};
  EXPECT_EQ(BackoffDelay(p, 1, 0.5), 60);
  EXPECT_EQ(BackoffDelay(p, 2, 0.5), 120);
  EXPECT_EQ(BackoffDelay(p, 3, 0.5), 240);
  EXPECT_EQ(BackoffDelay(p, 4, 0.5), 480);
  EXPECT_EQ(BackoffDelay(p, 5, 0.5), 600);
  EXPECT_EQ(BackoffDelay(p, 1000, 0.5), 600);  // no overflow
}

TEST(BackoffTest, JitterTakesAtMostItsShareOff) {
  const BackoffPolicy p{100, 10000, 0.25};
  EXPECT_EQ(BackoffDelay(p, 1, 0.0), 100);    // no draw: the full wait
  EXPECT_EQ(BackoffDelay(p, 1, 0.999), 76);   // floor(100 * 0.25 * 0.999) = 24 off
  EXPECT_EQ(BackoffDelay(p, 3, 0.5), 350);    // 400 - 50
  for (int attempt = 1; attempt <= 10; ++attempt) {
    const UnixSeconds d = RandomBackoffDelay(p, attempt);
    const UnixSeconds base = BackoffDelay({100, 10000, 0.0}, attempt, 0);
    EXPECT_GE(d, base - base / 4) << attempt;
    EXPECT_LE(d, base) << attempt;
  }
}

TEST(BackoffTest, NeverBelowOneSecond) {
  EXPECT_EQ(BackoffDelay({0, 0, 1.0}, 1, 0.999), 1);
  EXPECT_EQ(BackoffDelay({1, 1, 1.0}, 5, 0.999), 1);
}

}  // namespace
}  // namespace levier::outbox
