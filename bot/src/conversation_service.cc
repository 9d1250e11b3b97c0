#include "levier/bot/conversation_service.h"

#include <nlohmann/json.hpp>

#include "levier/bot/pseudonym.h"
#include "levier/dialogs/engine.h"
#include "levier/util/log.h"

namespace levier::bot {
namespace {

using nlohmann::json;

// The session to step with `script`: the stored one when it is pinned to this
// version, otherwise a fresh one that keeps only what must survive a script
// change (the opt-out and the language).
dialogs::Session SessionForScript(const std::optional<dialogs::Session>& stored,
                                  const dialogs::Script& script) {
  if (!stored) return {};
  if (stored->script_version.empty() || stored->script_version == script.version()) return *stored;
  dialogs::Session fresh;
  fresh.opted_out = stored->opted_out;
  fresh.language = stored->language;
  return fresh;
}

Result<std::optional<dialogs::Session>> ParseStoredSession(const std::optional<std::string>& text) {
  if (!text) return std::optional<dialogs::Session>();
  json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::Internal("stored session is not valid JSON");
  Result<dialogs::Session> session = dialogs::SessionFromJson(parsed);
  if (!session.ok()) return session.status();
  return std::optional<dialogs::Session>(std::move(*session));
}

std::string SerializeReplies(const std::vector<std::string>& replies) {
  return json{{"replies", replies}}.dump();
}

std::vector<std::string> ParseReplies(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  std::vector<std::string> replies;
  if (parsed.is_object() && parsed.contains("replies") && parsed["replies"].is_array()) {
    for (const auto& r : parsed["replies"]) {
      if (r.is_string()) replies.push_back(r.get<std::string>());
    }
  }
  return replies;
}

}  // namespace

ConversationService::ConversationService(store::Store& store, const ScriptRegistry& scripts,
                                         std::shared_ptr<const kb::KnowledgeBase> kb,
                                         std::string secret, Metrics* metrics)
    : store_(store),
      scripts_(scripts),
      kb_(std::move(kb)),
      secret_(std::move(secret)),
      metrics_(metrics) {}

void ConversationService::Handle(InboundMessage message, Done done) {
  auto outcome = std::make_shared<ConversationOutcome>();
  auto pseudonym = std::make_shared<std::string>(
      Pseudonymize(secret_, message.channel, message.sender));
  // The raw address is not needed past this point: drop it now.
  message.sender.clear();
  auto msg = std::make_shared<InboundMessage>(std::move(message));

  auto work = [this, outcome, pseudonym, msg](store::Transaction& txn) -> Status {
    Result<std::optional<store::ProcessedMessage>> seen =
        txn.FindProcessed(msg->channel, msg->message_id);
    if (!seen.ok()) return seen.status();
    if (seen->has_value()) {
      outcome->duplicate = true;
      outcome->replies = ParseReplies((*seen)->reply);
      return Status::Ok();
    }
    Result<std::optional<std::string>> stored_text = txn.LoadSession(*pseudonym);
    if (!stored_text.ok()) return stored_text.status();
    Result<std::optional<dialogs::Session>> stored = ParseStoredSession(*stored_text);
    if (!stored.ok()) return stored.status();

    std::shared_ptr<const dialogs::Script> script;
    if (stored->has_value() && !(*stored)->script_version.empty()) {
      script = scripts_.Find((*stored)->script_version);
    }
    if (script == nullptr) script = scripts_.Current();
    const dialogs::Session session = SessionForScript(*stored, *script);

    dialogs::StepResult step = dialogs::Step(
        *script, *kb_, session, {msg->text, msg->channel, msg->received_at});

    Status saved = txn.SaveSession(*pseudonym, dialogs::SessionToJson(step.session).dump(),
                                   msg->received_at);
    if (!saved.ok()) return saved;
    for (const auto& referral : step.referrals) {
      store::ReferralRecord record;
      record.at = msg->received_at;
      record.pseudonym = *pseudonym;
      record.channel = msg->channel;
      record.language = step.session.language;
      record.barrier = referral.barrier;
      record.provider_id = referral.provider_id;
      auto commune = step.session.profile.find("commune");
      if (commune != step.session.profile.end()) record.commune = commune->second;
      Status appended = txn.AppendReferral(record);
      if (!appended.ok()) return appended;
      outcome->referrals.emplace_back(referral.provider_id, referral.barrier);
    }
    Status recorded = txn.RecordProcessed(msg->channel, msg->message_id, *pseudonym,
                                          SerializeReplies(step.replies), msg->received_at);
    if (!recorded.ok()) return recorded;

    outcome->replies = std::move(step.replies);
    outcome->language = step.session.language;
    outcome->node = step.session.node;
    outcome->barriers = step.session.barriers;
    outcome->ended = step.session.ended;
    return Status::Ok();
  };

  auto on_committed = [this, outcome, msg, done = std::move(done)](const Status& status) {
    if (!status.ok()) {
      log::Warn("message_not_processed",
                {{"channel", msg->channel}, {"error", StatusCodeName(status.code())}});
      done(status);
      return;
    }
    if (metrics_ != nullptr) {
      if (outcome->duplicate) {
        metrics_->CountDuplicate(msg->channel);
      } else {
        metrics_->CountMessage(msg->channel);
        for (const auto& referral : outcome->referrals) metrics_->CountReferral(referral.second);
      }
    }
    done(std::move(*outcome));
  };

  store_.Submit(std::move(work), std::move(on_committed));
}

}  // namespace levier::bot
