// The figures behind the city contract's indicators (`levier report`,
// GET /api/v1/indicators) and the coordinators' watch report, as plain values
// read from the referral log and the follow-up answers. No figure names a
// person: rows carry codes, communes, months and counts only.
//
// Participants are counted as distinct pseudonyms. Erased participants'
// rows carry the pseudonym "" and cannot be told apart, nor from a person
// who came back after erasing; so in every group they count as one
// participant at most, and only when no known pseudonym is in the group:
// participants = max(distinct non-empty pseudonyms, 1). This is a lower
// bound of the true number of people, so the small-cell rule (a cell is
// shared only when it certainly concerns enough people) errs on the side of
// hiding. See docs/api.md.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// Referrals and participants of one group.
struct Count {
  std::int64_t referrals = 0;
  std::int64_t participants = 0;
};

// One cell of the referral cube: barrier x commune x month x channel x language.
struct ReferralCell {
  std::string barrier;
  std::string commune;   // "" when the resident did not say
  std::string month;     // "2026-11" (UTC)
  std::string channel;   // "sms", ...
  std::string language;  // "fr", ...
  Count count;
};

// Follow-up answers and the participants who gave them.
struct AnswerCount {
  std::int64_t answers = 0;
  std::int64_t participants = 0;
};

// What residents answered at follow-up for one barrier. Each sub-count
// carries its own participants so the small-cell rule applies to it too.
struct FollowupRow {
  std::string barrier;
  AnswerCount total;
  // Answer value as the follow-up dialog stores it -> count; "" (no answer) left out.
  std::map<std::string, AnswerCount> lifted;     // "is the barrier lifted?"
  std::map<std::string, AnswerCount> contacted;  // "did you contact them?"
  AnswerCount could_not_reach;                   // answers flagging the provider unreachable
  std::map<std::int64_t, AnswerCount> ratings;   // rating -> count (rated answers only)
  AnswerCount rated;                             // answers with a rating
  double rating_mean = 0;                        // over rated answers; 0 when none
};

// The time a report covers: [from, until), in Unix seconds; 0 leaves a
// side open. Referrals and follow-up answers are counted by their own time.
struct Period {
  UnixSeconds from = 0;
  UnixSeconds until = 0;
};

struct Indicators {
  Count total;
  // One-dimensional breakdowns; keys are codes ("" = unknown commune).
  std::map<std::string, Count> by_barrier;
  std::map<std::string, Count> by_commune;
  std::map<std::string, Count> by_month;
  std::map<std::string, Count> by_channel;
  std::map<std::string, Count> by_language;
  // "self" (the resident alone) or "professional" (any invitation code: the
  // codes themselves are not reported).
  std::map<std::string, Count> by_source;
  // Provider id -> count, every provider ever proposed.
  std::map<std::string, Count> by_provider;
  // Priority neighbourhood id ("" = not known: the resident did not name one).
  std::map<std::string, Count> by_neighbourhood;
  // The orienting organisation: the one whose invitation the resident
  // started with ("" = came on their own).
  std::map<std::string, Count> by_org;
  std::vector<ReferralCell> cells;    // ordered by barrier, commune, month, channel, language
  std::vector<FollowupRow> followup;  // ordered by barrier
};

// A provider residents flagged at follow-up (could not reach it, or rated it
// badly), for the watch report.
struct UnreachableReport {
  std::string provider_id;
  std::int64_t answers = 0;       // follow-up answers flagging it
  std::int64_t participants = 0;  // same rule as above
  UnixSeconds last_at = 0;        // most recent such answer
};

class ReportReads {
 public:
  virtual ~ReportReads() = default;
  // Every indicator above, over the referrals and follow-up answers of `period`.
  virtual Result<Indicators> ComputeIndicators(const Period& period) = 0;
  // Providers flagged "could not reach them" at follow-up since `since`, most flagged first.
  virtual Result<std::vector<UnreachableReport>> ListUnreachable(UnixSeconds since) = 0;
  // Providers rated badly at follow-up since `since`: at least half of their
  // ratings 1 or 2 out of 5 ("answers" counts the ratings), most rated first.
  virtual Result<std::vector<UnreachableReport>> ListBadlyRated(UnixSeconds since) = 0;
};

}  // namespace levier::store
