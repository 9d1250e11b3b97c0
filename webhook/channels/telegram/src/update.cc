#include "levier/channels/telegram/update.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "levier/channels/telegram/channel.h"
#include "levier/util/crypto.h"
#include "levier/util/json_depth.h"

namespace levier::channels::telegram {
namespace {

using nlohmann::json;

constexpr std::string_view kStartCommand = "/start";

const json* Member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// An integer member (update_id, chat.id: up to 52 significant bits).
std::optional<std::int64_t> Int64Member(const json& object, const char* name) {
  const json* v = Member(object, name);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  if (v->is_number_unsigned() &&
      v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

const std::string* StringMember(const json& object, const char* name) {
  const json* v = Member(object, name);
  return v != nullptr && v->is_string() ? &v->get_ref<const std::string&>() : nullptr;
}

// "/start PAYLOAD" -> "PAYLOAD"; "/start" -> ""; "/start@levier_bot x" -> "x".
// Anything else unchanged.
std::string StripStart(const std::string& text) {
  if (text.rfind(kStartCommand, 0) != 0) return text;
  std::size_t end = kStartCommand.size();
  if (end < text.size() && text[end] == '@') {
    end = text.find(' ', end);
    if (end == std::string::npos) return "";
  }
  if (end == text.size()) return "";
  if (text[end] != ' ') return text;  // "/starting", not the command
  const std::size_t payload = text.find_first_not_of(' ', end);
  return payload == std::string::npos ? "" : text.substr(payload);
}

std::string LanguageHint(const json& from) {
  const std::string* code = StringMember(from, "language_code");
  if (code == nullptr || code->size() > kMaxLanguageCodeBytes) return "";
  return *code;
}

bot::InboundMessage NewMessage(std::int64_t update_id, std::int64_t chat_id,
                               UnixSeconds received_at) {
  bot::InboundMessage m;
  m.channel = kChannelName;
  m.sender = std::to_string(chat_id);
  m.message_id = std::to_string(update_id);
  m.received_at = received_at;
  m.replies_by_outbox = true;
  return m;
}

// The chat of a message, when it is a private chat (the only kind Levier
// talks in: a group would mix residents under one pseudonym).
Result<std::optional<std::int64_t>> PrivateChatId(const json& message) {
  const json* chat = Member(message, "chat");
  std::optional<std::int64_t> id = chat != nullptr ? Int64Member(*chat, "id") : std::nullopt;
  if (!id) return Status::InvalidArgument("message.chat.id is missing or not an integer");
  const std::string* type = StringMember(*chat, "type");
  if (type == nullptr || *type != "private") return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(*id);
}

Status ReadMessage(const json& message, UnixSeconds received_at, ParsedUpdate& update) {
  if (!message.is_object()) return Status::InvalidArgument("message must be an object");
  Result<std::optional<std::int64_t>> chat = PrivateChatId(message);
  if (!chat.ok()) return chat.status();
  if (!chat->has_value()) return Status::Ok();
  bot::InboundMessage m = NewMessage(update.update_id, **chat, received_at);
  if (const json* from = Member(message, "from")) m.language_hint = LanguageHint(*from);
  if (const std::string* text = StringMember(message, "text")) {
    m.text = StripStart(*text);
  } else {
    m.unreadable = true;  // voice, photo, sticker, document, location...
  }
  update.message = std::move(m);
  return Status::Ok();
}

Status ReadCallbackQuery(const json& query, UnixSeconds received_at, ParsedUpdate& update) {
  const std::string* id = StringMember(query, "id");
  if (id == nullptr || id->empty() || id->size() > kMaxCallbackQueryIdBytes) {
    return Status::InvalidArgument("callback_query.id is missing or invalid");
  }
  update.callback_query_id = *id;
  const std::string* data = StringMember(query, "data");
  const json* message = Member(query, "message");
  // No data (a game's button) or no message (a press on an inline-mode
  // message, or one too old for Telegram to include): answered, not read.
  // Data over 64 bytes was not made by Levier's keyboards: not a choice.
  if (data == nullptr || data->empty() || data->size() > 64 || message == nullptr) {
    return Status::Ok();
  }
  Result<std::optional<std::int64_t>> chat = PrivateChatId(*message);
  if (!chat.ok()) return chat.status();
  if (!chat->has_value()) return Status::Ok();
  bot::InboundMessage m = NewMessage(update.update_id, **chat, received_at);
  if (const json* from = Member(query, "from")) m.language_hint = LanguageHint(*from);
  m.choice = *data;
  update.message = std::move(m);
  return Status::Ok();
}

}  // namespace

bool SecretTokenMatches(std::string_view configured, std::string_view received) {
  if (configured.empty() || received.empty()) return false;
  return crypto::ConstantTimeEquals(crypto::Sha256(configured), crypto::Sha256(received));
}

Result<ParsedUpdate> ParseUpdate(std::string_view body, UnixSeconds received_at) {
  if (JsonDepth(body) > kMaxJsonDepth) {
    return Status::InvalidArgument("update nested deeper than " + std::to_string(kMaxJsonDepth) +
                                   " levels");
  }
  const json update = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (update.is_discarded() || !update.is_object()) {
    return Status::InvalidArgument("the body is not a JSON object (malformed Update)");
  }
  ParsedUpdate parsed;
  std::optional<std::int64_t> update_id = Int64Member(update, "update_id");
  if (!update_id || *update_id < 0) {
    return Status::InvalidArgument("update_id is missing or not a non-negative integer");
  }
  parsed.update_id = *update_id;
  if (const json* message = Member(update, "message")) {
    if (Status s = ReadMessage(*message, received_at, parsed); !s.ok()) return s;
  } else if (const json* query = Member(update, "callback_query")) {
    if (!query->is_object()) return Status::InvalidArgument("callback_query must be an object");
    if (Status s = ReadCallbackQuery(*query, received_at, parsed); !s.ok()) return s;
  }
  return parsed;
}

std::string AnswerCallbackQueryBody(std::string_view callback_query_id) {
  return json{{"method", "answerCallbackQuery"}, {"callback_query_id", callback_query_id}}.dump();
}

}  // namespace levier::channels::telegram
