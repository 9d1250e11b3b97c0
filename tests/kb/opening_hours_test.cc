#include "levier/kb/opening_hours.h"

#include <gtest/gtest.h>

#include <ctime>

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using Interval = OpeningHours::Interval;

UnixSeconds Utc(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return static_cast<UnixSeconds>(timegm(&tm));
}

OpeningHours Parsed(std::string_view text) {
  Result<OpeningHours> h = OpeningHours::Parse(text);
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return h.ok() ? *h : OpeningHours();
}

std::string ParseError(std::string_view text) {
  Result<OpeningHours> h = OpeningHours::Parse(text);
  EXPECT_FALSE(h.ok()) << text;
  return h.ok() ? "" : h.status().message();
}

TEST(OpeningHoursTest, ParsesDaysRangesAndHolidays) {
  const OpeningHours h = Parsed("Mo-Fr 08:30-12:30,14:00-17:00; Sa 09:00-12:00; PH off");
  EXPECT_TRUE(h.known());
  EXPECT_EQ(h.day(0), (std::vector<Interval>{{510, 750}, {840, 1020}}));
  EXPECT_EQ(h.day(4), h.day(0));
  EXPECT_EQ(h.day(5), (std::vector<Interval>{{540, 720}}));
  EXPECT_TRUE(h.day(6).empty());
}

TEST(OpeningHoursTest, LaterRulesReplaceEarlierOnesAndDayRangesWrap) {
  const OpeningHours h = Parsed("Mo-Fr 09:00-17:00; We off; Fr-Mo 10:00-11:00");
  EXPECT_EQ(h.day(1), (std::vector<Interval>{{540, 1020}}));  // Tuesday untouched
  EXPECT_TRUE(h.day(2).empty());                              // Wednesday off
  for (const int d : {4, 5, 6, 0}) EXPECT_EQ(h.day(d), (std::vector<Interval>{{600, 660}})) << d;
  EXPECT_EQ(Parsed("Mo,We 10:00-24:00").day(2), (std::vector<Interval>{{600, 1440}}));
  EXPECT_EQ(Parsed("24/7").day(3), (std::vector<Interval>{{0, 1440}}));
  EXPECT_EQ(Parsed("10:00-12:00").day(6),
            (std::vector<Interval>{{600, 720}}));  // no days: every day
}

TEST(OpeningHoursTest, EmptyTextMeansUnknown) {
  EXPECT_FALSE(Parsed("").known());
  EXPECT_FALSE(EvaluateOpening(OpeningHours(), Utc(2026, 1, 13, 9, 0)).known);
}

TEST(OpeningHoursTest, UnsupportedOrMalformedRulesAreRefusedNamingTheRule) {
  EXPECT_EQ(
      ParseError("Mo-Fr 17:00-09:00"),
      "opening hours rule \"Mo-Fr 17:00-09:00\": a range must end after it starts, the same day");
  EXPECT_EQ(
      ParseError("Mo-Fr 09:00-12:00; Jan Mo 10:00-12:00"),
      "opening hours rule \"Jan Mo 10:00-12:00\": \"Jan Mo 10:00-12:00\" is not a time range like "
      "08:30-12:30 (supported: days, hours, off, 24/7, PH off)");
  EXPECT_EQ(ParseError("Mo-Fr"),
            "opening hours rule \"Mo-Fr\": missing hours (08:30-12:30) or \"off\"");
  EXPECT_EQ(ParseError("Mo 10:00-12:00,11:00-13:00"),
            "opening hours rule \"Mo 10:00-12:00,11:00-13:00\": ranges overlap");
  EXPECT_EQ(ParseError("Mo-Xy 10:00-12:00"),
            "opening hours rule \"Mo-Xy 10:00-12:00\": days must read like Mo, Mo-Fr or Mo,We,Fr");
  EXPECT_FALSE(OpeningHours::Parse("PH 10:00-12:00").ok());
  EXPECT_FALSE(OpeningHours::Parse("Mo 24:00-24:30").ok());
}

