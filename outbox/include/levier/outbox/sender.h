// Sender: delivers one outbound message on one channel. What the dispatcher
// needs to know about the platform's answer is reduced to four outcomes.
//
// Thread-safety: implementations must allow Send from one thread at a time
// (the dispatcher's); TwilioSender allows any number.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "levier/util/status.h"

namespace levier::outbox {

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

class Sender {
 public:
  virtual ~Sender() = default;
  // Sends `body` to `address` (E.164 for SMS). Blocks; bounded by the
  // sender's timeout.
  virtual SendResult Send(std::string_view address, std::string_view body) = 0;
};

}  // namespace levier::outbox
