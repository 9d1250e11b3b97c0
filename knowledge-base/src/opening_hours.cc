#include "levier/kb/opening_hours.h"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/ucal.h>

#include <algorithm>
#include <memory>

namespace levier::kb {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
constexpr int kMinutesPerDay = 24 * 60;
constexpr std::int64_t kSecondsPerDay = 86'400;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    parts.push_back(Trim(s.substr(start, pos == std::string_view::npos ? pos : pos - start)));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

int DayIndex(std::string_view name) {
  const auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
  return it == kDayNames.end() ? -1 : static_cast<int>(it - kDayNames.begin());
}

// "08:30" -> 510; "24:00" only when `allow_24`. -1 when malformed.
int ParseClock(std::string_view s, bool allow_24) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (const std::size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59) return -1;
  if (h == 24 && m == 0 && allow_24) return kMinutesPerDay;
  if (h > 23) return -1;
  return h * 60 + m;
}

// Days selector "Mo-Fr,Su" -> mask of weekdays; 0 when malformed.
unsigned ParseDays(std::string_view s) {
  unsigned mask = 0;
  for (std::string_view part : Split(s, ',')) {
    const std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      const int d = DayIndex(part);
      if (d < 0) return 0;
      mask |= 1u << d;
      continue;
    }
    const int from = DayIndex(Trim(part.substr(0, dash)));
    const int to = DayIndex(Trim(part.substr(dash + 1)));
    if (from < 0 || to < 0) return 0;
    for (int d = from;; d = (d + 1) % 7) {  // "Fr-Mo" wraps over the weekend
      mask |= 1u << d;
      if (d == to) break;
    }
  }
  return mask;
}

bool LooksLikeDays(std::string_view token) {
  return token.size() >= 2 && DayIndex(token.substr(0, 2)) >= 0;
}

Status RuleError(std::string_view rule, std::string_view why) {
  return Status::InvalidArgument("opening hours rule \"" + std::string(rule) +
                                 "\": " + std::string(why));
}

// --- Civil dates (proleptic Gregorian), after H. Hinnant's algorithms.
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(std::int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The Europe/Paris zone, created once; ICU zones are safe for concurrent const use.
const icu::BasicTimeZone& Paris() {
  static const icu::BasicTimeZone* const kZone = [] {
    icu::TimeZone* tz = icu::TimeZone::createTimeZone(icu::UnicodeString("Europe/Paris"));
    return dynamic_cast<const icu::BasicTimeZone*>(tz);
  }();
  return *kZone;
}

LocalTime FromLocalSeconds(std::int64_t local) {
  LocalTime lt;
  const std::int64_t days = FloorDiv(local, kSecondsPerDay);
  CivilFromDays(days, &lt.year, &lt.month, &lt.day);
  lt.weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  lt.minute = static_cast<int>((local - days * kSecondsPerDay) / 60);
  return lt;
}

}  // namespace

Result<OpeningHours> OpeningHours::Parse(std::string_view text) {
  OpeningHours hours;
  if (Trim(text).empty()) return hours;
  hours.known_ = true;
  for (std::string_view rule : Split(text, ';')) {
    if (rule.empty()) continue;
    if (rule == "24/7") {
      for (auto& day : hours.week_) day = {Interval{0, kMinutesPerDay}};
      continue;
    }
    if (rule == "PH off" || rule == "PH closed") continue;  // no holiday calendar
    unsigned mask = 0x7F;
    std::string_view rest = rule;
    const std::size_t space = rule.find(' ');
    const std::string_view first = rule.substr(0, space);
    if (LooksLikeDays(first) && first.find(':') == std::string_view::npos) {
      mask = ParseDays(first);
      if (mask == 0) return RuleError(rule, "days must read like Mo, Mo-Fr or Mo,We,Fr");
      rest = space == std::string_view::npos ? std::string_view() : Trim(rule.substr(space));
    }
    std::vector<Interval> intervals;
    if (rest != "off" && rest != "closed") {
      if (rest.empty()) return RuleError(rule, "missing hours (08:30-12:30) or \"off\"");
      for (std::string_view range : Split(rest, ',')) {
        const std::size_t dash = range.find('-');
        const int start =
            dash == std::string_view::npos ? -1 : ParseClock(Trim(range.substr(0, dash)), false);
        const int end =
            dash == std::string_view::npos ? -1 : ParseClock(Trim(range.substr(dash + 1)), true);
        if (start < 0 || end < 0) {
          return RuleError(rule, "\"" + std::string(range) +
                                     "\" is not a time range like 08:30-12:30 (supported: days, "
                                     "hours, off, 24/7, PH off)");
        }
        if (end <= start) return RuleError(rule, "a range must end after it starts, the same day");
        intervals.push_back({static_cast<std::int16_t>(start), static_cast<std::int16_t>(end)});
      }
      std::sort(intervals.begin(), intervals.end(),
                [](const Interval& a, const Interval& b) { return a.start < b.start; });
      for (std::size_t i = 1; i < intervals.size(); ++i) {
        if (intervals[i].start < intervals[i - 1].end) return RuleError(rule, "ranges overlap");
      }
    }
    for (int d = 0; d < 7; ++d) {
      if (mask & (1u << d)) hours.week_[d] = intervals;  // a later rule replaces earlier ones
    }
  }
  return hours;
}

LocalTime ToParisTime(UnixSeconds t) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0;
  int32_t dst = 0;
  Paris().getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  const std::int64_t offset = U_SUCCESS(status) ? (raw + dst) / 1000 : 0;
  return FromLocalSeconds(t + offset);
}

UnixSeconds FromParisTime(int year, int month, int day, int minute) {
  const std::int64_t local = DaysFromCivil(year, month, day) * kSecondsPerDay + minute * 60;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0;
  int32_t dst = 0;
  Paris().getOffsetFromLocal(static_cast<UDate>(local) * 1000.0, UCAL_TZ_LOCAL_FORMER,
                             UCAL_TZ_LOCAL_FORMER, raw, dst, status);
  const std::int64_t offset = U_SUCCESS(status) ? (raw + dst) / 1000 : 0;
  return local - offset;
}

OpeningState EvaluateOpening(const OpeningHours& hours, UnixSeconds now) {
  OpeningState state;
  if (!hours.known()) return state;
  state.known = true;
  const LocalTime today = ToParisTime(now);
  const std::int64_t today_days = DaysFromCivil(today.year, today.month, today.day);
  for (const OpeningHours::Interval& iv : hours.day(today.weekday)) {
    if (today.minute >= iv.start && today.minute < iv.end) {
      state.open_now = true;
      state.closes_at = iv.end == kMinutesPerDay
                            ? FromParisTime(today.year, today.month, today.day + 1, 0)
                            : FromParisTime(today.year, today.month, today.day, iv.end);
      state.closes_local = ToParisTime(state.closes_at);
      return state;
    }
  }
  for (int offset = 0; offset <= 7; ++offset) {
    int y = 0, m = 0, d = 0;
    CivilFromDays(today_days + offset, &y, &m, &d);
    const int weekday = (today.weekday + offset) % 7;
    for (const OpeningHours::Interval& iv : hours.day(weekday)) {
      if (offset == 0 && iv.start <= today.minute) continue;
      const UnixSeconds at = FromParisTime(y, m, d, iv.start);
      if (at <= now) continue;
      state.has_next = true;
      state.next_opening = at;
      state.next_local = ToParisTime(at);
      return state;
    }
  }
  return state;
}

}  // namespace levier::kb
