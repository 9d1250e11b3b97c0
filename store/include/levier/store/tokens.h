// API access records: bearer tokens (stored only as their SHA-256) and the
// audit log of API calls (who, what, when; never message content).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// The roles a token may carry. What each role reaches is decided by the API
// (docs/api.md); the store only keeps the string.
inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr std::string_view kRoleCoordinator = "coordinator";
inline constexpr std::string_view kRoleProfessional = "professional";
bool IsApiRole(std::string_view role);

// A stored token. The token itself is never stored: `token_hash` is the
// lowercase hex SHA-256 of it, which is also the lookup key. `id` names the
// token in lists, revocations and the audit (ApiTokenId).
struct ApiToken {
  std::string id;
  std::string token_hash;
  std::string role;
  std::string org;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;  // refused from this time on
  std::optional<UnixSeconds> revoked_at;
  std::optional<UnixSeconds> last_used_at;
};

// The public name of a token: the first 12 hex digits of its hash. Knowing
// it does not help to find the token (it would take inverting SHA-256).
std::string ApiTokenId(std::string_view token_hash);

// Tokens last this long unless `levier token create --expires DAYS` says otherwise.
inline constexpr int kDefaultTokenDays = 365;

// One API call or workspace change. `target` is the path and query (no
// body, no headers). `org`, `role`, `token_id` and `account` are "" when the
// caller was not authenticated; `account` is the e-mail of a workspace
// account (then `token_id` is ""); `detail` says what changed, in words
// ("account created: x@y (coordinator)"), never a password or a message;
// `client` is the caller's address (behind trusted proxies, the real one).
struct AuditRecord {
  UnixSeconds at = 0;
  std::string org;
  std::string role;
  std::string token_id;
  std::string account;
  std::string detail;
  std::string client;
  std::string method;
  std::string target;
  int status = 0;
};

// A new random token: "lvr_" then 64 hex digits (256 bits from the CSPRNG).
std::string GenerateApiToken();
// Lowercase hex SHA-256 of `token`, as stored in api_tokens.token_hash.
std::string HashApiToken(std::string_view token);

class TokenReads {
 public:
  virtual ~TokenReads() = default;
  // The token whose hash is `token_hash` (revoked ones included: the caller
  // checks revoked_at), or nullopt.
  virtual Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) = 0;
  // Every token, oldest first (`levier token list`).
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;
};

class TokenWrites {
 public:
  virtual ~TokenWrites() = default;
  // Stores a new token by its hash; fails (and stores nothing) when the hash
  // is already there.
  virtual Status InsertApiToken(const ApiToken& token) = 0;
  // Records one API call or workspace change; when `record.token_id` is
  // set, also the token's last use.
  virtual Status AppendAudit(const AuditRecord& record) = 0;
  // Deletes the audit rows written before `before` among the `limit` oldest
  // (by the order they were written, which follows time); returns how many.
  // Only the oldest rows are looked at, so a pass costs `limit` rows however
  // long the audit is; one written with a clock set back waits for those
  // before it.
  virtual Result<std::int64_t> ForgetAudit(UnixSeconds before, std::int64_t limit) = 0;
  // Revokes the token named `id` at `at`. NotFound when there is no such
  // token; FailedPrecondition when it is already revoked.
  virtual Status RevokeApiToken(std::string_view id, UnixSeconds at) = 0;
};

// Longest organisation name accepted for a token.
inline constexpr std::size_t kMaxOrgLength = 100;

}  // namespace levier::store
