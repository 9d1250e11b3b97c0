// ConversationService: the channel-neutral core that turns one inbound
// message into the replies to send, durably.
//
// For each message it derives the pseudonym, then, as one unit of work on the
// store's writer (so messages are handled one after the other in arrival
// order): answers a redelivered message id with the reply already sent; else
// loads the session, runs the pure dialog engine (or takes the step already
// run on the caller's thread, when it started from that very session: see
// StepAhead), saves the new session, the
// referrals and the message id with its reply, and carries out the engine's
// events (erase the participant's rows, log a callback request, queue or
// cancel follow-ups, log follow-up answers). The reply is handed back only
// after the commit, so an acknowledged message is never lost and never
// processed twice.
//
// Thread-safe: Handle may be called from any thread; `done` runs on a store thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "levier/bot/inbound_message.h"
#include "levier/bot/script_registry.h"
#include "levier/dialogs/engine.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/registry.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/status.h"

namespace levier::bot {

struct ConversationOutcome {
  // Neutral replies (dialogs/reply.h): each channel renders them. Empty:
  // send nothing (e.g. opted out).
  std::vector<dialogs::Reply> replies;
  bool duplicate = false;            // a redelivery answered from the stored reply
  // A new message over the sender's rate limit: not read, nothing stored,
  // no reply (counted and logged: see Handle).
  bool rate_limited = false;
  // A code-shaped message past the sender's code attempts: read as text.
  bool code_attempts_limited = false;
  // The language of `replies` (a redelivery: the one stored with them; ""
  // for a message stored before it was kept).
  std::string language;
  // What the engine now knows (for `simulate --json` and tests); not set
  // for a redelivery.
  std::string node;
  std::vector<std::string> barriers;
  std::vector<std::pair<std::string, std::string>> referrals;  // (provider, barrier) this step
  bool ended = false;
  // Replies queued in the outbox for the channel to send (replies_by_outbox).
  std::size_t queued_replies = 0;
  // Those of them queued already leased, for the reply dispatcher (see
  // EnableOutboxReplies); handed over after the commit.
  std::vector<store::OutboxItem> leased_replies;
  // The pseudonym whose pending rows this step cancelled (STOP, erasure), or "".
  std::string withdrawn_replies;
  // The engine's full result (not set for a redelivery): for simulate --record.
  std::optional<dialogs::StepResult> step;
};

// The lock key of an invitation code, beside the participants' pseudonyms
// (store::Store::SubmitForParticipants): "invitation:" + code.
inline constexpr std::string_view kInvitationLockPrefix = "invitation:";

class ConversationService {
 public:
  // All references must outlive the service. `secret` keys the pseudonyms.
  ConversationService(store::Store& store, ScriptRegistry& scripts,
                      const kb::KnowledgeBaseRegistry& knowledge, std::string secret,
                      dialogs::EngineOptions engine_options, std::uint32_t per_sender_per_minute,
                      Metrics* metrics);

  using Done = std::function<void(Result<ConversationOutcome>)>;
  // REQUIRES: message.channel, message.sender and message.message_id non-empty.
  // A redelivered message id gets its stored reply whatever the limits. A
  // new message over the sender's rate limit gets an outcome with
  // `rate_limited` and no reply: the dialog does not run, nothing is stored,
  // and it is counted (metric levier_limited_total{reason="sender"}) and
  // logged with the pseudonym and message id, so it is never lost unseen.
  void Handle(InboundMessage message, Done done);

  // A platform's delivery report (e.g. WhatsApp's "read") for the message it
  // knows as `platform_id`: recorded on its outbox row, never a dialog step.
  // `done` gets whether a sent message had that id (after the commit), or
  // the store's error.
  void RecordDelivery(std::string channel, std::string platform_id, std::string delivery,
                      UnixSeconds at, std::function<void(Result<bool>)> done);

  // Follow-ups (docs/followup.md). When the dialog records the resident's
  // consent (EventKind::kFollowupConsented), one outbox row per barrier is
  // queued, due `delay` seconds later, with the sender's address sealed under
  // `key` (32 bytes, AES-256-GCM): the only place an address is kept, and
  // only while the follow-up is pending. Off until called.
  // REQUIRES: key.size() == 32; called before the first Handle.
  void EnableFollowups(std::string key, UnixSeconds delay);

  // Channels that answer through the platform's API
  // (InboundMessage::replies_by_outbox): each reply becomes an outbox row of
  // kind "reply" in the message's unit of work, with the address sealed
  // under `key` (32 bytes, AES-256-GCM), and `queued` runs after each commit
  // that queued some. When the resident has no earlier reply still pending,
  // the unit queues the rows already leased for `lease_s` seconds
  // (OutboxRecord::leased_until) and `queued` gets them, to be sent at once
  // with no claim of their own (OutboxDispatcher::Deliver); otherwise they
  // wait behind the earlier ones and `queued` gets an empty list (Wake).
  // Without this, such a message fails with FailedPrecondition and nothing
  // is stored.
  // REQUIRES: key.size() == 32, the same key as EnableFollowups' (one sealed
  // address serves both) and the dispatchers'; lease_s >= 1; called before
  // the first Handle.
  // A STOP or an erasure also calls `queued`, with the resident's
  // pseudonym in `withdrawn`: rows of theirs handed over earlier and not yet
  // being sent must not be (the unit cancelled them), and this step's own
  // rows, if any, come after.
  struct QueuedReplies {
    std::vector<store::OutboxItem> leased;
    std::string withdrawn;
  };
  using RepliesQueued = std::function<void(QueuedReplies)>;
  void EnableOutboxReplies(std::string key, UnixSeconds lease_s, RepliesQueued queued);

