// Transaction and ReadTransaction over one SQLite connection. Private to the store.
#pragma once

#include "levier/store/store.h"
#include "sqlite_db.h"

namespace levier::store {

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(Connection& connection) : db_(connection) {}
  Result<std::optional<ProcessedMessage>> FindProcessed(std::string_view channel,
                                                        std::string_view message_id) override;
  Status RecordProcessed(std::string_view channel, std::string_view message_id,
                         std::string_view pseudonym, std::string_view reply,
                         UnixSeconds at) override;
  Result<std::optional<std::string>> LoadSession(std::string_view pseudonym) override;
  Status SaveSession(std::string_view pseudonym, std::string_view state, UnixSeconds at) override;
  Status AppendReferral(const ReferralRecord& record) override;

 private:
  Connection& db_;
};

class SqliteReadTransaction final : public ReadTransaction {
 public:
  explicit SqliteReadTransaction(Connection& connection) : db_(connection) {}
  Status Ping() override;
  Result<ReferralSummary> SummarizeReferrals() override;
  Result<std::int64_t> CountSessions() override;

 private:
  Connection& db_;
};

}  // namespace levier::store
