// Transaction and ReadTransaction over one SQLite connection. Private to the
// SQLite backend. Each concern's interface is a small object over the same
// connection (sqlite_accounts.h...), or, for the outbox, tokens and reports,
// which need nothing of their own, this object itself (their statements are
// in sqlite_outbox.cc, sqlite_tokens.cc and sqlite_reports.cc).
#pragma once

#include <cstdint>
#include <map>

#include "levier/store/store.h"
#include "levier/util/rate_limiter.h"
#include "sqlite_accounts.h"
#include "sqlite_db.h"
#include "sqlite_directory.h"
#include "sqlite_invitations.h"
#include "sqlite_scripts.h"

namespace levier::store {

// The concerns both transactions hand out, each a small object over the
// same connection.
struct SqliteConcerns {
  explicit SqliteConcerns(Connection& connection)
      : accounts(connection), scripts(connection), directory(connection), invitations(connection) {}
  SqliteAccounts accounts;
  SqliteScripts scripts;
  SqliteDirectory directory;
  SqliteInvitations invitations;
};

// The allowances of SpendAllowance, one token-bucket limiter per rate: in
// the writer's memory, since SQLite has one writer (one instance). Used only
// on the writer thread.
using SqliteAllowances = std::map<std::uint32_t, RateLimiter>;

class SqliteTransaction final : public Transaction, public OutboxWrites, public TokenWrites {
 public:
  SqliteTransaction(Connection& connection, SqliteAllowances& allowances)
      : db_(connection), concerns_(connection), allowances_(allowances) {}
  Result<std::optional<ProcessedMessage>> FindProcessed(std::string_view pseudonym,
                                                        std::string_view channel,
                                                        std::string_view message_id) override;
  Status RecordProcessed(std::string_view channel, std::string_view message_id,
                         std::string_view pseudonym, std::string_view reply,
                         UnixSeconds at) override;
  Result<std::optional<std::string>> LoadSession(std::string_view pseudonym) override;
  Result<std::optional<UnixSeconds>> SessionSavedAt(std::string_view pseudonym) override;
  Status SaveSession(std::string_view pseudonym, std::string_view state, UnixSeconds at) override;
  Status AppendReferral(const ReferralRecord& record) override;
  Status AppendFollowupAnswer(const FollowupAnswerRecord& record) override;
  Status EraseParticipant(std::string_view pseudonym, UnixSeconds at) override;
  Result<std::int64_t> ForgetStoredReplies(UnixSeconds before, std::int64_t limit) override;
  Status AppendCallbackRequest(std::string_view pseudonym, std::string_view channel,
                               std::string_view language, UnixSeconds at) override;
  Result<bool> SpendAllowance(std::string_view key, std::uint32_t per_minute,
                              std::int64_t now_ms) override;
  Status RefundAllowance(std::string_view key, std::uint32_t per_minute,
                         std::int64_t now_ms) override;
  // TokenWrites (sqlite_tokens.cc)
  Status InsertApiToken(const ApiToken& token) override;
  Status AppendAudit(const AuditRecord& record) override;
  Result<std::int64_t> ForgetAudit(UnixSeconds before, std::int64_t limit) override;
  Status RevokeApiToken(std::string_view id, UnixSeconds at) override;
  // OutboxWrites (sqlite_outbox.cc)
  Result<std::int64_t> EnqueueOutbox(const OutboxRecord& record) override;
  Result<bool> HasPendingOutbox(std::string_view pseudonym, std::string_view kind) override;
  Result<std::optional<OutboxItem>> FindOutbox(std::int64_t id) override;
  Status RescheduleOutbox(std::int64_t id, int attempts, UnixSeconds next_attempt_at,
                          std::string_view last_error) override;
  Status FinishOutbox(std::int64_t id, std::string_view status, int attempts, UnixSeconds at,
                      std::string_view last_error, std::string_view platform_id) override;
  Result<std::int64_t> CancelPendingOutbox(std::string_view pseudonym, std::string_view kind,
                                           std::string_view reason) override;
  Result<bool> RecordOutboxDelivery(std::string_view channel, std::string_view platform_id,
                                    std::string_view delivery, UnixSeconds at) override;

  OutboxWrites& outbox() override { return *this; }
  TokenWrites& tokens() override { return *this; }
  AccountWrites& accounts() override { return concerns_.accounts; }
  ScriptWrites& scripts() override { return concerns_.scripts; }
  DirectoryWrites& directory() override { return concerns_.directory; }
  InvitationWrites& invitations() override { return concerns_.invitations; }

 private:
  Connection& db_;
  SqliteConcerns concerns_;
  SqliteAllowances& allowances_;
};

class SqliteReadTransaction final : public ReadTransaction,
                                    public ReportReads,
                                    public OutboxReads,
                                    public TokenReads {
 public:
  explicit SqliteReadTransaction(Connection& connection)
      : db_(connection), concerns_(connection) {}
  Status Ping() override;
  Result<std::vector<std::string>> IdleParticipants(UnixSeconds before,
                                                    std::int64_t limit) override;
  // TokenReads (sqlite_tokens.cc)
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens() override;
  // ReportReads (sqlite_reports.cc)
  Result<Indicators> ComputeIndicators(const Period& period) override;
  Result<std::vector<UnreachableReport>> ListUnreachable(UnixSeconds since) override;
  Result<std::vector<UnreachableReport>> ListBadlyRated(UnixSeconds since) override;
  // OutboxReads (sqlite_outbox.cc)
  Result<std::vector<OutboxItem>> DueOutbox(std::string_view kind, UnixSeconds now,
                                            int limit) override;

  ReportReads& reports() override { return *this; }
  OutboxReads& outbox() override { return *this; }
  TokenReads& tokens() override { return *this; }
  AccountReads& accounts() override { return concerns_.accounts; }
  ScriptReads& scripts() override { return concerns_.scripts; }
  DirectoryReads& directory() override { return concerns_.directory; }
  InvitationReads& invitations() override { return concerns_.invitations; }

 private:
  Connection& db_;
  SqliteConcerns concerns_;
};

}  // namespace levier::store
