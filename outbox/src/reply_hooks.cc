#include "levier/outbox/reply_hooks.h"

#include <nlohmann/json.hpp>

namespace levier::outbox {

Result<Preparation> ReplyHooks::Prepare(const store::OutboxItem& item, store::Transaction&,
                                        UnixSeconds) {
  return PrepareLeased(item);
}

Result<Preparation> ReplyHooks::PrepareLeased(const store::OutboxItem& item) {
  Preparation out;
  out.action = Preparation::Action::kCancel;
  const nlohmann::json payload = nlohmann::json::parse(item.payload, nullptr, false);
  if (item.kind != store::kOutboxReply || !payload.is_object() || !payload.contains("reply")) {
    out.reason = "not a reply row";
    return out;
  }
  Result<dialogs::Reply> reply = dialogs::ReplyFromJson(payload["reply"]);
  if (!reply.ok()) {
    out.reason = "reply payload: " + reply.status().message();
    return out;
  }
  out.action = Preparation::Action::kSend;
  out.message.kind = bot::SendKind::kReply;
  if (auto language = payload.find("language");
      language != payload.end() && language->is_string()) {
    out.message.language = language->get<std::string>();
  }
  out.message.replies.push_back(std::move(*reply));
  return out;
}

}  // namespace levier::outbox
