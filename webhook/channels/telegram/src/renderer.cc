#include "levier/channels/telegram/renderer.h"

#include "levier/util/utf8.h"

namespace levier::channels::telegram {
namespace {

using nlohmann::json;

// Byte offset where `text` holds `max_units` UTF-16 code units at most,
// on a character boundary.
std::size_t Utf16Offset(std::string_view text, std::size_t max_units) {
  std::size_t pos = 0;
  std::size_t units = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    const char32_t c = DecodeUtf8(text, &next);
    const std::size_t width = c > 0xFFFF ? 2 : 1;
    if (units + width > max_units) break;
    units += width;
    pos = next;
  }
  return pos;
}

bool FitsCallbackData(const std::vector<dialogs::ReplyChoice>& choices) {
  for (const dialogs::ReplyChoice& c : choices) {
    if (c.id.empty() || c.id.size() > kMaxCallbackDataBytes) return false;
  }
  return true;
}

json InlineKeyboard(const std::vector<dialogs::ReplyChoice>& choices) {
  json rows = json::array();
  for (const dialogs::ReplyChoice& c : choices) {
    rows.push_back(json::array({json{{"text", c.label}, {"callback_data", c.id}}}));
  }
  return json{{"inline_keyboard", std::move(rows)}};
}

}  // namespace

std::vector<std::string> SplitText(std::string_view text, std::size_t max_units) {
  std::vector<std::string> pieces;
  while (!text.empty()) {
    std::size_t cut = Utf16Offset(text, max_units);
    if (cut < text.size()) {
      std::size_t boundary = text.rfind('\n', cut);
      if (boundary == std::string_view::npos || boundary == 0) boundary = text.rfind(' ', cut);
      if (boundary != std::string_view::npos && boundary > 0) cut = boundary;
    }
    // A character wider than `max_units` (a limit of 1 and an emoji): alone.
    if (cut == 0) cut = CodePointOffset(text, 1);
    pieces.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  }
  return pieces;
}

std::vector<json> RenderSendMessages(std::int64_t chat_id,
                                     const std::vector<dialogs::Reply>& replies) {
  std::vector<json> bodies;
  for (const dialogs::Reply& reply : replies) {
    const bool buttons = !reply.choices.empty() && FitsCallbackData(reply.choices);
    // Buttons carry the choices; without them (or with a question that has
    // no text of its own) the choices are numbered lines of the text.
    const std::string text =
        buttons && !reply.text.empty() ? reply.text : dialogs::NumberedText(reply);
    const std::vector<std::string> pieces = SplitText(text);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      json body{{"chat_id", chat_id}, {"text", pieces[i]}};
      if (buttons && i + 1 == pieces.size()) body["reply_markup"] = InlineKeyboard(reply.choices);
      bodies.push_back(std::move(body));
    }
  }
  return bodies;
}

}  // namespace levier::channels::telegram
