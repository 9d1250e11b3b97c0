// API tokens and the audit log (tokens.h) in SQLite.
#include "levier/store/tokens.h"
#include "sqlite_transaction.h"

namespace levier::store {

Status SqliteTransaction::InsertApiToken(const ApiToken& token) {
  // Plain INSERT: a duplicate hash or id (a 2^-48 event, or a caller bug)
  // fails with a constraint error rather than silently replacing a role.
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO api_tokens (token_hash, id, role, org, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(token.token_hash, ApiTokenId(token.token_hash), token.role, token.org,
                 token.created_at, token.expires_at);
  return s.Run();
}

Status SqliteTransaction::AppendAudit(const AuditRecord& r) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO audit_log (at, org, role, token_id, client, method, target, status, "
      "account, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(r.at, r.org, r.role, r.token_id, r.client, r.method, r.target,
                 static_cast<std::int64_t>(r.status), r.account, r.detail);
  if (Status inserted = s.Run(); !inserted.ok()) return inserted;
  if (r.token_id.empty()) return Status::Ok();
  Result<Statement*> used = db_.Prepare(
      "UPDATE api_tokens SET last_used_at = max(COALESCE(last_used_at, 0), ?2) WHERE id = ?1");
  if (!used.ok()) return used.status();
  (*used)->ResetAndBind(r.token_id, r.at);
  return (*used)->Run();
}

Result<std::int64_t> SqliteTransaction::ForgetAudit(UnixSeconds before, std::int64_t limit) {
  return ChangedRows(
      db_,
      "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id LIMIT ?2) "
      "AND at < ?1",
      before, limit);
}

Status SqliteTransaction::RevokeApiToken(std::string_view id, UnixSeconds at) {
  Result<Statement*> st =
      db_.Prepare("SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(id);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no token with id '" + std::string(id) + "'");
  const bool revoked = s.ColumnInt(0) != 0;
  s.Reset();
  if (revoked) {
    return Status::FailedPrecondition("token '" + std::string(id) + "' is already revoked");
  }
  Result<Statement*> update = db_.Prepare("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1");
  if (!update.ok()) return update.status();
  (*update)->ResetAndBind(id, at);
  return (*update)->Run();
}

namespace {

constexpr const char* kTokenColumns =
    "id, token_hash, role, org, created_at, expires_at, revoked_at IS NOT NULL, "
    "COALESCE(revoked_at, 0), last_used_at IS NOT NULL, COALESCE(last_used_at, 0) "
    "FROM api_tokens ";

ApiToken TokenFromRow(const Statement& s) {
  ApiToken token;
  token.id = s.ColumnText(0);
  token.token_hash = s.ColumnText(1);
  token.role = s.ColumnText(2);
  token.org = s.ColumnText(3);
  token.created_at = s.ColumnInt(4);
  token.expires_at = s.ColumnInt(5);
  if (s.ColumnInt(6) != 0) token.revoked_at = s.ColumnInt(7);
  if (s.ColumnInt(8) != 0) token.last_used_at = s.ColumnInt(9);
  return token;
}

}  // namespace

Result<std::optional<ApiToken>> SqliteReadTransaction::FindApiToken(std::string_view token_hash) {
  Result<Statement*> st =
      db_.Prepare(std::string("SELECT ") + kTokenColumns + "WHERE token_hash = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(token_hash);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ApiToken>();
  ApiToken token = TokenFromRow(s);
  s.Reset();
  return std::optional<ApiToken>(std::move(token));
}

Result<std::vector<ApiToken>> SqliteReadTransaction::ListApiTokens() {
  Result<Statement*> st =
      db_.Prepare(std::string("SELECT ") + kTokenColumns + "ORDER BY created_at, id");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  std::vector<ApiToken> tokens;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    tokens.push_back(TokenFromRow(s));
  }
  s.Reset();
  return tokens;
}

}  // namespace levier::store
