// Professionals' invitations and shared summaries (invitations.h) in SQLite.
#include "sqlite_invitations.h"

#include <sqlite3.h>

#include <algorithm>

#include "levier/store/backend/barrier_list.h"

namespace levier::store {
namespace {

constexpr const char* kInvitationColumns =
    "code, org, account_id, created_by, language, note, max_uses, uses, created_at, expires_at";

Invitation ReadInvitation(const Statement& s) {
  return Invitation{s.ColumnText(0), s.ColumnText(1), s.ColumnInt(2), s.ColumnText(3),
                    s.ColumnText(4), s.ColumnText(5), s.ColumnInt(6), s.ColumnInt(7),
                    s.ColumnInt(8),  s.ColumnInt(9)};
}

}  // namespace

Result<std::optional<Invitation>> SqliteInvitations::FindInvitation(std::string_view code) {
  Result<Statement*> st = db_.Prepare(std::string("SELECT ") + kInvitationColumns +
                                      " FROM invitations WHERE code = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(code);
  std::optional<Invitation> found;
  if (Status e = EachRow(s, [&](const Statement& r) { found = ReadInvitation(r); }); !e.ok()) {
    return e;
  }
  return found;
}

Result<std::vector<Invitation>> SqliteInvitations::ListInvitations(std::string_view org,
                                                                   int limit) {
  Result<Statement*> st = db_.Prepare(std::string("SELECT ") + kInvitationColumns +
                                      " FROM invitations WHERE org = ?1 "
                                      "ORDER BY created_at DESC, code LIMIT ?2");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(org, static_cast<std::int64_t>(limit));
  std::vector<Invitation> out;
  if (Status e = EachRow(s, [&](const Statement& r) { out.push_back(ReadInvitation(r)); });
      !e.ok()) {
    return e;
  }
  return out;
}

Result<std::vector<SharedSummary>> SqliteInvitations::ListSharedSummaries(
    const std::vector<std::string>& codes, int limit) {
  std::vector<SharedSummary> out;
  std::vector<std::string> pseudonyms;
  {
    Result<Statement*> st = db_.Prepare(
        "SELECT id, code, language, started_at, consent_at, barriers, pseudonym "
        "FROM attributions WHERE code = ?1 AND consent = 'yes' AND pseudonym <> '' "
        "ORDER BY consent_at DESC LIMIT ?2");
    if (!st.ok()) return st.status();
    Statement& s = **st;
    for (const std::string& code : codes) {
      s.ResetAndBind(code, static_cast<std::int64_t>(limit));
      Status e = EachRow(s, [&](const Statement& r) {
        SharedSummary summary;
        summary.id = r.ColumnInt(0);
        summary.code = r.ColumnText(1);
        summary.language = r.ColumnText(2);
        summary.started_at = r.ColumnInt(3);
        summary.shared_at = r.ColumnInt(4);
        summary.barriers = backend::SplitBarrierCodes(r.ColumnText(5));
        out.push_back(std::move(summary));
        pseudonyms.push_back(r.ColumnText(6));
      });
      if (!e.ok()) return e;
    }
  }
  // What was proposed under this code, and the follow-up answers since.
  Result<Statement*> refs = db_.Prepare(
      "SELECT barrier, provider_id, created_at FROM referrals "
      "WHERE pseudonym = ?1 AND source = ?2 ORDER BY id");
  if (!refs.ok()) return refs.status();
  Result<Statement*> answers = db_.Prepare(
      "SELECT barrier, contacted, coalesce(rating, 0), lifted, created_at FROM followup_answers "
      "WHERE pseudonym = ?1 AND created_at >= ?2 ORDER BY id");
  if (!answers.ok()) return answers.status();
  for (std::size_t i = 0; i < out.size(); ++i) {
    (*refs)->ResetAndBind(pseudonyms[i], out[i].code);
    Status e = EachRow(**refs, [&](const Statement& r) {
      out[i].referrals.push_back({r.ColumnText(0), r.ColumnText(1), r.ColumnInt(2)});
    });
    if (!e.ok()) return e;
    (*answers)->ResetAndBind(pseudonyms[i], out[i].started_at);
    e = EachRow(**answers, [&](const Statement& r) {
      out[i].followups.push_back(
          {r.ColumnText(0), r.ColumnText(1), r.ColumnInt(2), r.ColumnText(3), r.ColumnInt(4)});
    });
    if (!e.ok()) return e;
  }
  std::stable_sort(out.begin(), out.end(), [](const SharedSummary& a, const SharedSummary& b) {
    return a.shared_at > b.shared_at;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

Result<std::vector<OrgInvitationCounts>> SqliteInvitations::CountInvitationsByOrg() {
  Result<Statement*> st = db_.Prepare(
      "SELECT i.org, count(*), sum(i.uses > 0), "
      "  (SELECT count(*) FROM attributions a JOIN invitations j ON j.code = a.code "
      "   WHERE j.org = i.org), "
      "  (SELECT count(*) FROM referrals r JOIN invitations j ON j.code = r.source "
      "   WHERE j.org = i.org) "
      "FROM invitations i GROUP BY i.org ORDER BY i.org");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  std::vector<OrgInvitationCounts> out;
  Status e = EachRow(s, [&](const Statement& r) {
    out.push_back({r.ColumnText(0), r.ColumnInt(1), r.ColumnInt(2), r.ColumnInt(3),
                   r.ColumnInt(4)});
  });
  if (!e.ok()) return e;
  return out;
}

Status SqliteInvitations::InsertInvitation(const Invitation& v) {
  Result<Statement*> st = db_.Prepare(std::string("INSERT INTO invitations (") +
                                      kInvitationColumns +
                                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9) "
                                      "ON CONFLICT (code) DO NOTHING");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(v.code, v.org, v.account_id, v.created_by, v.language, v.note, v.max_uses,
                 v.created_at, v.expires_at);
  if (Status e = s.Run(); !e.ok()) return e;
  if (sqlite3_changes(db_.raw()) == 0) return Status::AlreadyExists("invitation code already taken");
  return Status::Ok();
}

Result<bool> SqliteInvitations::Attribute(std::string_view pseudonym, std::string_view code,
                                          std::string_view language, UnixSeconds at) {
  Result<bool> seen =
      RowExists(db_, "SELECT 1 FROM attributions WHERE pseudonym = ?1 AND code = ?2", pseudonym,
                code);
  if (!seen.ok()) return seen.status();
  if (*seen) return false;
  Result<Statement*> insert = db_.Prepare(
      "INSERT INTO attributions (pseudonym, code, language, started_at) VALUES (?1, ?2, ?3, ?4)");
  if (!insert.ok()) return insert.status();
  (*insert)->ResetAndBind(pseudonym, code, language, at);
  if (Status e = (*insert)->Run(); !e.ok()) return e;
  Result<Statement*> count = db_.Prepare("UPDATE invitations SET uses = uses + 1 WHERE code = ?1");
  if (!count.ok()) return count.status();
  (*count)->ResetAndBind(code);
  if (Status e = (*count)->Run(); !e.ok()) return e;
  return true;
}

Status SqliteInvitations::SetShareConsent(std::string_view pseudonym, std::string_view code,
                                          std::string_view consent,
                                          const std::vector<std::string>& barriers,
                                          UnixSeconds at) {
  const std::string joined = backend::JoinBarrierCodes(barriers);
  Result<Statement*> st = db_.Prepare(
      "UPDATE attributions SET consent = ?3, consent_at = ?4, barriers = ?5 "
      "WHERE pseudonym = ?1 AND code = ?2");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(pseudonym, code, consent, at, joined);
  return (*st)->Run();
}

Result<std::int64_t> SqliteInvitations::WithdrawShareConsent(std::string_view pseudonym,
                                                             UnixSeconds at) {
  return ChangedRows(
      db_,
      "UPDATE attributions SET consent = 'withdrawn', consent_at = ?2, barriers = '' "
      "WHERE pseudonym = ?1 AND consent = 'yes'",
      pseudonym, at);
}

}  // namespace levier::store
