#include "levier/util/time_util.h"

#include <chrono>
#include <ctime>

namespace levier {

UnixSeconds NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t NowUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {
std::tm ToUtc(UnixSeconds t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}
}  // namespace

std::string FormatIso8601(UnixSeconds t) {
  const std::tm tm = ToUtc(t);
  char buf[32];
  return std::string(buf, std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm));
}

std::string FormatYearMonth(UnixSeconds t) {
  const std::tm tm = ToUtc(t);
  char buf[16];
  return std::string(buf, std::strftime(buf, sizeof buf, "%Y-%m", &tm));
}

namespace {
// Days since 1970-01-01 of a date in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = y / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool ParseYearMonth(std::string_view s, int* year, unsigned* month) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  *month = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  return *year >= 2000 && *year <= 2999 && *month >= 1 && *month <= 12;
}
}  // namespace

std::optional<UnixSeconds> MonthStart(std::string_view year_month) {
  int year = 0;
  unsigned month = 0;
  if (!ParseYearMonth(year_month, &year, &month)) return std::nullopt;
  return DaysFromCivil(year, month, 1) * 86400;
}

std::optional<UnixSeconds> MonthEnd(std::string_view year_month) {
  int year = 0;
  unsigned month = 0;
  if (!ParseYearMonth(year_month, &year, &month)) return std::nullopt;
  return month == 12 ? DaysFromCivil(year + 1, 1, 1) * 86400
                     : DaysFromCivil(year, month + 1, 1) * 86400;
}

}  // namespace levier