  // The newest published script (a channel's own words, e.g. the web chat
  // page's, live in its language files).
  std::shared_ptr<const dialogs::Script> current_script() const { return scripts_.Current(); }

 private:
  // `session_text` is step.session as stored (SessionToJson).
  Status ApplyInvitation(const dialogs::StepResult& step, const std::string& pseudonym,
                         const InboundMessage& message, store::Transaction& txn);
  Status Apply(const dialogs::StepResult& step, std::string session_text,
               const std::string& pseudonym, const InboundMessage& message,
               const std::string& sealed_address, store::Transaction& txn,
               ConversationOutcome& outcome);

  // A step taken on the caller's thread (an I/O thread) from the session as
  // this service last wrote it, before the unit of work is queued: the
  // store's single writer is the server's bottleneck, and stepping plus
  // serialising was a quarter of its time. The writer uses the result only
  // if the stored session is still exactly `from_text` (no other message of
  // this resident, and no erase, committed in between); otherwise it steps
  // again itself, so the outcome is the same as if it had always stepped.
  struct SteppedAhead {
    std::string from_text;  // the stored session the step started from
    dialogs::StepResult step;
    std::string session_text;  // step.session as it will be stored
  };
  // nullopt when the session is not in the cache (the writer reads the
  // store) or pinned to an older script version.
  std::optional<SteppedAhead> StepAhead(const std::string& pseudonym,
                                        const InboundMessage& message);
  // Until when this unit's reply rows are leased to the dispatcher: 0 (not
  // leased) when an earlier reply of `pseudonym` is still pending.
  Result<UnixSeconds> ReplyLease(const std::string& pseudonym, const InboundMessage& message,
                                 store::Transaction& txn);
  Status QueueReplies(const dialogs::StepResult& step, const std::string& pseudonym,
                      const InboundMessage& message, const std::string& sealed_address,
                      UnixSeconds leased_until, store::Transaction& txn,
                      ConversationOutcome& outcome);
  // The written copy of the contacts (StepResult::copy), for the message's
  // copy_channel.
  Status QueueCopy(const dialogs::StepResult& step, const std::string& pseudonym,
                   const InboundMessage& message, const std::string& sealed_address,
                   UnixSeconds leased_until, store::Transaction& txn,
                   ConversationOutcome& outcome);
  // One outbox row of kind "reply" per reply, for `channel`; the leased ones
  // are added to outcome.leased_replies.
  Status EnqueueReplies(const std::vector<dialogs::Reply>& replies, const std::string& language,
                        const std::string& channel, const std::string& pseudonym,
                        const InboundMessage& message, const std::string& sealed_address,
                        UnixSeconds leased_until, store::Transaction& txn,
                        ConversationOutcome& outcome);
  Status ApplyFollowups(const dialogs::StepResult& step, const std::string& pseudonym,
                        const InboundMessage& message, const std::string& sealed_address,
                        store::Transaction& txn);

  // The parsed form of a stored session, reused while the stored text is
  // unchanged: parsing JSON is a large share of a step's cost, and comparing
  // the text keeps the cache right whoever writes the row (no invalidation).
  Result<std::optional<dialogs::Session>> ParseCached(const std::string& pseudonym,
                                                      const std::optional<std::string>& text);

  struct CachedSession {
    std::string text;
    dialogs::Session session;
  };
  static constexpr std::size_t kMaxCachedSessions = 20'000;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedSession> session_cache_;  // guarded by cache_mutex_

  // A message that is a professional's invitation code (invitation_code.h),
  // looked up on the writer: what the engine is told, and whether this
  // resident's use must be counted once the step is taken.
  struct CodeLookup {
    store::Invitation invitation;
    dialogs::InvitationUse use;
    bool count_use = false;
  };
  static Result<CodeLookup> LookUpCode(const std::string& code, const dialogs::Session& session,
                                       UnixSeconds now, store::Transaction& txn);
  // Code-shaped messages a resident may send per minute: guessing a code by
  // trying them stays hopeless (invitation_code.h).
  // Spent from the store's allowances (Transaction::SpendAllowance).
  static constexpr std::uint32_t kCodeAttemptsPerMinute = 3;

  store::Store& store_;
  ScriptRegistry& scripts_;
  const dialogs::EngineOptions engine_options_;
  const std::uint32_t per_sender_per_minute_;  // 0: no limit
  const kb::KnowledgeBaseRegistry& knowledge_;
  const std::string secret_;
  Metrics* metrics_;  // may be null
  std::string followup_key_;       // "" = follow-ups off
  std::string reply_key_;          // "" = replies through the outbox off
  RepliesQueued replies_queued_;
  UnixSeconds reply_lease_ = 0;
  UnixSeconds followup_delay_ = 0;
};

}  // namespace levier::bot
