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

}  // namespace levier::store
