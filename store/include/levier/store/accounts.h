// Workspace accounts, their browser sessions and the reading of the audit:
// a small storage interface of its own (reads, and writes inside a unit of
// work), which each backend implements.
//
// Nothing secret is stored in clear: passwords as Argon2id hashes
// (util/password.h), session tokens as their SHA-256, TOTP secrets sealed
// with a key derived from LEVIER_SECRET (the workspace does the sealing;
// the store keeps bytes).
//
// Thread-safety: as the transactions that hand these out (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/store/tokens.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// Longest e-mail address accepted for an account (RFC 5321's path limit).
inline constexpr std::size_t kMaxEmailLength = 254;

struct Account {
  std::int64_t id = 0;
  std::string email;          // lowercase; the login name
  std::string password_hash;  // PHC string (Argon2id)
  std::string role;           // kRoleAdmin, kRoleCoordinator or kRoleProfessional
  std::string org;
  std::string totp_sealed;          // sealed TOTP secret, "" until set up
  bool totp_enabled = false;        // set up and confirmed with a first code
  std::int64_t totp_last_step = 0;  // each code is accepted once
  UnixSeconds created_at = 0;
  UnixSeconds disabled_at = 0;    // 0: active
  UnixSeconds last_login_at = 0;  // 0: never
};

// A signed-in browser. The cookie holds the token; only its hash is stored.
struct WebSession {
  std::string token_hash;
  std::int64_t account_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token by every change
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  UnixSeconds revoked_at = 0;  // 0: not revoked
};

// One audit row as read back (the API's calls and the workspace's changes).
struct AuditEntry {
  std::int64_t id = 0;
  AuditRecord record;
};

// The start of the audit's detail for a refused sign-in (wrong password or
// code, disabled account).
inline constexpr std::string_view kRefusedSignIn = "sign-in refused";

class AccountReads {
 public:
  virtual ~AccountReads() = default;
  // `email` compared as given: callers lowercase it.
  virtual Result<std::optional<Account>> FindAccountByEmail(std::string_view email) = 0;
  virtual Result<std::optional<Account>> FindAccount(std::int64_t id) = 0;
  // Every account, by e-mail.
  virtual Result<std::vector<Account>> ListAccounts() = 0;
  virtual Result<std::optional<WebSession>> FindWebSession(std::string_view token_hash) = 0;
  // Audit rows older than `before_id` (0: from the newest), newest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> ListAudit(std::int64_t before_id, int limit) = 0;
};

class AccountWrites : public AccountReads {
 public:
  // Stores a new account (its id is chosen by the store and returned);
  // AlreadyExists when the e-mail is taken.
  virtual Result<std::int64_t> InsertAccount(const Account& account) = 0;
  // Rewrites every field of the account `account.id` but its e-mail and
  // creation date; NotFound when there is none.
  virtual Status UpdateAccount(const Account& account) = 0;
  // Stores a new session, and forgets the sessions unused for
  // kForgetWebSessionsAfter (they can no longer be used anyway).
  virtual Status InsertWebSession(const WebSession& session) = 0;
  virtual Status TouchWebSession(std::string_view token_hash, UnixSeconds at) = 0;
  // Revokes the session `token_hash`, or every session of `account_id` when
  // `token_hash` is ""; returns how many were revoked.
  virtual Result<std::int64_t> RevokeWebSessions(std::int64_t account_id,
                                                 std::string_view token_hash, UnixSeconds at) = 0;
  // Revokes every session of `account_id` but `keep_token_hash`; returns how many.
  virtual Result<std::int64_t> RevokeOtherWebSessions(std::int64_t account_id,
                                                      std::string_view keep_token_hash,
                                                      UnixSeconds at) = 0;
};

inline constexpr UnixSeconds kForgetWebSessionsAfter = 30 * 86400;

}  // namespace levier::store
