// Professionals' invitations and shared summaries (invitations.h) in PostgreSQL.
#include "pg_invitations.h"

#include <algorithm>

#include "levier/store/backend/barrier_list.h"

namespace levier::store {
namespace {

constexpr const char* kInvitationColumns =
    "SELECT code, org, account_id, created_by, language, note, max_uses, uses, created_at, "
    "expires_at FROM invitations ";

Invitation InvitationFromRow(const PgRows& rows, int r) {
  return Invitation{rows.Text(r, 0), rows.Text(r, 1), rows.Int(r, 2), rows.Text(r, 3),
                    rows.Text(r, 4), rows.Text(r, 5), rows.Int(r, 6), rows.Int(r, 7),
                    rows.Int(r, 8),  rows.Int(r, 9)};
}

// The summaries shared under `code`, newest first, at most `limit`; each
// one's pseudonym goes to `pseudonyms`, in the same order.
Status AppendSharedUnder(PgConnection& db, const std::string& code, int limit,
                         std::vector<SharedSummary>& out, std::vector<std::string>& pseudonyms) {
  // id breaks ties in the order SQLite's index gives them.
  Result<PgRows> rows = db.Query(
      "SELECT id, code, language, started_at, consent_at, barriers, pseudonym "
      "FROM attributions WHERE code = $1 AND consent = 'yes' AND pseudonym <> '' "
      "ORDER BY consent_at DESC, id LIMIT $2",
      code, limit);
  if (!rows.ok()) return rows.status();
  const PgRows& s = *rows;
  for (int r = 0; r < s.size(); ++r) {
    SharedSummary summary;
    summary.id = s.Int(r, 0);
    summary.code = s.Text(r, 1);
    summary.language = s.Text(r, 2);
    summary.started_at = s.Int(r, 3);
    summary.shared_at = s.Int(r, 4);
    summary.barriers = backend::SplitBarrierCodes(s.Text(r, 5));
    out.push_back(std::move(summary));
    pseudonyms.push_back(s.Text(r, 6));
  }
  return Status::Ok();
}

// What was proposed to `pseudonym` under the summary's code, and the
// follow-up answers since they used it.
Status FillActivity(PgConnection& db, const std::string& pseudonym, SharedSummary& summary) {
  Result<PgRows> refs = db.Query(
      "SELECT barrier, provider_id, created_at FROM referrals "
      "WHERE pseudonym = $1 AND source = $2 ORDER BY id",
      pseudonym, summary.code);
  if (!refs.ok()) return refs.status();
  for (int r = 0; r < refs->size(); ++r) {
    summary.referrals.push_back({refs->Text(r, 0), refs->Text(r, 1), refs->Int(r, 2)});
  }
  Result<PgRows> answers = db.Query(
      "SELECT barrier, contacted, coalesce(rating, 0), lifted, created_at FROM followup_answers "
      "WHERE pseudonym = $1 AND created_at >= $2 ORDER BY id",
      pseudonym, summary.started_at);
  if (!answers.ok()) return answers.status();
  const PgRows& a = *answers;
  for (int r = 0; r < a.size(); ++r) {
    summary.followups.push_back(
        {a.Text(r, 0), a.Text(r, 1), a.Int(r, 2), a.Text(r, 3), a.Int(r, 4)});
  }
  return Status::Ok();
}

// `invitation` (max_uses, uses; no row for an unknown code) has no use left.
bool UsedUp(const PgRows& invitation) {
  if (invitation.empty()) return false;
  const std::int64_t max_uses = invitation.Int(0, 0);
  return max_uses != 0 && invitation.Int(0, 1) >= max_uses;
}

}  // namespace

Result<std::optional<Invitation>> PgInvitations::FindInvitation(std::string_view code) {
  Result<PgRows> rows = db_.Query(std::string(kInvitationColumns) + "WHERE code = $1", code);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Invitation>();
  return std::optional<Invitation>(InvitationFromRow(*rows, 0));
}

Result<std::vector<Invitation>> PgInvitations::ListInvitations(std::string_view org, int limit) {
  // COLLATE "C": by bytes, as SQLite sorts, whatever the database's locale.
  Result<PgRows> rows = db_.Query(std::string(kInvitationColumns) +
                                      "WHERE org = $1 ORDER BY created_at DESC, code COLLATE \"C\" "
                                      "LIMIT $2",
                                  org, limit);
  if (!rows.ok()) return rows.status();
  std::vector<Invitation> out;
  out.reserve(static_cast<std::size_t>(rows->size()));
  for (int r = 0; r < rows->size(); ++r) out.push_back(InvitationFromRow(*rows, r));
  return out;
}

Result<std::vector<SharedSummary>> PgInvitations::ListSharedSummaries(
    const std::vector<std::string>& codes, int limit) {
  std::vector<SharedSummary> out;
  std::vector<std::string> pseudonyms;
  for (const std::string& code : codes) {
    if (Status s = AppendSharedUnder(db_, code, limit, out, pseudonyms); !s.ok()) return s;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (Status s = FillActivity(db_, pseudonyms[i], out[i]); !s.ok()) return s;
  }
  std::stable_sort(out.begin(), out.end(), [](const SharedSummary& a, const SharedSummary& b) {
    return a.shared_at > b.shared_at;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

Result<std::vector<OrgInvitationCounts>> PgInvitations::CountInvitationsByOrg() {
  // COLLATE "C": by bytes, as SQLite sorts, whatever the database's locale.
  Result<PgRows> rows = db_.Query(
      "SELECT i.org, count(*), count(*) FILTER (WHERE i.uses > 0), "
      "  (SELECT count(*) FROM attributions a JOIN invitations j ON j.code = a.code "
      "   WHERE j.org = i.org), "
      "  (SELECT count(*) FROM referrals r JOIN invitations j ON j.code = r.source "
      "   WHERE j.org = i.org) "
      "FROM invitations i GROUP BY i.org ORDER BY i.org COLLATE \"C\"");
  if (!rows.ok()) return rows.status();
  const PgRows& s = *rows;
  std::vector<OrgInvitationCounts> out;
  out.reserve(static_cast<std::size_t>(s.size()));
  for (int r = 0; r < s.size(); ++r) {
    out.push_back({s.Text(r, 0), s.Int(r, 1), s.Int(r, 2), s.Int(r, 3), s.Int(r, 4)});
  }
  return out;
}

Status PgInvitations::InsertInvitation(const Invitation& v) {
  // ON CONFLICT rather than a failed INSERT, which would abort the whole
  // unit of work: a taken code inserts nothing.
  Result<PgRows> rows = db_.Query(
      "INSERT INTO invitations (code, org, account_id, created_by, language, note, max_uses, "
      "uses, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) "
      "ON CONFLICT (code) DO NOTHING",
      v.code, v.org, v.account_id, v.created_by, v.language, v.note, v.max_uses, v.created_at,
      v.expires_at);
  if (!rows.ok()) return rows.status();
  if (rows->affected() == 0) return Status::AlreadyExists("invitation code already taken");
  return Status::Ok();
}

Result<bool> PgInvitations::Attribute(std::string_view pseudonym, std::string_view code,
                                      std::string_view language, UnixSeconds at) {
  // Another Levier instance may attribute the same code at the same time:
  // the invitation's row lock, held until commit, makes the check below and
  // the count one step. Each later statement sees what the lock's previous
  // holder committed (a new snapshot per statement in READ COMMITTED; in
  // REPEATABLE READ, locking a row changed since fails as transient).
  Result<PgRows> invitation =
      db_.Query("SELECT max_uses, uses FROM invitations WHERE code = $1 FOR UPDATE", code);
  if (!invitation.ok()) return invitation.status();
  Result<PgRows> seen =
      db_.Query("SELECT 1 FROM attributions WHERE pseudonym = $1 AND code = $2", pseudonym, code);
  if (!seen.ok()) return seen.status();
  if (!seen->empty()) return false;
  // The caller accepted the code on what it read before the lock: if
  // another instance took its last use meanwhile, the unit is retried and
  // then sees it used up, as when the writes come one after the other.
  if (UsedUp(*invitation)) return Status::Unavailable("invitation used up meanwhile");
  Status counted = db_.Command(
      "WITH attributed AS (INSERT INTO attributions (pseudonym, code, language, started_at) "
      "VALUES ($1, $2, $3, $4)) "
      "UPDATE invitations SET uses = uses + 1 WHERE code = $2",
      pseudonym, code, language, at);
  if (!counted.ok()) return counted;
  return true;
}

Status PgInvitations::SetShareConsent(std::string_view pseudonym, std::string_view code,
                                      std::string_view consent,
                                      const std::vector<std::string>& barriers, UnixSeconds at) {
  const std::string joined = backend::JoinBarrierCodes(barriers);
  return db_.Command(
      "UPDATE attributions SET consent = $3, consent_at = $4, barriers = $5 "
      "WHERE pseudonym = $1 AND code = $2",
      pseudonym, code, consent, at, joined);
}

Result<std::int64_t> PgInvitations::WithdrawShareConsent(std::string_view pseudonym,
                                                         UnixSeconds at) {
  return db_.CountChanged(
      "UPDATE attributions SET consent = 'withdrawn', consent_at = $2, barriers = '' "
      "WHERE pseudonym = $1 AND consent = 'yes'",
      pseudonym, at);
}

}  // namespace levier::store
