// AccountWrites (accounts.h) over one PostgreSQL connection. Private to the store.
#pragma once

#include "levier/store/accounts.h"
#include "pg_db.h"

namespace levier::store {

class PgAccounts final : public AccountWrites {
 public:
  explicit PgAccounts(PgConnection& connection) : db_(connection) {}
  Result<std::optional<Account>> FindAccountByEmail(std::string_view email) override;
  Result<std::optional<Account>> FindAccount(std::int64_t id) override;
  Result<std::vector<Account>> ListAccounts() override;
  Result<std::optional<WebSession>> FindWebSession(std::string_view token_hash) override;
  Result<std::vector<AuditEntry>> ListAudit(std::int64_t before_id, int limit) override;
  Result<std::int64_t> InsertAccount(const Account& account) override;
  Status UpdateAccount(const Account& account) override;
  Status InsertWebSession(const WebSession& session) override;
  Status TouchWebSession(std::string_view token_hash, UnixSeconds at) override;
  Result<std::int64_t> RevokeWebSessions(std::int64_t account_id, std::string_view token_hash,
                                         UnixSeconds at) override;
  Result<std::int64_t> RevokeOtherWebSessions(std::int64_t account_id,
                                              std::string_view keep_token_hash,
                                              UnixSeconds at) override;

 private:
  Result<std::optional<Account>> FindOne(const char* where, const auto& key);
  PgConnection& db_;
};

}  // namespace levier::store
