// Workspace accounts, browser sessions and audit reading (accounts.h) in SQLite.
#include "sqlite_accounts.h"

#include <sqlite3.h>

namespace levier::store {
namespace {

constexpr const char* kAccountColumns =
    "SELECT id, email, password_hash, role, org, totp_sealed, totp_enabled, totp_last_step, "
    "created_at, disabled_at, last_login_at FROM accounts ";

Account AccountFromRow(const Statement& s) {
  Account a;
  a.id = s.ColumnInt(0);
  a.email = s.ColumnText(1);
  a.password_hash = s.ColumnText(2);
  a.role = s.ColumnText(3);
  a.org = s.ColumnText(4);
  a.totp_sealed = s.ColumnText(5);
  a.totp_enabled = s.ColumnInt(6) != 0;
  a.totp_last_step = s.ColumnInt(7);
  a.created_at = s.ColumnInt(8);
  a.disabled_at = s.ColumnInt(9);
  a.last_login_at = s.ColumnInt(10);
  return a;
}

}  // namespace

Result<std::optional<Account>> SqliteAccounts::FindOne(const char* where, const auto& key) {
  Result<Statement*> st = db_.Prepare(std::string(kAccountColumns) + where);
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(key);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Account>();
  Account account = AccountFromRow(s);
  s.Reset();
  return std::optional<Account>(std::move(account));
}

Result<std::optional<Account>> SqliteAccounts::FindAccountByEmail(std::string_view email) {
  return FindOne("WHERE email = ?1", email);
}

Result<std::optional<Account>> SqliteAccounts::FindAccount(std::int64_t id) {
  return FindOne("WHERE id = ?1", id);
}

Result<std::vector<Account>> SqliteAccounts::ListAccounts() {
  Result<Statement*> st = db_.Prepare(std::string(kAccountColumns) + "ORDER BY email");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  std::vector<Account> accounts;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    accounts.push_back(AccountFromRow(s));
  }
  s.Reset();
  return accounts;
}

Result<std::optional<WebSession>> SqliteAccounts::FindWebSession(std::string_view token_hash) {
  Result<Statement*> st = db_.Prepare(
      "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, revoked_at "
      "FROM web_sessions WHERE token_hash = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(token_hash);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<WebSession>();
  WebSession session{s.ColumnText(0), s.ColumnInt(1), s.ColumnText(2),
                     s.ColumnInt(3),  s.ColumnInt(4), s.ColumnInt(5)};
  s.Reset();
  return std::optional<WebSession>(std::move(session));
}

Result<std::vector<AuditEntry>> SqliteAccounts::ListAudit(std::int64_t before_id, int limit) {
  Result<Statement*> st = db_.Prepare(
      "SELECT id, at, org, role, token_id, account, client, method, target, status, detail "
      "FROM audit_log WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(before_id, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> entries;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    AuditEntry e;
    e.id = s.ColumnInt(0);
    e.record.at = s.ColumnInt(1);
    e.record.org = s.ColumnText(2);
    e.record.role = s.ColumnText(3);
    e.record.token_id = s.ColumnText(4);
    e.record.account = s.ColumnText(5);
    e.record.client = s.ColumnText(6);
    e.record.method = s.ColumnText(7);
    e.record.target = s.ColumnText(8);
    e.record.status = static_cast<int>(s.ColumnInt(9));
    e.record.detail = s.ColumnText(10);
    entries.push_back(std::move(e));
  }
  s.Reset();
  return entries;
}

Result<std::int64_t> SqliteAccounts::InsertAccount(const Account& a) {
  if (Result<std::optional<Account>> taken = FindAccountByEmail(a.email); !taken.ok()) {
    return taken.status();
  } else if (taken->has_value()) {
    return Status::AlreadyExists("an account with this e-mail already exists");
  }
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO accounts (email, password_hash, role, org, totp_sealed, totp_enabled, "
      "totp_last_step, created_at, disabled_at, last_login_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(a.email, a.password_hash, a.role, a.org, a.totp_sealed,
                 static_cast<std::int64_t>(a.totp_enabled), a.totp_last_step, a.created_at,
                 a.disabled_at, a.last_login_at);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("INSERT INTO accounts returned no id");
  const std::int64_t id = s.ColumnInt(0);
  if (Result<bool> done = s.Step(); !done.ok()) return done.status();
  s.Reset();
  return id;
}

Status SqliteAccounts::UpdateAccount(const Account& a) {
  Result<Statement*> st = db_.Prepare(
      "UPDATE accounts SET password_hash = ?2, role = ?3, org = ?4, totp_sealed = ?5, "
      "totp_enabled = ?6, totp_last_step = ?7, disabled_at = ?8, last_login_at = ?9 "
      "WHERE id = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(a.id, a.password_hash, a.role, a.org, a.totp_sealed,
                 static_cast<std::int64_t>(a.totp_enabled), a.totp_last_step, a.disabled_at,
                 a.last_login_at);
  if (Status ran = s.Run(); !ran.ok()) return ran;
  if (sqlite3_changes(db_.raw()) == 0) return Status::NotFound("no such account");
  return Status::Ok();
}

Status SqliteAccounts::InsertWebSession(const WebSession& w) {
  Result<Statement*> forget = db_.Prepare("DELETE FROM web_sessions WHERE last_seen_at < ?1");
  if (!forget.ok()) return forget.status();
  (*forget)->ResetAndBind(w.created_at - kForgetWebSessionsAfter);
  if (Status forgot = (*forget)->Run(); !forgot.ok()) return forgot;
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO web_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, "
      "revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(w.token_hash, w.account_id, w.csrf_token, w.created_at, w.last_seen_at,
                      w.revoked_at);
  return (*st)->Run();
}

Status SqliteAccounts::TouchWebSession(std::string_view token_hash, UnixSeconds at) {
  Result<Statement*> st = db_.Prepare(
      "UPDATE web_sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(token_hash, at);
  return (*st)->Run();
}

Result<std::int64_t> SqliteAccounts::RevokeWebSessions(std::int64_t account_id,
                                                       std::string_view token_hash,
                                                       UnixSeconds at) {
  return ChangedRows(
      db_,
      "UPDATE web_sessions SET revoked_at = ?3 WHERE revoked_at = 0 AND account_id = ?1 "
      "AND (?2 = '' OR token_hash = ?2)",
      account_id, token_hash, at);
}

Result<std::int64_t> SqliteAccounts::RevokeOtherWebSessions(std::int64_t account_id,
                                                            std::string_view keep_token_hash,
                                                            UnixSeconds at) {
  return ChangedRows(
      db_,
      "UPDATE web_sessions SET revoked_at = ?3 WHERE revoked_at = 0 AND account_id = ?1 "
      "AND token_hash <> ?2",
      account_id, keep_token_hash, at);
}

}  // namespace levier::store
