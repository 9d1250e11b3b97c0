#include "levier/outbox/followup_hooks.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "levier/dialogs/engine.h"
#include "levier/util/json_dump.h"

namespace levier::outbox {
namespace {

using nlohmann::json;

std::string PayloadBarrier(const std::string& payload) {
  const json j = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("barrier") || !j["barrier"].is_string()) return "";
  return j["barrier"].get<std::string>();
}

Result<std::optional<dialogs::Session>> LoadSession(store::Transaction& txn,
                                                    const std::string& pseudonym) {
  // The follow-up steps the session: no instance may step it meanwhile.
  if (Status locked = txn.LockParticipant(pseudonym); !locked.ok()) return locked;
  Result<std::optional<std::string>> text = txn.LoadSession(pseudonym);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::optional<dialogs::Session>();
  const json j = json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Internal("stored session is not valid JSON");
  Result<dialogs::Session> session = dialogs::SessionFromJson(j);
  if (!session.ok()) return session.status();
  return std::optional<dialogs::Session>(std::move(*session));
}

}  // namespace

Result<Preparation> FollowupHooks::Prepare(const store::OutboxItem& item,
                                           store::Transaction& txn, UnixSeconds now) {
  Preparation out;
  out.action = Preparation::Action::kCancel;
  const std::string barrier = PayloadBarrier(item.payload);
  if (item.kind != kFollowupKind || barrier.empty()) {
    out.reason = "not a follow-up row";
    return out;
  }
  Result<std::optional<dialogs::Session>> session = LoadSession(txn, item.pseudonym);
  if (!session.ok()) return session.status();
  if (!session->has_value()) {
    out.reason = "no session (data erased)";
    return out;
  }
  const dialogs::Session& current = **session;
  if (current.opted_out) {
    out.reason = "opted out";
    return out;
  }
  auto waiting = current.profile.find(std::string(dialogs::kFollowupBarrierKey));
  if (waiting != current.profile.end() && !waiting->second.empty() && !current.ended &&
      now - current.last_active_at < kFollowupBusyFor) {
    out.action = Preparation::Action::kPostpone;
    // Looked at again hourly: the answer usually comes within the hour.
    out.postpone_until = std::min(now + 3600, current.last_active_at + kFollowupBusyFor);
    out.reason = "another follow-up awaits an answer";
    return out;
  }
  Result<dialogs::StepResult> step =
      dialogs::StartFollowup(*current_script_(), *knowledge_.Current(), current, barrier, now);
  if (!step.ok()) return step.status();
  out.action = Preparation::Action::kSend;
  out.message.kind = bot::SendKind::kFollowup;
  out.message.language = step->session.language;
  out.message.replies = std::move(step->replies);
  if (out.message.replies.empty()) {
    return Status::FailedPrecondition("the follow-up renders no text");
  }
  return out;
}

Status FollowupHooks::OnSent(const store::OutboxItem& item, store::Transaction& txn,
                             UnixSeconds now) {
  Result<std::optional<dialogs::Session>> session = LoadSession(txn, item.pseudonym);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return Status::Ok();  // erased while sending
  Result<dialogs::StepResult> step =
      dialogs::StartFollowup(*current_script_(), *knowledge_.Current(), **session,
                             PayloadBarrier(item.payload), now);
  if (!step.ok()) return step.status();
  return txn.SaveSession(item.pseudonym, DumpJson(dialogs::SessionToJson(step->session)), now);
}

}  // namespace levier::outbox
