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
std::string Format(UnixSeconds t, const char* fmt) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}
}  // namespace

std::string FormatIso8601(UnixSeconds t) { return Format(t, "%Y-%m-%dT%H:%M:%SZ"); }
std::string FormatYearMonth(UnixSeconds t) { return Format(t, "%Y-%m"); }

}  // namespace levier
