// Store: the one interface to Levier's durable state (sessions, processed
// platform message ids with the reply sent, the referral log).
//
// Writes are units of work run by a single writer in submission order. The
// writer groups the units queued at the same moment into one transaction
// (group commit: one fsync for many messages), gives each unit its own
// savepoint so a failing unit rolls back alone, and reports each unit's
// outcome only after COMMIT returned. A unit's effects are therefore durable
// before its `done` callback runs, which is what lets the webhook acknowledge
// a message only once it cannot be lost.
//
// Thread-safety: Submit/SubmitRead/Stop may be called from any thread. Work
// and done callbacks run on the store's own threads; they must not block for
// long (post results elsewhere instead). The Transaction/ReadTransaction
// references are valid only during the call of the work that receives them.
// An exception never leaves the store's threads: a unit that throws fails
// with Internal (its writes rolled back), a callback that throws is logged.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/store/accounts.h"
#include "levier/store/directory.h"
#include "levier/store/invitations.h"
#include "levier/store/scripts.h"
#include "levier/store/outbox.h"
#include "levier/store/reports.h"
#include "levier/store/tokens.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// One provider proposed to one participant (the referral log).
struct ReferralRecord {
  UnixSeconds at = 0;
  std::string pseudonym;
  std::string channel;
  std::string language;
  std::string barrier;
  std::string provider_id;
  std::string commune;           // "" when unknown
  std::string source = "self";   // "self" or a professional's invitation code
  std::string neighbourhood;     // a priority neighbourhood's id; "" when unknown
};

// How long the ids of an erased participant's platform messages still
// dedupe replays: longer than any platform's redelivery (Twilio: minutes)
// and than a captured request is worth keeping for an attacker.
inline constexpr UnixSeconds kErasedMessageIdsKeptFor = 7 * 24 * 3600;

// The reply recorded for a platform message id, returned again on redelivery.
struct ProcessedMessage {
  std::string pseudonym;
  std::string reply;  // serialized by the caller (JSON)
};

// Write access inside one unit of work.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Result<std::optional<ProcessedMessage>> FindProcessed(std::string_view channel,
                                                                std::string_view message_id) = 0;
  virtual Status RecordProcessed(std::string_view channel, std::string_view message_id,
                                 std::string_view pseudonym, std::string_view reply,
                                 UnixSeconds at) = 0;
  // The serialized session of `pseudonym`, or nullopt for a new participant.
  virtual Result<std::optional<std::string>> LoadSession(std::string_view pseudonym) = 0;
  virtual Status SaveSession(std::string_view pseudonym, std::string_view state,
                             UnixSeconds at) = 0;
  virtual Status AppendReferral(const ReferralRecord& record) = 0;

  // "Erase my data" at `at`: deletes the participant's session, callback
  // requests and pending outbound messages, and detaches their referrals,
  // follow-up answers, invitation attributions (withdrawing what they
  // shared) and processed message ids from the pseudonym (the
  // anonymous counts stay, nothing leads back to the person). The message
  // ids are kept, with no reply, for kErasedMessageIdsKeptFor so that a
  // replayed request is still a duplicate; older unlinked ids are purged.
  virtual Status EraseParticipant(std::string_view pseudonym, UnixSeconds at) = 0;

  // "Talk to a person": logs a callback request for coordinators.
  virtual Status AppendCallbackRequest(std::string_view pseudonym, std::string_view channel,
                                       std::string_view language, UnixSeconds at) = 0;

  // Published script versions, kept so a session can finish on the version it
  // started with, across reloads and restarts. `files` is serialized by the caller.
  virtual Status SaveScriptVersion(std::string_view version, std::string_view files,
                                   UnixSeconds at) = 0;
  virtual Result<std::optional<std::string>> LoadScriptVersion(std::string_view version) = 0;

  // API access (tokens.h). Stores a new token by its hash; fails (and
  // stores nothing) when the hash is already there.
  virtual Status InsertApiToken(const ApiToken& token) = 0;
  // Records one API call; when `record.token_id` is set, also the token's last use.
  virtual Status AppendAudit(const AuditRecord& record) = 0;
  // Revokes the token named `id` at `at`. NotFound when there is no such
  // token; FailedPrecondition when it is already revoked.
  virtual Status RevokeApiToken(std::string_view id, UnixSeconds at) = 0;

  // Follow-ups (outbox.h). Queues one outbound message; returns its id.
  virtual Result<std::int64_t> EnqueueOutbox(const OutboxRecord& record) = 0;
  // The row `id`, or nullopt.
  virtual Result<std::optional<OutboxItem>> FindOutbox(std::int64_t id) = 0;
  // Keeps row `id` pending with `attempts` made, next try at `next_attempt_at`.
  virtual Status RescheduleOutbox(std::int64_t id, int attempts, UnixSeconds next_attempt_at,
                                  std::string_view last_error) = 0;
  // Ends row `id` with `status` (kOutboxSent, kOutboxFailed or
  // kOutboxCancelled) at `at`, blanks its address (and a reply's text), and
  // keeps `platform_id`, the platform's id of the sent message ("" if none).
  virtual Status FinishOutbox(std::int64_t id, std::string_view status, int attempts,
                              UnixSeconds at, std::string_view last_error,
                              std::string_view platform_id) = 0;
  // Cancels the pending rows of `pseudonym` (of kind `kind`, or of every kind
  // when it is "") and blanks their addresses (STOP). Returns how many.
  virtual Result<std::int64_t> CancelPendingOutbox(std::string_view pseudonym,
                                                   std::string_view kind,
                                                   std::string_view reason) = 0;
  // Records the platform's delivery report `delivery` (kDelivery*) for the
  // message it knows as `platform_id` on `channel`. A report never moves a
  // message back ("delivered" after "read" is ignored; "failed" always
  // counts). False when no sent row has that id.
  virtual Result<bool> RecordOutboxDelivery(std::string_view channel,
                                            std::string_view platform_id,
                                            std::string_view delivery, UnixSeconds at) = 0;
  virtual Status AppendFollowupAnswer(const FollowupAnswerRecord& record) = 0;

  // Workspace accounts and sessions (accounts.h), valid during this unit.
  virtual AccountWrites& accounts() = 0;
  // The script's publications and the workspace's draft (scripts.h).
  virtual ScriptWrites& scripts() = 0;
  // The provider directory's versions (directory.h).
  virtual DirectoryWrites& directory() = 0;
  // Professionals' invitations and what participants share (invitations.h).
  virtual InvitationWrites& invitations() = 0;
};

