// The outbox's two dispatchers, as `levier serve` runs them:
// - follow-ups: days later, within the sending window, a few per minute;
// - replies of the channels that answer through the platform's API
//   (WhatsApp, Telegram): at once, several residents in parallel, each
//   resident's replies in order. The conversation core wakes it after each
//   commit that queued replies.
// Both exist only when at least one channel can send.
#pragma once

#include <memory>
#include <vector>

#include "config.h"
#include "levier/bot/conversation_service.h"
#include "levier/bot/script_registry.h"
#include "levier/kb/knowledge_base.h"
#include "levier/outbox/dispatcher.h"
#include "levier/outbox/followup_hooks.h"
#include "levier/outbox/reply_hooks.h"
#include "levier/store/store.h"
#include "levier/webhook/channel.h"

namespace levier::app {

class Outboxes {
 public:
  // Enables follow-ups and outbox replies on `conversations` and starts the
  // dispatchers, or logs that follow-ups are off when no channel can send.
  // Everything passed must outlive the returned object; Stop() before the
  // store stops.
  static Result<std::unique_ptr<Outboxes>> Start(
      const Config& config, store::Store& store, bot::ScriptRegistry& scripts,
      const kb::KnowledgeBaseRegistry& knowledge,
      const std::vector<std::unique_ptr<webhook::HttpChannel>>& channels,
      bot::ConversationService& conversations);
  ~Outboxes() { Stop(); }

  void Stop();

  // Whether replies (and invitations sent by SMS) go out: a channel can send.
  bool sending() const { return replies_ != nullptr; }
  // Wakes the reply dispatcher (a row of kind "reply" was just committed).
  void WakeReplies() {
    if (replies_) replies_->Wake();
  }

 private:
  Outboxes(bot::ScriptRegistry& scripts, const kb::KnowledgeBaseRegistry& knowledge);

  outbox::FollowupHooks followup_hooks_;
  outbox::ReplyHooks reply_hooks_;
  std::unique_ptr<outbox::OutboxDispatcher> followups_;
  std::unique_ptr<outbox::OutboxDispatcher> replies_;
};

}  // namespace levier::app
