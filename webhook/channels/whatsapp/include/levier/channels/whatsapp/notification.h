// The WhatsApp Cloud API's webhook notifications (platform spec 3.2), parsed
// into what Levier uses: residents' messages and delivery reports.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::channels::whatsapp {

struct WaMessage {
  std::string from;       // the resident's WhatsApp id (their number, digits): never stored
  std::string id;         // "wamid...": the idempotency key
  UnixSeconds timestamp = 0;
  std::string text;       // a text's body, a media caption, a template button's text
  std::string choice;     // the id of an interactive reply (button or list row)
  bool unreadable = false;  // voice note, image without caption, sticker, location...
};

struct WaStatus {
  std::string id;      // the wamid of a message Levier sent
  std::string status;  // "sent", "delivered", "read", "failed" (others are kept as given)
  int error_code = 0;  // for "failed": errors[0].code
};

struct Notification {
  std::vector<WaMessage> messages;
  std::vector<WaStatus> statuses;
};

// At most this many messages and statuses in one notification; Meta sends a
// few at a time.
inline constexpr std::size_t kMaxNotificationItems = 1000;

// Parses a notification's JSON body. Changes for another business number
// than `phone_number_id` (when it is set), fields other than "messages",
// reactions and system messages are left out. InvalidArgument, with a short
// reason, when the body is not a WhatsApp notification.
Result<Notification> ParseNotification(std::string_view body, std::string_view phone_number_id);

}  // namespace levier::channels::whatsapp
