#include "levier/util/time_util.h"

#include <gtest/gtest.h>

namespace levier {
namespace LEVIER_UNITY_ID {

TEST(TimeUtilTest, MonthBoundsInUtc) {
  EXPECT_EQ(MonthStart("2026-11"), 1793491200);  // 2026-11-01T00:00:00Z
  EXPECT_EQ(MonthEnd("2026-11"), 1796083200);    // 2026-12-01T00:00:00Z
  EXPECT_EQ(MonthEnd("2026-12"), MonthStart("2027-01"));
  EXPECT_EQ(*MonthEnd("2024-02") - *MonthStart("2024-02"), 29 * 86400);  // leap year
  EXPECT_EQ(*MonthEnd("2100-02") - *MonthStart("2100-02"), 28 * 86400);  // not one
  EXPECT_EQ(FormatIso8601(*MonthStart("2000-01")), "2000-01-01T00:00:00Z");
  EXPECT_EQ(FormatYearMonth(*MonthEnd("2026-11") - 1), "2026-11");
}

TEST(TimeUtilTest, MalformedMonthsAreRefused) {
  for (const char* bad : {"", "2026", "2026-1", "2026-00", "2026-13", "1999-12", "3000-01",
                          "2026/11", "2026-1a", "２０２６-11", "2026-11-01"}) {
    EXPECT_EQ(MonthStart(bad), std::nullopt) << bad;
    EXPECT_EQ(MonthEnd(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace levier