struct ReferralSummary {
  std::int64_t referrals = 0;
  std::int64_t participants = 0;  // distinct pseudonyms with at least one referral
  std::map<std::string, std::int64_t> by_barrier;
};

// Read access (a separate connection: never waits for the writer in WAL mode).
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;
  // Succeeds when the database answers a trivial query.
  virtual Status Ping() = 0;
  virtual Result<ReferralSummary> SummarizeReferrals() = 0;
  // Number of stored sessions (tests and metrics).
  virtual Result<std::int64_t> CountSessions() = 0;
  // Callback requests not yet handled.
  virtual Result<std::int64_t> CountOpenCallbackRequests() = 0;

  // The token whose hash is `token_hash` (revoked ones included: the caller
  // checks revoked_at), or nullopt.
  virtual Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) = 0;
  // Every token, oldest first (`levier token list`).
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;
  // Every indicator of reports.h, over the referrals and follow-up answers of `period`.
  virtual Result<Indicators> ComputeIndicators(const Period& period) = 0;
  // Providers flagged "could not reach them" at follow-up since `since`, most flagged first.
  virtual Result<std::vector<UnreachableReport>> ListUnreachable(UnixSeconds since) = 0;
  // Providers rated badly at follow-up since `since`: at least half of their
  // ratings 1 or 2 out of 5 ("answers" counts the ratings), most rated first.
  virtual Result<std::vector<UnreachableReport>> ListBadlyRated(UnixSeconds since) = 0;

  // Pending outbox rows of `kind` whose next attempt is due at `now`, in the
  // order they were queued, at most `limit`. A row is left out while an
  // earlier row of the same participant and kind is pending and not due
  // (waiting for a retry, or being sent): each participant's messages go out
  // one after the other, in the order they were queued.
  virtual Result<std::vector<OutboxItem>> DueOutbox(std::string_view kind, UnixSeconds now,
                                                    int limit) = 0;

  // Workspace accounts and sessions, and the audit (accounts.h).
  virtual AccountReads& accounts() = 0;
  virtual ScriptReads& scripts() = 0;
  virtual DirectoryReads& directory() = 0;
  virtual InvitationReads& invitations() = 0;
};

class Store {
 public:
  using Work = std::function<Status(Transaction&)>;
  using ReadWork = std::function<Status(ReadTransaction&)>;
  using Done = std::function<void(const Status&)>;

  virtual ~Store() = default;

  // Queues `work`. `done` receives OK once the unit's writes are committed,
  // the unit's own error (its writes rolled back), Unavailable when the
  // commit failed (nothing of the unit persisted), or Unavailable
  // without running `work` when the queue is full or the store is stopping.
  virtual void Submit(Work work, Done done) = 0;
  virtual void SubmitRead(ReadWork work, Done done) = 0;

  // Stops accepting work, finishes what is queued, closes the database.
  // Idempotent; also called by the destructor.
  virtual void Stop() = 0;
};

struct SqliteOptions {
  // Busy timeout for each connection: how long a statement waits for a lock
  // held by another process before failing with Unavailable.
  int busy_timeout_ms = 5000;
  // Units run in one transaction at most (group commit batch size).
  int max_batch = 256;
  // Queued units beyond which Submit refuses with Unavailable.
  int max_queue = 20000;
  // When > 0, the database may not grow past this many pages (SQLite's
  // max_page_count): writes then fail as if the disk were full. For
  // quotas and fault tests.
  long long max_page_count = 0;
  // WAL size (pages) after a commit beyond which a background thread, on its
  // own connection, copies the WAL back into the database (a PASSIVE
  // checkpoint). The writer never waits for it: with SQLite's automatic
  // checkpoint, the commit that crosses the threshold does that work and
  // every unit of its batch waits (about 13 % of the writer's time and the
  // latency spikes of the 2026-11-25 profile). 10,000 pages (about 40 MB of
  // WAL) rather than SQLite's 1,000: a page rewritten often (an active
  // resident's session) is then copied once instead of ten times; measured
  // +11 % messages/s and p99 16.4 -> 13.1 ms under wrk. 0: SQLite's
  // automatic checkpoint on the writer, every 1,000 pages.
  int checkpoint_pages = 10000;
};

// Opens (creating if needed) the SQLite database at `path`, applies pending
// schema migrations, and starts the writer and reader threads. `path` may be
// ":memory:" for a private in-memory database (simulate, tests); reads then
// share the writer's thread. Fails with a message naming the path.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options = {});

}  // namespace levier::store
