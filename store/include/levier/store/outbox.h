// Outbox and follow-up records: messages Levier sends on its own initiative
// (follow-ups), drained by a sender per channel, and what residents answered.
//
// The address (phone number) is kept only while a message is pending, as
// AES-256-GCM ciphertext sealed by the caller; the store never sees it in
// clear and blanks it once the row is sent, failed, cancelled or erased.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// Outbox row kinds (the `kind` column).
inline constexpr std::string_view kOutboxReply = "reply";        // answers a resident's message
inline constexpr std::string_view kOutboxFollowup = "followup";  // days later, with consent

// Outbox row statuses (the `status` column).
inline constexpr std::string_view kOutboxPending = "pending";
inline constexpr std::string_view kOutboxSent = "sent";
inline constexpr std::string_view kOutboxFailed = "failed";        // gave up (4xx, attempts)
inline constexpr std::string_view kOutboxCancelled = "cancelled";  // STOP, opted out at Twilio

// A message to queue.
struct OutboxRecord {
  UnixSeconds created_at = 0;
  std::string channel;             // "sms", ...
  std::string pseudonym;
  std::string address_ciphertext;  // crypto::AesGcmSeal output, never the clear address
  std::string kind;                // kOutboxReply, kOutboxFollowup
  // JSON. A follow-up's names a barrier ({"barrier":"mobilite"}); a reply's
  // holds its text, blanked once the row is finished (it can tell which
  // barriers the resident has).
  std::string payload;
  UnixSeconds due_at = 0;          // first attempt not before this
  // Non-zero: the row is queued already leased to the dispatcher of the
  // unit that queues it, which sends it as soon as the unit commits (no
  // claim of its own): its first attempt is counted, and another pass takes
  // it only from this time on (a crash between the commit and the send).
  UnixSeconds leased_until = 0;
};

// A stored row, as the dispatcher sees it.
struct OutboxItem {
  std::int64_t id = 0;
  UnixSeconds created_at = 0;
  std::string channel;
  std::string pseudonym;
  std::string address_ciphertext;  // "" once blanked
  std::string kind;
  std::string payload;
  UnixSeconds due_at = 0;
  UnixSeconds next_attempt_at = 0;
  int attempts = 0;
  std::string status;
  std::string last_error;
  std::string platform_id;  // the platform's message id once sent ("" before)
  std::string delivery;     // the platform's last delivery report ("" = none yet)
};

// How a queued row starts: a leased one with its first attempt counted and
// due again when its lease ends; any other due at `due_at`, untried. Every
// backend's EnqueueOutbox writes this.
struct QueuedState {
  UnixSeconds next_attempt_at = 0;
  int attempts = 0;
  std::string_view last_error;
};
inline QueuedState StateWhenQueued(const OutboxRecord& record) {
  if (record.leased_until == 0) return {record.due_at, 0, ""};
  return {record.leased_until, 1, "sending"};
}

// The pending row `record` became when queued as `id`, as the dispatcher's
// claim reads it before its first attempt (a leased row's lease as its next
// attempt): what the unit that leases a row hands to the dispatcher.
inline OutboxItem QueuedItem(std::int64_t id, OutboxRecord record) {
  OutboxItem item;
  item.id = id;
  item.created_at = record.created_at;
  item.channel = std::move(record.channel);
  item.pseudonym = std::move(record.pseudonym);
  item.address_ciphertext = std::move(record.address_ciphertext);
  item.kind = std::move(record.kind);
  item.payload = std::move(record.payload);
  item.due_at = record.due_at;
  item.next_attempt_at = StateWhenQueued(record).next_attempt_at;
  item.status = std::string(kOutboxPending);
  return item;
}

// A platform's delivery report for a message it accepted (WhatsApp statuses).
inline constexpr std::string_view kDeliveryDelivered = "delivered";
inline constexpr std::string_view kDeliveryRead = "read";
inline constexpr std::string_view kDeliveryFailed = "failed";

// One follow-up answer, per barrier (the followup_answers table).
struct FollowupAnswerRecord {
  UnixSeconds at = 0;
  std::string pseudonym;
  std::string channel;
  std::string language;
  std::string commune;
  std::string barrier;
  std::string provider_id;         // "" when not known
  std::string contacted;           // "yes", "no", "could_not_reach" or ""
  std::optional<int> rating;       // 1..5 ("did it help?"), none when not answered
  std::string lifted;              // "yes", "partly", "no" or ""
  bool could_not_reach = false;
};

class OutboxReads {
 public:
  virtual ~OutboxReads() = default;
  // Pending rows of `kind` whose next attempt is due at `now`, in the
  // order they were queued, at most `limit`. A row is left out while an
  // earlier row of the same participant and kind is pending and not due
  // (waiting for a retry, or being sent): each participant's messages go out
  // one after the other, in the order they were queued.
  virtual Result<std::vector<OutboxItem>> DueOutbox(std::string_view kind, UnixSeconds now,
                                                    int limit) = 0;
};

class OutboxWrites {
 public:
  virtual ~OutboxWrites() = default;
  // Queues one outbound message; returns its id.
  virtual Result<std::int64_t> EnqueueOutbox(const OutboxRecord& record) = 0;
  // Whether `pseudonym` has a pending row of `kind` (queued, waiting for a
  // retry or being sent): a new row must then wait behind it, not be leased.
  virtual Result<bool> HasPendingOutbox(std::string_view pseudonym, std::string_view kind) = 0;
  // The row `id`, or nullopt. Other writers (another instance) cannot
  // change the row until this unit's transaction ends: a claim made by
  // checking then rescheduling the row is exclusive.
  virtual Result<std::optional<OutboxItem>> FindOutbox(std::int64_t id) = 0;
  // For a claim: the row `id`, locked as by FindOutbox, or nullopt when it
  // does not exist or another writer (another instance claiming it) holds it
  // now: the claim skips the row instead of waiting for that writer's commit
  // (PostgreSQL: FOR UPDATE SKIP LOCKED). With a single writer (SQLite)
  // nothing else can hold it: FindOutbox.
  virtual Result<std::optional<OutboxItem>> TakeOutbox(std::int64_t id) { return FindOutbox(id); }
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
};

}  // namespace levier::store
