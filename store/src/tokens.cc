// API tokens and the audit log (tokens.h): generation, hashing, and their
// SQLite statements.
#include "levier/store/tokens.h"

#include "levier/util/crypto.h"
#include "sqlite_transaction.h"

namespace levier::store {

bool IsApiRole(std::string_view role) {
  return role == kRoleAdmin || role == kRoleCoordinator || role == kRoleProfessional;
}

std::string GenerateApiToken() { return "lvr_" + crypto::HexEncode(crypto::RandomBytes(32)); }

std::string HashApiToken(std::string_view token) {
  return crypto::HexEncode(crypto::Sha256(token));
}

Status SqliteTransaction::InsertApiToken(const ApiToken& token) {
  // Plain INSERT: a duplicate hash (a 2^-256 event, or a caller bug) fails
  // with a constraint error rather than silently replacing a role.
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO api_tokens (token_hash, role, org, created_at) VALUES (?1, ?2, ?3, ?4)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(token.token_hash, token.role, token.org, token.created_at);
  return s.Run();
}

Status SqliteTransaction::AppendAudit(const AuditRecord& r) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO audit_log (at, org, role, method, target, status) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(r.at, r.org, r.role, r.method, r.target, static_cast<std::int64_t>(r.status));
  return s.Run();
}

Result<std::optional<ApiToken>> SqliteReadTransaction::FindApiToken(std::string_view token_hash) {
  Result<Statement*> st = db_.Prepare(
      "SELECT role, org, created_at, revoked_at IS NOT NULL, COALESCE(revoked_at, 0) "
      "FROM api_tokens WHERE token_hash = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(token_hash);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ApiToken>();
  ApiToken token;
  token.token_hash = std::string(token_hash);
  token.role = s.ColumnText(0);
  token.org = s.ColumnText(1);
  token.created_at = s.ColumnInt(2);
  if (s.ColumnInt(3) != 0) token.revoked_at = s.ColumnInt(4);
  s.Reset();
  return std::optional<ApiToken>(std::move(token));
}

}  // namespace levier::store
