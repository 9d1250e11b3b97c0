// Opening hours in the subset of OpenStreetMap's opening_hours syntax that
// data·inclusion uses ("Mo-Fr 08:30-12:30,14:00-17:00; Sa 09:00-12:00; PH off"),
// and "open now" / "next opening" in Europe/Paris time.
//
// Accepted: rules separated by ';'; each rule is "24/7", or optional days
// ("Mo", "Mo-Fr", "Mo,We,Fr", "Fr-Mo" wraps) followed by time ranges
// ("08:30-12:30", several separated by ','; end after start, "24:00" allowed)
// or "off"/"closed". A later rule replaces earlier ones on the days it names
// (OSM semantics). "PH off" is accepted and ignored (no holiday calendar).
// Anything else (months, weeks, "PH" with hours, ranges past midnight) is
// refused with a message naming the rule.
//
// Thread-safety: an OpeningHours is an immutable value; EvaluateOpening is a
// pure function of its arguments (ICU's time zone data is read-only).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::kb {

class OpeningHours {
 public:
  struct Interval {
    std::int16_t start = 0;  // minutes after local midnight
    std::int16_t end = 0;    // exclusive, at most 1440
    bool operator==(const Interval&) const = default;
  };

  OpeningHours() = default;  // unknown hours
  // "" gives unknown hours (known() is false). Errors name the rule at fault.
  static Result<OpeningHours> Parse(std::string_view text);

  // False when no hours were given: nothing can be said about "open now".
  bool known() const { return known_; }
  // Intervals of `weekday` (0 = Monday ... 6 = Sunday), sorted, disjoint.
  const std::vector<Interval>& day(int weekday) const { return week_[weekday]; }

  bool operator==(const OpeningHours&) const = default;

 private:
  bool known_ = false;
  std::array<std::vector<Interval>, 7> week_;
};

// Wall-clock time in Europe/Paris.
struct LocalTime {
  int year = 0, month = 0, day = 0;  // civil date
  int weekday = 0;                   // 0 = Monday ... 6 = Sunday
  int minute = 0;                    // minutes after midnight
};

struct OpeningState {
  bool known = false;  // false: no hours, nothing else is set
  bool open_now = false;
  UnixSeconds closes_at = 0;  // when open_now: end of the current opening (UTC)
  LocalTime closes_local;
  bool has_next = false;         // when closed: an opening within the next 7 days
  UnixSeconds next_opening = 0;  // UTC
  LocalTime next_local;
};

// Where `hours` stand at `now` (UTC), in Europe/Paris time: open now (and
// until when), or the next opening within 7 days. Pure: `now` is a parameter.
// Across daylight-saving changes, a local time that does not exist (02:30 on
// the spring change) is read in the time before the change, so it falls one
// hour later on the clock (03:30); a repeated one (02:30 in autumn) is the
// first of the two.
OpeningState EvaluateOpening(const OpeningHours& hours, UnixSeconds now);

// Europe/Paris wall-clock time of `t`.
LocalTime ToParisTime(UnixSeconds t);
// The UTC instant of a Europe/Paris wall-clock time (see EvaluateOpening for
// times skipped or repeated by daylight-saving changes).
UnixSeconds FromParisTime(int year, int month, int day, int minute);

}  // namespace levier::kb
