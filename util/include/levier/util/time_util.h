// Time helpers. Domain code takes time as a parameter (UnixSeconds) so it
// stays pure; only the edges of the program read the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace levier {

using UnixSeconds = std::int64_t;

UnixSeconds NowUnixSeconds();
std::int64_t NowUnixMillis();
// Monotonic clock in microseconds, for latency measurements only.
std::int64_t MonotonicMicros();
// "2026-11-25T19:21:44Z".
std::string FormatIso8601(UnixSeconds t);
// "2026-11" (UTC), the month bucket used by reports.
std::string FormatYearMonth(UnixSeconds t);
// The first second (UTC) of the month "YYYY-MM" (years 2000 to 2999), and
// of the month after it; nullopt for anything else.
std::optional<UnixSeconds> MonthStart(std::string_view year_month);
std::optional<UnixSeconds> MonthEnd(std::string_view year_month);

}  // namespace levier
