// SendingWindow: the local hours during which Levier may send a message on
// its own initiative (follow-ups), e.g. 09:00-19:00 Europe/Paris.
//
// Pure functions of a UTC time: the time zone rules (daylight saving
// included) come from ICU. Thread-safe: immutable after Create; each call
// uses its own ICU calendar.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

U_NAMESPACE_BEGIN
class TimeZone;
U_NAMESPACE_END

namespace levier::outbox {

class SendingWindow {
 public:
  // `time_zone` is an IANA id ("Europe/Paris"); `start` and `end` are local
  // "HH:MM" with start < end (a window may not span midnight). Fails with
  // InvalidArgument naming the bad value.
  static Result<SendingWindow> Create(std::string_view time_zone, std::string_view start,
                                      std::string_view end);

  // True when `utc` falls in [start, end) local time.
  bool Contains(UnixSeconds utc) const;
  // `utc` itself when inside the window, else the next local `start`.
  UnixSeconds NextOpen(UnixSeconds utc) const;

  const std::string& time_zone() const { return time_zone_; }
  int start_minute() const { return start_minute_; }  // minutes after local midnight
  int end_minute() const { return end_minute_; }

 private:
  SendingWindow(std::shared_ptr<const icu::TimeZone> zone, std::string time_zone, int start,
                int end)
      : zone_(std::move(zone)), time_zone_(std::move(time_zone)), start_minute_(start),
        end_minute_(end) {}

  std::shared_ptr<const icu::TimeZone> zone_;
  std::string time_zone_;
  int start_minute_;
  int end_minute_;
};

// Parses "HH:MM" (00:00 to 24:00) into minutes after midnight.
Result<int> ParseClockTime(std::string_view text);

}  // namespace levier::outbox
