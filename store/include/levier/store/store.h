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

#include <chrono>
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
// How long a processed message's stored reply is kept for its redelivery:
// the same window. The reply names the providers fitting a resident's
// barriers (health, disability...): past the window nothing needs it, so it
// is blanked (ForgetStoredReplies); the id stays and still dedupes.
inline constexpr UnixSeconds kStoredRepliesKeptFor = kErasedMessageIdsKeptFor;

// The reply recorded for a platform message id, returned again on redelivery.
struct ProcessedMessage {
  std::string pseudonym;
  std::string reply;  // serialized by the caller (JSON)
};

// Write access inside one unit of work: the conversation's own writes, and
// each other concern's small interface (valid during this unit).
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Holds every other writer of the database (another Levier instance) off
  // `pseudonym` until this unit's transaction ends, so that a participant's
  // messages are processed one at a time whichever instance receives them.
  // Call it first in a unit that reads then writes a participant's session.
  // A backend with a single writer (SQLite) has nothing to do.
  virtual Status LockParticipant(std::string_view /*pseudonym*/) { return Status::Ok(); }
  // The message `message_id` of `channel` as sent by `pseudonym`, or as
  // sent by anyone since erased (kept unlinked for the replay window). Keyed
  // by the sender first: the platform signs the sender with the id, so the
  // same id from another sender is another message, and a participant's
  // processed ids sit together (one index page per message, not two).
  virtual Result<std::optional<ProcessedMessage>> FindProcessed(std::string_view pseudonym,
                                                                std::string_view channel,
                                                                std::string_view message_id) = 0;
  virtual Status RecordProcessed(std::string_view channel, std::string_view message_id,
                                 std::string_view pseudonym, std::string_view reply,
                                 UnixSeconds at) = 0;
  // The serialized session of `pseudonym`, or nullopt for a new participant.
  virtual Result<std::optional<std::string>> LoadSession(std::string_view pseudonym) = 0;
  // When `pseudonym`'s session was last saved, or nullopt when there is none.
  virtual Result<std::optional<UnixSeconds>> SessionSavedAt(std::string_view pseudonym) = 0;
  virtual Status SaveSession(std::string_view pseudonym, std::string_view state,
                             UnixSeconds at) = 0;
  virtual Status AppendReferral(const ReferralRecord& record) = 0;
  virtual Status AppendFollowupAnswer(const FollowupAnswerRecord& record) = 0;

  // "Erase my data" at `at`: deletes the participant's session, callback
  // requests and pending outbound messages, and detaches their referrals,
  // follow-up answers, invitation attributions (withdrawing what they
  // shared) and processed message ids from the pseudonym (the
  // anonymous counts stay, nothing leads back to the person). The message
  // ids are kept, with no reply, for kErasedMessageIdsKeptFor so that a
  // replayed request is still a duplicate; older unlinked ids are purged.
  virtual Status EraseParticipant(std::string_view pseudonym, UnixSeconds at) = 0;

  // Blanks the stored replies of at most `limit` messages processed before
  // `before`, oldest first; returns how many. A redelivery of such a
  // message is still a duplicate, answered with nothing. Rows another
  // instance holds are skipped (its next pass takes them).
  virtual Result<std::int64_t> ForgetStoredReplies(UnixSeconds before, std::int64_t limit) = 0;

  // Spends one token of `key`'s allowance at `now_ms` (Unix milliseconds):
  // a token bucket holding `per_minute` tokens, refilled continuously at
  // per_minute/60 per second. False when none is left (nothing is spent);
  // per_minute == 0 always allows. A backend shared by several instances
  // keeps the buckets in the database, so that every instance spends from
  // the same allowance, and a spend is rolled back with its unit; a
  // single-writer backend (SQLite) keeps them in the writer's memory.
  virtual Result<bool> SpendAllowance(std::string_view key, std::uint32_t per_minute,
                                      std::int64_t now_ms) = 0;
  // Gives back one token spent from `key`'s allowance, never past its burst:
  // for a spend that turned out not to count (a sign-in that succeeded).
  virtual Status RefundAllowance(std::string_view key, std::uint32_t per_minute,
                                 std::int64_t now_ms) = 0;

  // "Talk to a person": logs a callback request for coordinators.
  virtual Status AppendCallbackRequest(std::string_view pseudonym, std::string_view channel,
                                       std::string_view language, UnixSeconds at) = 0;

  // Messages sent through a platform's API (outbox.h).
  virtual OutboxWrites& outbox() = 0;
  // API tokens and the audit (tokens.h).
  virtual TokenWrites& tokens() = 0;
  // Workspace accounts and sessions (accounts.h).
  virtual AccountWrites& accounts() = 0;
  // The script's versions and publications, and the workspace's draft (scripts.h).
  virtual ScriptWrites& scripts() = 0;
  // The provider directory's versions (directory.h).
  virtual DirectoryWrites& directory() = 0;
  // Professionals' invitations and what participants share (invitations.h).
  virtual InvitationWrites& invitations() = 0;
};

// Read access (a separate connection: never waits for the writer in WAL mode).
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;
  // Succeeds when the database answers a trivial query.
  virtual Status Ping() = 0;
  // At most `limit` participants whose session was last saved before
  // `before`, in no particular order (the inactivity retention: a full
  // scan of the sessions when few are that old, which the read side bears).
  virtual Result<std::vector<std::string>> IdleParticipants(UnixSeconds before,
                                                            std::int64_t limit) = 0;
  // The indicators and the watch report (reports.h).
  virtual ReportReads& reports() = 0;
  virtual OutboxReads& outbox() = 0;
  virtual TokenReads& tokens() = 0;
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
  // Submit for a unit that serves these participants and locks them
  // (Transaction::LockParticipant). A backend shared by instances takes the
  // locks of a whole batch's participants together, in one order, before
  // its units run: two instances whose batches hold the same two residents
  // would otherwise lock them in opposite orders, a deadlock the database
  // breaks by failing one batch. Without such a backend, it is Submit.
  virtual void SubmitForParticipants(std::vector<std::string> pseudonyms, Work work, Done done) {
    (void)pseudonyms;
    Submit(std::move(work), std::move(done));
  }
  // SubmitForParticipants for a unit whose commit may wait up to
  // `max_delay` for other units to share it (one commit, one fsync for all):
  // bookkeeping whose delay costs nothing, such as the record of what the
  // outbox sent while its rows are still leased. Without such a backend, it
  // is SubmitForParticipants.
  virtual void SubmitDeferrable(std::vector<std::string> pseudonyms, Work work, Done done,
                                std::chrono::milliseconds max_delay) {
    (void)max_delay;
    SubmitForParticipants(std::move(pseudonyms), std::move(work), std::move(done));
  }
  virtual void SubmitRead(ReadWork work, Done done) = 0;

  // Calls `published` soon after a new script or directory version is
  // committed by any writer of the database (another instance, a command),
  // and after the watch had to reconnect (something may have been missed).
  // It runs on a store thread and must not block (post the work elsewhere).
  // nullptr stops the calls; once this returns, none is running or will
  // start. Returns false when the backend cannot tell (SQLite: the caller
  // polls the store instead).
  virtual bool WatchPublications(std::function<void()> /*published*/) { return false; }

  // Stops accepting work, finishes what is queued, closes the database.
  // Idempotent; also called by the destructor.
  virtual void Stop() = 0;
};

}  // namespace levier::store
