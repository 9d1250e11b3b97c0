#include "levier/outbox/sending_window.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <charconv>

namespace levier::outbox {
namespace {

constexpr double kMillis = 1000.0;

// A fresh calendar in `zone` set to `utc` (ICU calendars are not thread-safe).
std::unique_ptr<icu::Calendar> CalendarAt(const icu::TimeZone& zone, UnixSeconds utc) {
  UErrorCode status = U_ZERO_ERROR;
  auto calendar = std::make_unique<icu::GregorianCalendar>(zone, status);
  if (U_FAILURE(status)) return nullptr;
  calendar->setTime(static_cast<UDate>(utc) * kMillis, status);
  if (U_FAILURE(status)) return nullptr;
  return calendar;
}

int LocalMinute(icu::Calendar& calendar) {
  UErrorCode status = U_ZERO_ERROR;
  const int hour = calendar.get(UCAL_HOUR_OF_DAY, status);
  const int minute = calendar.get(UCAL_MINUTE, status);
  return U_FAILURE(status) ? -1 : hour * 60 + minute;
}

}  // namespace

Result<int> ParseClockTime(std::string_view text) {
  const auto bad = [&] {
    return Status::InvalidArgument("time '" + std::string(text) + "' must be HH:MM (00:00-24:00)");
  };
  if (text.size() != 5 || text[2] != ':') return bad();
  int hours = 0;
  int minutes = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + 2, hours);
  auto [p2, e2] = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  if (e1 != std::errc() || p1 != text.data() + 2 || e2 != std::errc() ||
      p2 != text.data() + 5 || hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
    return bad();
  }
  return hours * 60 + minutes;
}

Result<SendingWindow> SendingWindow::Create(std::string_view time_zone, std::string_view start,
                                            std::string_view end) {
  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(time_zone.data(), static_cast<int32_t>(time_zone.size())));
  std::shared_ptr<const icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  if (zone == nullptr || *zone == icu::TimeZone::getUnknown() || time_zone.empty()) {
    return Status::InvalidArgument("time zone '" + std::string(time_zone) +
                                   "' is not a known IANA time zone (e.g. Europe/Paris)");
  }
  Result<int> from = ParseClockTime(start);
  if (!from.ok()) return Status::InvalidArgument("window start: " + from.status().message());
  Result<int> to = ParseClockTime(end);
  if (!to.ok()) return Status::InvalidArgument("window end: " + to.status().message());
  if (*from >= *to) {
    return Status::InvalidArgument("window start " + std::string(start) +
                                   " must be before window end " + std::string(end));
  }
  return SendingWindow(std::move(zone), std::string(time_zone), *from, *to);
}

bool SendingWindow::Contains(UnixSeconds utc) const {
  std::unique_ptr<icu::Calendar> calendar = CalendarAt(*zone_, utc);
  if (calendar == nullptr) return false;
  const int minute = LocalMinute(*calendar);
  return minute >= start_minute_ && minute < end_minute_;
}

UnixSeconds SendingWindow::NextOpen(UnixSeconds utc) const {
  if (Contains(utc)) return utc;
  std::unique_ptr<icu::Calendar> calendar = CalendarAt(*zone_, utc);
  if (calendar == nullptr) return utc + 3600;  // ICU failed: look again later
  UErrorCode status = U_ZERO_ERROR;
  if (LocalMinute(*calendar) >= end_minute_) calendar->add(UCAL_DATE, 1, status);
  calendar->set(UCAL_HOUR_OF_DAY, start_minute_ / 60);
  calendar->set(UCAL_MINUTE, start_minute_ % 60);
  calendar->set(UCAL_SECOND, 0);
  calendar->set(UCAL_MILLISECOND, 0);
  const UDate opens = calendar->getTime(status);
  if (U_FAILURE(status)) return utc + 3600;
  const auto next = static_cast<UnixSeconds>(opens / kMillis);
  // A start time skipped by a daylight-saving jump resolves to the next
  // valid instant, which is still after `utc`.
  return next > utc ? next : utc + 60;
}

}  // namespace levier::outbox
