#include "levier/channels/whatsapp/notification.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace levier::channels::whatsapp {
namespace {

using nlohmann::json;

std::string StringAt(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json* ObjectAt(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

const json* ArrayAt(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? &*it : nullptr;
}

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Fills `out` from one message object; false when the message is left out
// (a reaction, a system message).
Result<bool> ReadMessage(const json& m, WaMessage* out) {
  out->from = StringAt(m, "from");
  out->id = StringAt(m, "id");
  if (!AllDigits(out->from)) return Status::InvalidArgument("message without a valid 'from'");
  if (out->id.empty() || out->id.size() > 256) {
    return Status::InvalidArgument("message without a valid 'id'");
  }
  const std::string timestamp = StringAt(m, "timestamp");
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
  if (ec == std::errc() && end == timestamp.data() + timestamp.size()) out->timestamp = seconds;
  const std::string type = StringAt(m, "type");
  if (type == "reaction" || type == "system") return false;
  if (type == "text") {
    if (const json* text = ObjectAt(m, "text")) out->text = StringAt(*text, "body");
    return true;
  }
  if (type == "interactive") {
    if (const json* interactive = ObjectAt(m, "interactive")) {
      for (const char* kind : {"button_reply", "list_reply"}) {
        if (const json* reply = ObjectAt(*interactive, kind)) out->choice = StringAt(*reply, "id");
      }
    }
    if (out->choice.empty()) out->unreadable = true;
    return true;
  }
  if (type == "button") {  // a template's quick-reply button
    if (const json* button = ObjectAt(m, "button")) out->text = StringAt(*button, "text");
    return true;
  }
  // Media: a caption is words we can read; otherwise nothing we can.
  if (const json* media = ObjectAt(m, type.c_str())) out->text = StringAt(*media, "caption");
  out->unreadable = out->text.empty();
  return true;
}

}  // namespace

Result<Notification> ParseNotification(std::string_view body, std::string_view phone_number_id) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return Status::InvalidArgument("body is not a JSON object");
  if (StringAt(root, "object") != "whatsapp_business_account") {
    return Status::InvalidArgument("'object' is not whatsapp_business_account");
  }
  const json* entries = ArrayAt(root, "entry");
  if (entries == nullptr) return Status::InvalidArgument("no 'entry' array");
  Notification out;
  std::size_t items = 0;
  for (const json& entry : *entries) {
    const json* changes = ArrayAt(entry, "changes");
    if (changes == nullptr) continue;
    for (const json& change : *changes) {
      if (StringAt(change, "field") != "messages") continue;
      const json* value = ObjectAt(change, "value");
      if (value == nullptr) continue;
      if (!phone_number_id.empty()) {
        const json* metadata = ObjectAt(*value, "metadata");
        if (metadata == nullptr || StringAt(*metadata, "phone_number_id") != phone_number_id) {
          continue;
        }
      }
      if (const json* messages = ArrayAt(*value, "messages")) {
        for (const json& m : *messages) {
          if (++items > kMaxNotificationItems) {
            return Status::InvalidArgument("too many messages in one notification");
          }
          WaMessage message;
          Result<bool> keep = ReadMessage(m, &message);
          if (!keep.ok()) return keep.status();
          if (*keep) out.messages.push_back(std::move(message));
        }
      }
      if (const json* statuses = ArrayAt(*value, "statuses")) {
        for (const json& s : *statuses) {
          if (++items > kMaxNotificationItems) {
            return Status::InvalidArgument("too many statuses in one notification");
          }
          WaStatus status{StringAt(s, "id"), StringAt(s, "status"), 0};
          if (status.id.empty() || status.id.size() > 256 || status.status.empty()) {
            return Status::InvalidArgument("status without 'id' or 'status'");
          }
          if (const json* errors = ArrayAt(s, "errors"); errors != nullptr && !errors->empty()) {
            auto code = (*errors)[0].find("code");
            if (code != (*errors)[0].end() && code->is_number_integer()) {
              status.error_code = code->get<int>();
            }
          }
          out.statuses.push_back(std::move(status));
        }
      }
    }
  }
  return out;
}

}  // namespace levier::channels::whatsapp
