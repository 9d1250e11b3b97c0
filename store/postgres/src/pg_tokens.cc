// API tokens and the audit log (tokens.h) in PostgreSQL.
#include "levier/store/tokens.h"
#include "pg_transaction.h"

namespace levier::store {

Status PgTransaction::InsertApiToken(const ApiToken& token) {
  // Plain INSERT: a duplicate hash or id (a 2^-48 event, or a caller bug)
  // fails with a constraint error rather than silently replacing a role.
  return db_.Command(
      "INSERT INTO api_tokens (token_hash, id, role, org, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      token.token_hash, ApiTokenId(token.token_hash), token.role, token.org, token.created_at,
      token.expires_at);
}

Status PgTransaction::AppendAudit(const AuditRecord& r) {
  Status inserted = db_.Command(
      "INSERT INTO audit_log (at, org, role, token_id, client, method, target, status, "
      "account, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      r.at, r.org, r.role, r.token_id, r.client, r.method, r.target, r.status, r.account,
      r.detail);
  if (!inserted.ok() || r.token_id.empty()) return inserted;
  return db_.Command(
      "UPDATE api_tokens SET last_used_at = GREATEST(COALESCE(last_used_at, 0), $2::bigint) "
      "WHERE id = $1",
      r.token_id, r.at);
}

Result<std::int64_t> PgTransaction::ForgetAudit(UnixSeconds before, std::int64_t limit) {
  // Two instances pruning at once delete the same rows; the second finds
  // them gone (0 rows), never an error.
  return db_.CountChanged(
      "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id LIMIT $2) "
      "AND at < $1",
      before, limit);
}

Status PgTransaction::RevokeApiToken(std::string_view id, UnixSeconds at) {
  // One statement, so that two instances revoking at once cannot both succeed.
  Result<PgRows> revoked = db_.Query(
      "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", id, at);
  if (!revoked.ok()) return revoked.status();
  if (revoked->affected() > 0) return Status::Ok();
  Result<PgRows> known = db_.Query("SELECT 1 FROM api_tokens WHERE id = $1", id);
  if (!known.ok()) return known.status();
  if (known->empty()) return Status::NotFound("no token with id '" + std::string(id) + "'");
  return Status::FailedPrecondition("token '" + std::string(id) + "' is already revoked");
}

namespace {

constexpr const char* kSelectTokens =
    "SELECT id, token_hash, role, org, created_at, expires_at, revoked_at, last_used_at "
    "FROM api_tokens ";

ApiToken TokenFromRow(const PgRows& rows, int r) {
  ApiToken token;
  token.id = rows.Text(r, 0);
  token.token_hash = rows.Text(r, 1);
  token.role = rows.Text(r, 2);
  token.org = rows.Text(r, 3);
  token.created_at = rows.Int(r, 4);
  token.expires_at = rows.Int(r, 5);
  if (!rows.IsNull(r, 6)) token.revoked_at = rows.Int(r, 6);
  if (!rows.IsNull(r, 7)) token.last_used_at = rows.Int(r, 7);
  return token;
}

}  // namespace

Result<std::optional<ApiToken>> PgReadTransaction::FindApiToken(std::string_view token_hash) {
  static const std::string kSql = std::string(kSelectTokens) + "WHERE token_hash = $1";
  Result<PgRows> rows = db_.Query(kSql, token_hash);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ApiToken>();
  return std::optional<ApiToken>(TokenFromRow(*rows, 0));
}

Result<std::vector<ApiToken>> PgReadTransaction::ListApiTokens() {
  // Ties in created_at go by id in byte order, as with SQLite's BINARY
  // collation, whatever the database's collation.
  static const std::string kSql =
      std::string(kSelectTokens) + "ORDER BY created_at, id COLLATE \"C\"";
  Result<PgRows> rows = db_.Query(kSql);
  if (!rows.ok()) return rows.status();
  std::vector<ApiToken> tokens;
  tokens.reserve(static_cast<std::size_t>(rows->size()));
  for (int r = 0; r < rows->size(); ++r) tokens.push_back(TokenFromRow(*rows, r));
  return tokens;
}

}  // namespace levier::store
