// The channel-neutral message every channel adapter produces. Nothing past
// the adapter knows which platform spoke.
#pragma once

#include <string>

#include "levier/util/time_util.h"

namespace levier::bot {

struct InboundMessage {
  std::string channel;     // the channel's name (dialogs::kSmsChannel, ...)
  // The sender's platform address (phone number, chat id). Used only to
  // derive the pseudonym; never stored, never logged.
  std::string sender;
  std::string message_id;  // the platform's id for this delivery: the idempotency key
  std::string text;        // UTF-8, as received
  UnixSeconds received_at = 0;
  // A choice picked by its id on a channel with buttons (dialogs::ReplyChoice):
  // answers as its number typed would. "" when `text` is the answer.
  std::string choice;
  // A voice note, a photo, a sticker...: the engine answers that Levier reads
  // written messages (dialogs::StepInput::unreadable). `text` is then "".
  bool unreadable = false;
  // The language the resident's app is set to, as the platform reports it
  // (an IETF tag: "fr", "pt-br"); "" when unknown. A hint only
  // (dialogs::StepInput::language_hint).
  std::string language_hint = {};
  // The channel sends replies through the platform's API rather than in the
  // HTTP response (WhatsApp, Telegram): the core then queues them in the
  // outbox (kind "reply") in the message's own unit of work, so they are as
  // durable as the step that produced them, and the outcome's replies are
  // for logs and tests only.
  bool replies_by_outbox = false;
  // The channel can send this resident a follow-up days later (see
  // dialogs::StepInput::followups_possible).
  bool followups_possible = true;
  // The phone line (dialogs::StepInput): replies are read aloud; a call
  // starts the conversation over (in `language_hint`, the language the
  // caller picked on the keypad).
  bool spoken = false;
  bool start_over = false;
  // The channel that can send this resident a written copy of the contacts
  // when they ask for one (the SMS channel, for a caller on the phone line
  // whose number can get an SMS): the copy is queued in the outbox for it,
  // to `sender`. "" = no copy offered.
  std::string copy_channel = {};
};

}  // namespace levier::bot
