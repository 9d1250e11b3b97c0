// Telegram's webhook request: the secret-token check and the Update JSON
// (../shared/specs/platform-specs.md §4.2, §4.3). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "levier/bot/inbound_message.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::channels::telegram {

inline constexpr std::string_view kSecretHeader = "X-Telegram-Bot-Api-Secret-Token";

// Bounds on what an Update may hold beyond the server's body limit.
inline constexpr int kMaxJsonDepth = 16;
inline constexpr std::size_t kMaxCallbackQueryIdBytes = 128;
inline constexpr std::size_t kMaxLanguageCodeBytes = 35;  // BCP 47's longest practical tag

// Constant-time: compares SHA-256 digests, so neither the contents nor the
// length of the secret shows in the timing. An empty `received` never matches.
bool SecretTokenMatches(std::string_view configured, std::string_view received);

// One Update, as far as Levier reads it.
struct ParsedUpdate {
  std::int64_t update_id = 0;
  // The resident's message, when the update carries one Levier answers:
  // a private chat's message (text, /start PAYLOAD, or something it cannot
  // read) or an inline keyboard press. nullopt for every other update
  // (groups, edits, channel posts, member changes...), acknowledged and
  // ignored.
  std::optional<bot::InboundMessage> message;
  // An inline keyboard press to answer with answerCallbackQuery ("" if none),
  // answered even when the press itself is ignored.
  std::string callback_query_id;
};

// Parses an Update. InvalidArgument, with a message fit for the response
// body, for anything that is not a JSON object with an integer update_id,
// nested deeper than kMaxJsonDepth, or whose message or callback_query lacks
// a field Levier needs (chat.id, callback_query.id). The message id is the
// update_id in decimal (Telegram redelivers an update with the same id);
// the sender is the chat id in decimal; `/start PAYLOAD` yields PAYLOAD as
// the text (a deep link: `/start` alone yields ""); from.language_code
// becomes language_hint; a message without text (voice, photo, sticker,
// document...) is `unreadable`; a press's callback_data is the choice.
// replies_by_outbox is set on every message.
Result<ParsedUpdate> ParseUpdate(std::string_view body, UnixSeconds received_at);

// The webhook's HTTP response body answering a press (spec §4.4):
// {"method":"answerCallbackQuery","callback_query_id":"..."}.
std::string AnswerCallbackQueryBody(std::string_view callback_query_id);

}  // namespace levier::channels::telegram
