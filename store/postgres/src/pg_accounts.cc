// Workspace accounts, browser sessions and audit reading (accounts.h) in PostgreSQL.
#include "pg_accounts.h"

namespace levier::store {
namespace {

// totp_sealed is BYTEA: the store keeps the sealed secret's bytes as they
// are, NUL included, which TEXT cannot.
constexpr const char* kAccountColumns =
    "SELECT id, email, password_hash, role, org, totp_sealed, totp_enabled, totp_last_step, "
    "created_at, disabled_at, last_login_at FROM accounts ";

Account AccountFromRow(const PgRows& rows, int r) {
  Account a;
  a.id = rows.Int(r, 0);
  a.email = rows.Text(r, 1);
  a.password_hash = rows.Text(r, 2);
  a.role = rows.Text(r, 3);
  a.org = rows.Text(r, 4);
  a.totp_sealed = rows.Bytea(r, 5);
  a.totp_enabled = rows.Int(r, 6) != 0;
  a.totp_last_step = rows.Int(r, 7);
  a.created_at = rows.Int(r, 8);
  a.disabled_at = rows.Int(r, 9);
  a.last_login_at = rows.Int(r, 10);
  return a;
}

// Revokes the open sessions of `account_id` that `which` picks ($2 is
// `token_hash`); returns how many.
Result<std::int64_t> RevokeOpenSessions(PgConnection& db, const char* which,
                                        std::int64_t account_id, std::string_view token_hash,
                                        UnixSeconds at) {
  return db.CountChanged(std::string("UPDATE web_sessions SET revoked_at = $3 WHERE revoked_at = 0 "
                                     "AND account_id = $1 AND ") +
                             which,
                         account_id, token_hash, at);
}

}  // namespace

Result<std::optional<Account>> PgAccounts::FindOne(const char* where, const auto& key) {
  Result<PgRows> rows = db_.Query(std::string(kAccountColumns) + where, key);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Account>();
  return std::optional<Account>(AccountFromRow(*rows, 0));
}

Result<std::optional<Account>> PgAccounts::FindAccountByEmail(std::string_view email) {
  return FindOne("WHERE email = $1", email);
}

Result<std::optional<Account>> PgAccounts::FindAccount(std::int64_t id) {
  return FindOne("WHERE id = $1", id);
}

Result<std::vector<Account>> PgAccounts::ListAccounts() {
  // COLLATE "C": by bytes, as SQLite sorts, whatever the database's locale.
  Result<PgRows> rows = db_.Query(std::string(kAccountColumns) + "ORDER BY email COLLATE \"C\"");
  if (!rows.ok()) return rows.status();
  std::vector<Account> accounts;
  accounts.reserve(static_cast<std::size_t>(rows->size()));
  for (int r = 0; r < rows->size(); ++r) accounts.push_back(AccountFromRow(*rows, r));
  return accounts;
}

Result<std::optional<WebSession>> PgAccounts::FindWebSession(std::string_view token_hash) {
  Result<PgRows> rows = db_.Query(
      "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, revoked_at "
      "FROM web_sessions WHERE token_hash = $1",
      token_hash);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<WebSession>();
  const PgRows& s = *rows;
  return std::optional<WebSession>(
      WebSession{s.Text(0, 0), s.Int(0, 1), s.Text(0, 2), s.Int(0, 3), s.Int(0, 4), s.Int(0, 5)});
}

Result<std::vector<AuditEntry>> PgAccounts::ListAudit(std::int64_t before_id, int limit) {
  Result<PgRows> rows = db_.Query(
      "SELECT id, at, org, role, token_id, account, client, method, target, status, detail "
      "FROM audit_log WHERE $1::bigint = 0 OR id < $1 ORDER BY id DESC LIMIT $2",
      before_id, limit);
  if (!rows.ok()) return rows.status();
  const PgRows& s = *rows;
  std::vector<AuditEntry> entries;
  entries.reserve(static_cast<std::size_t>(s.size()));
  for (int r = 0; r < s.size(); ++r) {
    AuditEntry e;
    e.id = s.Int(r, 0);
    e.record.at = s.Int(r, 1);
    e.record.org = s.Text(r, 2);
    e.record.role = s.Text(r, 3);
    e.record.token_id = s.Text(r, 4);
    e.record.account = s.Text(r, 5);
    e.record.client = s.Text(r, 6);
    e.record.method = s.Text(r, 7);
    e.record.target = s.Text(r, 8);
    e.record.status = static_cast<int>(s.Int(r, 9));
    e.record.detail = s.Text(r, 10);
    entries.push_back(std::move(e));
  }
  return entries;
}

Result<std::int64_t> PgAccounts::InsertAccount(const Account& a) {
  // ON CONFLICT rather than a failed INSERT, which would abort the whole
  // unit of work: a taken e-mail inserts nothing and returns no id.
  Result<PgRows> rows = db_.Query(
      "INSERT INTO accounts (email, password_hash, role, org, totp_sealed, totp_enabled, "
      "totp_last_step, created_at, disabled_at, last_login_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (email) DO NOTHING "
      "RETURNING id",
      a.email, a.password_hash, a.role, a.org, Bytes{a.totp_sealed}, a.totp_enabled,
      a.totp_last_step, a.created_at, a.disabled_at, a.last_login_at);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::AlreadyExists("an account with this e-mail already exists");
  return rows->Int(0, 0);
}

Status PgAccounts::UpdateAccount(const Account& a) {
  Result<std::int64_t> changed = db_.CountChanged(
      "UPDATE accounts SET password_hash = $2, role = $3, org = $4, totp_sealed = $5, "
      "totp_enabled = $6, totp_last_step = $7, disabled_at = $8, last_login_at = $9 "
      "WHERE id = $1",
      a.id, a.password_hash, a.role, a.org, Bytes{a.totp_sealed}, a.totp_enabled, a.totp_last_step,
      a.disabled_at, a.last_login_at);
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status::NotFound("no such account");
  return Status::Ok();
}

Status PgAccounts::InsertWebSession(const WebSession& w) {
  if (Status forgot = db_.Command("DELETE FROM web_sessions WHERE last_seen_at < $1",
                                  w.created_at - kForgetWebSessionsAfter);
      !forgot.ok()) {
    return forgot;
  }
  return db_.Command(
      "INSERT INTO web_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, "
      "revoked_at) VALUES ($1, $2, $3, $4, $5, $6)",
      w.token_hash, w.account_id, w.csrf_token, w.created_at, w.last_seen_at, w.revoked_at);
}

Status PgAccounts::TouchWebSession(std::string_view token_hash, UnixSeconds at) {
  return db_.Command(
      "UPDATE web_sessions SET last_seen_at = GREATEST(last_seen_at, $2::bigint) "
      "WHERE token_hash = $1",
      token_hash, at);
}

Result<std::int64_t> PgAccounts::RevokeWebSessions(std::int64_t account_id,
                                                   std::string_view token_hash,
                                                   UnixSeconds at) {
  return RevokeOpenSessions(db_, "($2::text = '' OR token_hash = $2)", account_id, token_hash, at);
}

Result<std::int64_t> PgAccounts::RevokeOtherWebSessions(std::int64_t account_id,
                                                        std::string_view keep_token_hash,
                                                        UnixSeconds at) {
  return RevokeOpenSessions(db_, "token_hash <> $2", account_id, keep_token_hash, at);
}

}  // namespace levier::store
