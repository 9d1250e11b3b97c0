// The indicator and watch-report queries (reports.h) on the reader connection.
// Every query is a full aggregate over the referral log or the follow-up
// answers, recomputed per call: a city programme logs tens of thousands of
// referrals, one scan of which takes well under a second, so no summary
// table is kept (figures: docs/api.md, "Cost").
#include <map>
#include <string>

#include "levier/store/backend/referral_scan.h"
#include "levier/store/reports.h"
#include "sqlite_transaction.h"

namespace levier::store {
namespace {

// Participants of a group, per the rule in reports.h: erased rows ("") are
// one participant together, and only when no known pseudonym is present.
// Used by the follow-up queries (ReferralScan applies it to referrals).
#define LEVIER_PARTICIPANTS "max(COUNT(DISTINCT NULLIF(pseudonym, '')), 1)"
// Rows of the period bound to ?1 (from) and ?2 (until, 0 = open).
#define LEVIER_IN_PERIOD "created_at >= ?1 AND (?2 = 0 OR created_at < ?2)"

Status ScanReferrals(Connection& db, const Period& period, Indicators& out) {
  Result<Statement*> st = db.Prepare(
      "SELECT pseudonym, barrier, commune, strftime('%Y-%m', created_at, 'unixepoch'), "
      "channel, language, CASE WHEN source = 'self' THEN 'self' ELSE 'professional' END, "
      "provider_id, neighbourhood, "
      "CASE WHEN source = 'self' THEN '' "
      "ELSE coalesce((SELECT org FROM invitations WHERE code = source), '') END "
      "FROM referrals WHERE " LEVIER_IN_PERIOD " ORDER BY pseudonym");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(period.from, period.until);
  backend::ReferralScan scan;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    backend::ReferralScan::Keys keys;
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = s.ColumnText(static_cast<int>(i) + 1);
    scan.Add(s.ColumnText(0), std::move(keys));
  }
  scan.Finish(out);
  return Status::Ok();
}

// Runs `sql` (barrier, key, answers, participants per row) and hands each row to `add`.
template <typename Add>
Status ForEachBarrierKey(Connection& db, const std::string& sql, const Period& period, Add add) {
  Result<Statement*> st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(period.from, period.until);
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    add(s.ColumnText(0), s, AnswerCount{s.ColumnInt(2), s.ColumnInt(3)});
  }
  return Status::Ok();
}

std::string FollowupBy(const std::string& key, const std::string& where) {
  return "SELECT barrier, " + key +
         ", COUNT(*), " LEVIER_PARTICIPANTS " FROM followup_answers WHERE " + where +
         " AND " LEVIER_IN_PERIOD " GROUP BY 1, 2";
}

Status ReadFollowup(Connection& db, const Period& period, std::vector<FollowupRow>& rows) {
  Result<Statement*> st =
      db.Prepare("SELECT barrier, COUNT(*), " LEVIER_PARTICIPANTS
                 " FROM followup_answers WHERE " LEVIER_IN_PERIOD " GROUP BY barrier ORDER BY barrier");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(period.from, period.until);
  std::map<std::string, std::size_t> index;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    FollowupRow r;
    r.barrier = s.ColumnText(0);
    r.total = AnswerCount{s.ColumnInt(1), s.ColumnInt(2)};
    index[r.barrier] = rows.size();
    rows.push_back(std::move(r));
  }
  auto row_of = [&](const std::string& barrier) -> FollowupRow& { return rows[index.at(barrier)]; };
  using S = const Statement&;
  Status status = ForEachBarrierKey(
      db, FollowupBy("lifted", "lifted <> ''"), period,
      [&](const std::string& b, S row, AnswerCount n) { row_of(b).lifted[row.ColumnText(1)] = n; });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(db, FollowupBy("contacted", "contacted <> ''"), period,
                             [&](const std::string& b, S row, AnswerCount n) {
                               row_of(b).contacted[row.ColumnText(1)] = n;
                             });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(
      db, FollowupBy("CAST(rating AS INTEGER)", "rating IS NOT NULL"), period,
      [&](const std::string& b, S row, AnswerCount n) { row_of(b).ratings[row.ColumnInt(1)] = n; });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(
      db, FollowupBy("1", "could_not_reach <> 0"), period,
      [&](const std::string& b, S, AnswerCount n) { row_of(b).could_not_reach = n; });
  if (!status.ok()) return status;
  // The mean is read in thousandths so Statement's integer columns suffice.
  return ForEachBarrierKey(db,
                           "SELECT barrier, CAST(ROUND(AVG(CAST(rating AS INTEGER)) * 1000) AS "
                           "INTEGER), COUNT(*), " LEVIER_PARTICIPANTS
                           " FROM followup_answers WHERE rating IS NOT NULL AND " LEVIER_IN_PERIOD
                           " GROUP BY 1",
                           period, [&](const std::string& b, S row, AnswerCount n) {
                             FollowupRow& r = row_of(b);
                             r.rated = n;
                             r.rating_mean = static_cast<double>(row.ColumnInt(1)) / 1000.0;
                           });
}

}  // namespace

Result<Indicators> SqliteReadTransaction::ComputeIndicators(const Period& period) {
  Indicators out;
  Status status = ScanReferrals(db_, period, out);
  if (status.ok()) status = ReadFollowup(db_, period, out.followup);
  if (!status.ok()) return status;
  return out;
}

namespace {

// Providers with follow-up answers matching `where` since ?1, grouped, kept
// by `having` (or all), most answers first.
Result<std::vector<UnreachableReport>> ListFlagged(Connection& db, const std::string& where,
                                                  const std::string& having, UnixSeconds since) {
  Result<Statement*> st = db.Prepare(
      "SELECT provider_id, COUNT(*), " LEVIER_PARTICIPANTS ", MAX(created_at) "
      "FROM followup_answers WHERE " + where + " AND provider_id <> '' AND created_at >= ?1 "
      "GROUP BY provider_id " + having + " ORDER BY 2 DESC, 1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(since);
  std::vector<UnreachableReport> out;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(
        UnreachableReport{s.ColumnText(0), s.ColumnInt(1), s.ColumnInt(2), s.ColumnInt(3)});
  }
  return out;
}

}  // namespace

Result<std::vector<UnreachableReport>> SqliteReadTransaction::ListUnreachable(UnixSeconds since) {
  return ListFlagged(db_, "could_not_reach <> 0", "", since);
}

Result<std::vector<UnreachableReport>> SqliteReadTransaction::ListBadlyRated(UnixSeconds since) {
  return ListFlagged(db_, "rating IS NOT NULL", "HAVING 2 * SUM(rating <= 2) >= COUNT(*)", since);
}

#undef LEVIER_PARTICIPANTS
#undef LEVIER_IN_PERIOD

}  // namespace levier::store
