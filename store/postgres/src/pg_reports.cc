// The indicator and watch-report queries (reports.h) on the reader connection,
// as sqlite_reports.cc computes them. Every query is a full aggregate over
// the referral log or the follow-up answers, recomputed per call (figures:
// docs/api.md, "Cost"). Months are UTC, and keys are ordered bytewise
// (COLLATE "C") whatever the database's collation, as SQLite orders them.
#include <map>
#include <string>

#include "levier/store/backend/referral_scan.h"
#include "levier/store/reports.h"
#include "pg_transaction.h"

namespace levier::store {
namespace {

// Participants of a group, per the rule in reports.h: erased rows ("") are
// one participant together, and only when no known pseudonym is present.
// Used by the follow-up queries (ReferralScan applies it to referrals).
#define LEVIER_PARTICIPANTS "GREATEST(COUNT(DISTINCT NULLIF(pseudonym, '')), 1)"
// Rows of the period bound to $1 (from) and $2 (until, 0 = open).
#define LEVIER_IN_PERIOD "created_at >= $1::bigint AND ($2::bigint = 0 OR created_at < $2::bigint)"

Status ScanReferrals(PgConnection& db, const Period& period, Indicators& out) {
  // The month is the UTC one, as SQLite's strftime('%Y-%m', ..., 'unixepoch').
  Result<PgRows> rows = db.Query(
      "SELECT pseudonym, barrier, commune, "
      "to_char(to_timestamp(created_at) AT TIME ZONE 'UTC', 'YYYY-MM'), "
      "channel, language, CASE WHEN source = 'self' THEN 'self' ELSE 'professional' END, "
      "provider_id, neighbourhood, "
      "CASE WHEN source = 'self' THEN '' "
      "ELSE coalesce((SELECT org FROM invitations WHERE code = source), '') END "
      "FROM referrals WHERE " LEVIER_IN_PERIOD " ORDER BY pseudonym COLLATE \"C\"",
      period.from, period.until);
  if (!rows.ok()) return rows.status();
  backend::ReferralScan scan;
  for (int r = 0; r < rows->size(); ++r) {
    backend::ReferralScan::Keys keys;
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = rows->Text(r, static_cast<int>(i) + 1);
    scan.Add(rows->Text(r, 0), std::move(keys));
  }
  scan.Finish(out);
  return Status::Ok();
}

// Runs `sql` (barrier, key, answers, participants per row) and hands each row to `add`.
template <typename Add>
Status ForEachBarrierKey(PgConnection& db, const std::string& sql, const Period& period, Add add) {
  Result<PgRows> rows = db.Query(sql, period.from, period.until);
  if (!rows.ok()) return rows.status();
  for (int r = 0; r < rows->size(); ++r) {
    add(rows->Text(r, 0), *rows, r, AnswerCount{rows->Int(r, 2), rows->Int(r, 3)});
  }
  return Status::Ok();
}

std::string FollowupBy(const std::string& key, const std::string& where) {
  return "SELECT barrier, " + key +
         ", COUNT(*), " LEVIER_PARTICIPANTS " FROM followup_answers WHERE " + where +
         " AND " LEVIER_IN_PERIOD " GROUP BY 1, 2";
}

Status ReadFollowup(PgConnection& db, const Period& period, std::vector<FollowupRow>& rows) {
  Result<PgRows> totals = db.Query("SELECT barrier, COUNT(*), " LEVIER_PARTICIPANTS
                                   " FROM followup_answers WHERE " LEVIER_IN_PERIOD
                                   " GROUP BY barrier ORDER BY barrier COLLATE \"C\"",
                                   period.from, period.until);
  if (!totals.ok()) return totals.status();
  std::map<std::string, std::size_t> index;
  for (int i = 0; i < totals->size(); ++i) {
    FollowupRow r;
    r.barrier = totals->Text(i, 0);
    r.total = AnswerCount{totals->Int(i, 1), totals->Int(i, 2)};
    index[r.barrier] = rows.size();
    rows.push_back(std::move(r));
  }
  auto row_of = [&](const std::string& barrier) -> FollowupRow& { return rows[index.at(barrier)]; };
  using R = const PgRows&;
  Status status = ForEachBarrierKey(db, FollowupBy("lifted", "lifted <> ''"), period,
                                    [&](const std::string& b, R row, int r, AnswerCount n) {
                                      row_of(b).lifted[row.Text(r, 1)] = n;
                                    });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(db, FollowupBy("contacted", "contacted <> ''"), period,
                             [&](const std::string& b, R row, int r, AnswerCount n) {
                               row_of(b).contacted[row.Text(r, 1)] = n;
                             });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(db, FollowupBy("rating", "rating IS NOT NULL"), period,
                             [&](const std::string& b, R row, int r, AnswerCount n) {
                               row_of(b).ratings[row.Int(r, 1)] = n;
                             });
  if (!status.ok()) return status;
  status = ForEachBarrierKey(
      db, FollowupBy("1", "could_not_reach <> 0"), period,
      [&](const std::string& b, R, int, AnswerCount n) { row_of(b).could_not_reach = n; });
  if (!status.ok()) return status;
  // The mean in thousandths, rounded as SQLite's ROUND rounds a positive
  // double (trunc(x + 0.5)), over the same double AVG: the figures are the
  // SQLite backend's to the last digit.
  return ForEachBarrierKey(db,
                           "SELECT barrier, CAST(trunc(AVG(rating::float8) * 1000 + 0.5) AS "
                           "BIGINT), COUNT(*), " LEVIER_PARTICIPANTS
                           " FROM followup_answers WHERE rating IS NOT NULL AND " LEVIER_IN_PERIOD
                           " GROUP BY 1",
                           period, [&](const std::string& b, R row, int r, AnswerCount n) {
                             FollowupRow& f = row_of(b);
                             f.rated = n;
                             f.rating_mean = static_cast<double>(row.Int(r, 1)) / 1000.0;
                           });
}

}  // namespace

Result<Indicators> PgReadTransaction::ComputeIndicators(const Period& period) {
  Indicators out;
  Status status = ScanReferrals(db_, period, out);
  if (status.ok()) status = ReadFollowup(db_, period, out.followup);
  if (!status.ok()) return status;
  return out;
}

namespace {

// Providers with follow-up answers matching `where` since $1, grouped, kept
// by `having` (or all), most answers first, then by provider id bytewise.
Result<std::vector<UnreachableReport>> ListFlagged(PgConnection& db, const std::string& where,
                                                   const std::string& having, UnixSeconds since) {
  const std::string sql = "SELECT provider_id, COUNT(*), " LEVIER_PARTICIPANTS
                          ", MAX(created_at) "
                          "FROM followup_answers WHERE " +
                          where +
                          " AND provider_id <> '' AND created_at >= $1 "
                          "GROUP BY provider_id " +
                          having + " ORDER BY 2 DESC, provider_id COLLATE \"C\"";
  Result<PgRows> rows = db.Query(sql, since);
  if (!rows.ok()) return rows.status();
  std::vector<UnreachableReport> out;
  for (int r = 0; r < rows->size(); ++r) {
    out.push_back(
        UnreachableReport{rows->Text(r, 0), rows->Int(r, 1), rows->Int(r, 2), rows->Int(r, 3)});
  }
  return out;
}

}  // namespace

Result<std::vector<UnreachableReport>> PgReadTransaction::ListUnreachable(UnixSeconds since) {
  return ListFlagged(db_, "could_not_reach <> 0", "", since);
}

Result<std::vector<UnreachableReport>> PgReadTransaction::ListBadlyRated(UnixSeconds since) {
  return ListFlagged(db_, "rating IS NOT NULL",
                     "HAVING 2 * COUNT(*) FILTER (WHERE rating <= 2) >= COUNT(*)", since);
}

#undef LEVIER_PARTICIPANTS
#undef LEVIER_IN_PERIOD

}  // namespace levier::store
