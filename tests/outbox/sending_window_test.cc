#include "levier/outbox/sending_window.h"

#include <gtest/gtest.h>

namespace levier::outbox {
namespace LEVIER_UNITY_ID {

// 2026-01-15 (winter, Paris = UTC+1) and 2026-07-15 (summer, UTC+2), 00:00 UTC.
constexpr UnixSeconds kWinterMidnightUtc = 1768435200;
constexpr UnixSeconds kSummerMidnightUtc = 1784073600;
constexpr UnixSeconds kHour = 3600;

SendingWindow Paris() {
  Result<SendingWindow> w = SendingWindow::Create("Europe/Paris", "09:00", "19:00");
  EXPECT_TRUE(w.ok()) << w.status().message();
  return *w;
}

TEST(SendingWindowTest, WinterBoundsAreUtcPlusOne) {
  const SendingWindow w = Paris();
  EXPECT_FALSE(w.Contains(kWinterMidnightUtc + 8 * kHour - 1));  // 08:59:59 Paris
  EXPECT_TRUE(w.Contains(kWinterMidnightUtc + 8 * kHour));       // 09:00 Paris
  EXPECT_TRUE(w.Contains(kWinterMidnightUtc + 18 * kHour - 1));  // 18:59:59 Paris
  EXPECT_FALSE(w.Contains(kWinterMidnightUtc + 18 * kHour));     // 19:00 Paris
}

TEST(SendingWindowTest, SummerBoundsAreUtcPlusTwo) {
  const SendingWindow w = Paris();
  EXPECT_FALSE(w.Contains(kSummerMidnightUtc + 7 * kHour - 1));
  EXPECT_TRUE(w.Contains(kSummerMidnightUtc + 7 * kHour));
  EXPECT_TRUE(w.Contains(kSummerMidnightUtc + 17 * kHour - 1));
  EXPECT_FALSE(w.Contains(kSummerMidnightUtc + 17 * kHour));
}

TEST(SendingWindowTest, NextOpenIsSameDayBeforeStartAndNextDayAfterEnd) {
  const SendingWindow w = Paris();
  // 03:00 Paris -> 09:00 Paris the same day.
  EXPECT_EQ(w.NextOpen(kWinterMidnightUtc + 2 * kHour), kWinterMidnightUtc + 8 * kHour);
  // 20:30 Paris -> 09:00 Paris the next day.
  EXPECT_EQ(w.NextOpen(kWinterMidnightUtc + 19 * kHour + 1800),
            kWinterMidnightUtc + 24 * kHour + 8 * kHour);
  // Inside: itself.
  EXPECT_EQ(w.NextOpen(kWinterMidnightUtc + 12 * kHour), kWinterMidnightUtc + 12 * kHour);
}

TEST(SendingWindowTest, NextOpenAcrossTheSpringDaylightSavingChange) {
  // Sunday 2026-03-29: Paris goes from UTC+1 to UTC+2 at 02:00 local.
  // 2026-03-28 20:00 Paris (19:00 UTC) -> 2026-03-29 09:00 Paris = 07:00 UTC.
  constexpr UnixSeconds kMarch28Utc = 1774656000;  // 2026-03-28 00:00 UTC
  const SendingWindow w = Paris();
  EXPECT_EQ(w.NextOpen(kMarch28Utc + 19 * kHour), kMarch28Utc + 24 * kHour + 7 * kHour);
}

TEST(SendingWindowTest, OtherTimeZoneAndMinutes) {
  Result<SendingWindow> w = SendingWindow::Create("UTC", "09:30", "10:00");
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_FALSE(w->Contains(kWinterMidnightUtc + 9 * kHour + 29 * 60));
  EXPECT_TRUE(w->Contains(kWinterMidnightUtc + 9 * kHour + 30 * 60));
  EXPECT_FALSE(w->Contains(kWinterMidnightUtc + 10 * kHour));
  EXPECT_EQ(w->start_minute(), 570);
}

TEST(SendingWindowTest, RejectsUnknownZoneBadTimesAndEmptyWindow) {
  Result<SendingWindow> zone = SendingWindow::Create("Europe/Nowhere", "09:00", "19:00");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zone.status().message().find("Europe/Nowhere"), std::string::npos);
  EXPECT_FALSE(SendingWindow::Create("Europe/Paris", "9:00", "19:00").ok());
  EXPECT_FALSE(SendingWindow::Create("Europe/Paris", "09:00", "25:00").ok());
  EXPECT_FALSE(SendingWindow::Create("Europe/Paris", "09:60", "19:00").ok());
  Result<SendingWindow> empty = SendingWindow::Create("Europe/Paris", "19:00", "09:00");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("before"), std::string::npos);
  EXPECT_TRUE(SendingWindow::Create("Europe/Paris", "00:00", "24:00").ok());
}

TEST(SendingWindowTest, ParseClockTime) {
  EXPECT_EQ(*ParseClockTime("00:00"), 0);
  EXPECT_EQ(*ParseClockTime("19:45"), 19 * 60 + 45);
  EXPECT_EQ(*ParseClockTime("24:00"), 1440);
  EXPECT_FALSE(ParseClockTime("24:01").ok());
  EXPECT_FALSE(ParseClockTime("ab:cd").ok());
  EXPECT_FALSE(ParseClockTime("").ok());
}

}  // namespace
}  // namespace levier::outbox
