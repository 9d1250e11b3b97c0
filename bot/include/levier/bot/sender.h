// Sender: the outbound half of a channel, as the outbox sees it. It renders
// the engine's neutral replies in its platform's format and delivers them;
// what the outbox needs to know of the platform's answer is reduced to four
// outcomes. Each channel folder implements it; the outbox depends on this
// interface only.
//
// Thread-safety: implementations must allow Send from one thread at a time
// (the outbox dispatcher's); the Twilio SMS sender allows any number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/reply.h"
#include "levier/util/status.h"

namespace levier::bot {

enum class SendOutcome {
  kSent,       // accepted by the platform
  kRetry,      // transient (5xx, 429, timeout, network): try again later
  kFailed,     // refused for good (4xx): do not retry
  kCancelled,  // the recipient opted out at the platform: never retry
};

struct SendResult {
  SendOutcome outcome = SendOutcome::kRetry;
  // For logs and the outbox's last_error: status and platform code, never
  // the address or the body (e.g. "http 400, twilio 21211").
  std::string detail;
  std::string platform_id;  // the platform's message id when sent (Twilio's "SM..." sid)
};

// Why a message is sent: platforms treat the two differently (WhatsApp
// allows free-form messages only within 24 hours of the resident's last
// message; a follow-up two weeks later must be an approved template).
enum class SendKind {
  kReply,     // answers a message the resident just sent (outbox kind "reply")
  kFollowup,  // on Levier's initiative, days later (outbox kind "followup")
};

// One outbound message, as the outbox hands it to a channel.
struct Outgoing {
  SendKind kind = SendKind::kReply;
  std::string language;                // the resident's language code ("fr"); "" if unknown
  std::vector<dialogs::Reply> replies;  // neutral, in order; the sender renders them
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Sends `message`, rendered for the platform, to `address` (E.164 for SMS,
  // the platform's user or chat id otherwise). Blocks; bounded by the
  // sender's timeout. A sender that needs several platform calls for one
  // message reports the first failure (the outbox then retries the whole
  // message: delivery is at least once).
  virtual SendResult Send(std::string_view address, const Outgoing& message) = 0;
};

}  // namespace levier::bot
