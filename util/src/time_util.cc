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

}  // namespace levier
