// For the store's backends only: the referral indicators (reports.h) counted
// in one scan of the referral log, whichever database the rows come from.
// One pass instead of one GROUP BY per breakdown: each COUNT(DISTINCT) sorts
// the whole log again (about 9 times slower on 100,000 rows).
//
// Thread-safety: none (one scan, one thread).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "levier/store/reports.h"

namespace levier::store::backend {

class ReferralScan {
 public:
  // A referral's keys, in this order: barrier, commune, month, channel,
  // language, source, provider, neighbourhood, org.
  static constexpr std::size_t kDims = 9;
  using Keys = std::array<std::string, kDims>;

  // Counts one referral. The rows must come ordered by pseudonym (any
  // order that keeps equal pseudonyms together); "" is an erased one.
  void Add(std::string pseudonym, Keys keys) {
    if (pseudonym != previous_) {
      ++person_;
      previous_ = std::move(pseudonym);
    }
    const bool erased = previous_.empty();
    total_.Add(person_, erased);
    CellKey cell;
    for (std::size_t i = 0; i < kDims; ++i) {
      dims_[i][keys[i]].Add(person_, erased);
      if (i < cell.size()) cell[i] = std::move(keys[i]);
    }
    cells_[cell].Add(person_, erased);
  }

  // Fills the referral figures of `out`: total, breakdowns and cells.
  void Finish(Indicators& out) const {
    out.total = total_.Finish();
    std::map<std::string, Count>* targets[kDims] = {
        &out.by_barrier, &out.by_commune,  &out.by_month,         &out.by_channel, &out.by_language,
        &out.by_source,  &out.by_provider, &out.by_neighbourhood, &out.by_org};
    for (std::size_t i = 0; i < kDims; ++i) {
      for (const auto& [key, tally] : dims_[i]) (*targets[i])[key] = tally.Finish();
    }
    // std::map orders the keys bytewise, as SQLite's BINARY collation would.
    for (const auto& [key, tally] : cells_) {
      out.cells.push_back(ReferralCell{key[0], key[1], key[2], key[3], key[4], tally.Finish()});
    }
  }

 private:
  // Referrals and distinct participants of one group: a participant is new
  // to a group when the group last saw another pseudonym, so no set of
  // pseudonyms is kept.
  struct Tally {
    std::int64_t referrals = 0;
    std::int64_t known = 0;         // distinct non-empty pseudonyms
    std::int64_t last_person = -1;  // sequence number of the last pseudonym counted

    void Add(std::int64_t person, bool erased) {
      ++referrals;
      if (!erased && person != last_person) {
        ++known;
        last_person = person;
      }
    }
    // The rule of reports.h: max(distinct non-empty pseudonyms, 1) for a
    // non-empty group.
    Count Finish() const {
      return {referrals, referrals == 0 ? 0 : std::max<std::int64_t>(known, 1)};
    }
  };
  using CellKey = std::array<std::string, 5>;  // barrier, commune, month, channel, language

  Tally total_;
  std::array<std::map<std::string, Tally>, kDims> dims_;
  std::map<CellKey, Tally> cells_;
  std::string previous_;
  std::int64_t person_ = 0;  // sequence number of the current pseudonym
};

}  // namespace levier::store::backend
