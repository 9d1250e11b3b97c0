// Transaction and ReadTransaction over one PostgreSQL connection. Private to the
// PostgreSQL backend. Each concern's interface is a small object over the same
// connection (pg_accounts.h...), or, for the outbox, tokens and reports,
// which need nothing of their own, this object itself (their statements are
// in pg_outbox.cc, pg_tokens.cc and pg_reports.cc).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "levier/store/store.h"
#include "pg_accounts.h"
#include "pg_db.h"
#include "pg_directory.h"
#include "pg_invitations.h"
#include "pg_scripts.h"

namespace levier::store {

// The concerns both transactions hand out, each a small object over the
// same connection.
struct PgConcerns {
  explicit PgConcerns(PgConnection& connection)
      : accounts(connection), scripts(connection), directory(connection), invitations(connection) {}
  PgAccounts accounts;
  PgScripts scripts;
  PgDirectory directory;
  PgInvitations invitations;
};

class PgTransaction final : public Transaction, public OutboxWrites, public TokenWrites {
 public:
  // `spends` counts this store's allowance spends, to prune now and then.
  PgTransaction(PgConnection& connection, std::uint64_t& spends)
      : db_(connection), concerns_(connection), spends_(spends) {}
  Status LockParticipant(std::string_view pseudonym) override;
  // The locks of a batch's participants, all in one statement and in one
  // order (their keys'), so that two instances' batches never wait for each
  // other in a cycle. LockParticipant is then free for them.
  Status LockParticipants(const std::vector<std::string_view>& pseudonyms);
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
  // TokenWrites (pg_tokens.cc)
  Status InsertApiToken(const ApiToken& token) override;
  Status AppendAudit(const AuditRecord& record) override;
  Result<std::int64_t> ForgetAudit(UnixSeconds before, std::int64_t limit) override;
  Status RevokeApiToken(std::string_view id, UnixSeconds at) override;
  // OutboxWrites (pg_outbox.cc)
  Result<std::int64_t> EnqueueOutbox(const OutboxRecord& record) override;
  Result<bool> HasPendingOutbox(std::string_view pseudonym, std::string_view kind) override;
  Result<std::optional<OutboxItem>> FindOutbox(std::int64_t id) override;
  Result<std::optional<OutboxItem>> TakeOutbox(std::int64_t id) override;
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
  PgConnection& db_;
  PgConcerns concerns_;
  std::uint64_t& spends_;
  // The participants LockParticipants locked for the whole transaction.
  std::set<std::string, std::less<>> locked_;
};

class PgReadTransaction final : public ReadTransaction,
                                    public ReportReads,
                                    public OutboxReads,
                                    public TokenReads {
 public:
  explicit PgReadTransaction(PgConnection& connection)
      : db_(connection), concerns_(connection) {}
  Status Ping() override;
  Result<std::vector<std::string>> IdleParticipants(UnixSeconds before,
                                                    std::int64_t limit) override;
  // TokenReads (pg_tokens.cc)
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens() override;
  // ReportReads (pg_reports.cc)
  Result<Indicators> ComputeIndicators(const Period& period) override;
  Result<std::vector<UnreachableReport>> ListUnreachable(UnixSeconds since) override;
  Result<std::vector<UnreachableReport>> ListBadlyRated(UnixSeconds since) override;
  // OutboxReads (pg_outbox.cc)
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
  PgConnection& db_;
  PgConcerns concerns_;
};

}  // namespace levier::store
