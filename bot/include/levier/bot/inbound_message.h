// The channel-neutral message every channel adapter produces. Nothing past
// the adapter knows which platform spoke.
#pragma once

#include <string>

#include "levier/util/time_util.h"

namespace levier::bot {

struct InboundMessage {
  std::string channel;     // "sms", later "whatsapp", "telegram", "web"
  // The sender's platform address (phone number, chat id). Used only to
  // derive the pseudonym; never stored, never logged.
  std::string sender;
  std::string message_id;  // the platform's id for this delivery: the idempotency key
  std::string text;        // UTF-8, as received
  UnixSeconds received_at = 0;
};

}  // namespace levier::bot