TEST(OpeningHoursTest, OpenNowAndNextOpeningInWinterAndSummer) {
  const OpeningHours h = Parsed("Mo-Fr 08:30-12:30");
  // Tuesday 13 January 2026, 08:45 in Paris (UTC+1).
  OpeningState s = EvaluateOpening(h, Utc(2026, 1, 13, 7, 45));
  EXPECT_TRUE(s.open_now);
  EXPECT_EQ(s.closes_at, Utc(2026, 1, 13, 11, 30));
  EXPECT_EQ(s.closes_local.minute, 750);
  // 08:15 in Paris: opens in a quarter of an hour.
  s = EvaluateOpening(h, Utc(2026, 1, 13, 7, 15));
  EXPECT_FALSE(s.open_now);
  ASSERT_TRUE(s.has_next);
  EXPECT_EQ(s.next_opening, Utc(2026, 1, 13, 7, 30));
  // Tuesday 14 July 2026, 08:45 in Paris (UTC+2).
  s = EvaluateOpening(h, Utc(2026, 7, 14, 6, 45));
  EXPECT_TRUE(s.open_now);
  EXPECT_EQ(s.closes_at, Utc(2026, 7, 14, 10, 30));
}

TEST(OpeningHoursTest, NextOpeningAcrossTheSpringChange) {
  // Friday 27 March 2026, 13:00 in Paris (UTC+1); clocks go forward on Sunday the 29th.
  const OpeningState s = EvaluateOpening(Parsed("Mo-Fr 08:30-12:30"), Utc(2026, 3, 27, 12, 0));
  EXPECT_FALSE(s.open_now);
  ASSERT_TRUE(s.has_next);
  EXPECT_EQ(s.next_opening, Utc(2026, 3, 30, 6, 30));  // Monday 08:30, now UTC+2
  EXPECT_EQ(s.next_local.weekday, 0);
  EXPECT_EQ(s.next_local.minute, 510);
  EXPECT_EQ(s.next_local.day, 30);
}

TEST(OpeningHoursTest, OpenNowOnTheDaysOfTheChanges) {
  const OpeningHours sunday = Parsed("Su 09:00-12:00");
  // 29 March 2026 07:30 UTC is 09:30 in Paris (already summer time): open.
  OpeningState s = EvaluateOpening(sunday, Utc(2026, 3, 29, 7, 30));
  EXPECT_TRUE(s.open_now);
  EXPECT_EQ(s.closes_at, Utc(2026, 3, 29, 10, 0));
  // 25 October 2026 07:30 UTC is 08:30 in Paris (back to winter time): closed until 09:00.
  s = EvaluateOpening(sunday, Utc(2026, 10, 25, 7, 30));
  EXPECT_FALSE(s.open_now);
  ASSERT_TRUE(s.has_next);
  EXPECT_EQ(s.next_opening, Utc(2026, 10, 25, 8, 0));
}

TEST(OpeningHoursTest, NextOpeningAcrossTheAutumnChange) {
  // Friday 23 October 2026, 13:00 in Paris (UTC+2) -> Monday 26th 08:30 (UTC+1).
  const OpeningState s = EvaluateOpening(Parsed("Mo-Fr 08:30-12:30"), Utc(2026, 10, 23, 11, 0));
  ASSERT_TRUE(s.has_next);
  EXPECT_EQ(s.next_opening, Utc(2026, 10, 26, 7, 30));
}

TEST(OpeningHoursTest, OpeningInTheSkippedHourHappensAnHourLater) {
  // 02:30 does not exist in Paris on 29 March 2026: it is read as 02:30 winter
  // time, 01:30 UTC, which the clocks show as 03:30.
  const OpeningState s = EvaluateOpening(Parsed("Su 02:30-04:00"), Utc(2026, 3, 28, 12, 0));
  ASSERT_TRUE(s.has_next);
  EXPECT_EQ(s.next_opening, Utc(2026, 3, 29, 1, 30));
  EXPECT_EQ(s.next_local.minute, 210);
}

TEST(OpeningHoursTest, NoOpeningWithinAWeek) {
  const OpeningState s = EvaluateOpening(Parsed("Mo-Su off"), Utc(2026, 1, 13, 9, 0));
  EXPECT_TRUE(s.known);
  EXPECT_FALSE(s.open_now);
  EXPECT_FALSE(s.has_next);
}

}  // namespace
}  // namespace levier::kb
