// The Telegram rendering of the engine's neutral replies: one sendMessage
// per reply (more when a text is over Telegram's limit), choices as an
// inline keyboard whose buttons send the choice id back as callback_data.
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/dialogs/reply.h"

namespace levier::channels::telegram {

// sendMessage's text limit. Telegram counts UTF-16 code units (entity
// offsets are in them), so a character outside the BMP counts twice here:
// never over the limit whichever way Telegram counts.
inline constexpr std::size_t kMaxTextUnits = 4096;
// An inline button's callback_data: 1-64 bytes.
inline constexpr std::size_t kMaxCallbackDataBytes = 64;

// `text` cut into pieces of at most `max_units` UTF-16 code units, each cut
// at the last line break, else the last space, before the limit (a word
// longer than the limit is cut on a character boundary). Empty: none.
std::vector<std::string> SplitText(std::string_view text, std::size_t max_units = kMaxTextUnits);

// The sendMessage bodies for `replies` to `chat_id`, in order: {"chat_id",
// "text"} and, on the last piece of a reply with choices, "reply_markup":
// {"inline_keyboard": [[{"text": label, "callback_data": id}], ...]} (one
// button per row). A reply with a choice whose id does not fit in
// callback_data (empty, or over 64 bytes) is sent as numbered text
// (dialogs::NumberedText), which the resident answers by typing the number.
std::vector<nlohmann::json> RenderSendMessages(std::int64_t chat_id,
                                               const std::vector<dialogs::Reply>& replies);

}  // namespace levier::channels::telegram
