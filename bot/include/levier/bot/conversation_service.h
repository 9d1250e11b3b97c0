// ConversationService: the channel-neutral core that turns one inbound
// message into the replies to send, durably.
//
// For each message it derives the pseudonym, then, as one unit of work on the
// store's writer (so messages are handled one after the other in arrival
// order): answers a redelivered message id with the reply already sent; else
// loads the session, runs the pure dialog engine, saves the new session, the
// referrals and the message id with its reply. The reply is handed back only
// after the commit, so an acknowledged message is never lost and never
// processed twice.
//
// Thread-safe: Handle may be called from any thread; `done` runs on a store thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "levier/bot/inbound_message.h"
#include "levier/bot/script_registry.h"
#include "levier/kb/knowledge_base.h"
#include "levier/store/store.h"
#include "levier/util/metrics.h"
#include "levier/util/status.h"

namespace levier::bot {

struct ConversationOutcome {
  std::vector<std::string> replies;  // empty: send nothing (e.g. opted out)
  bool duplicate = false;            // a redelivery answered from the stored reply
  // What the engine now knows (for `simulate --json` and tests).
  std::string language;
  std::string node;
  std::vector<std::string> barriers;
  std::vector<std::pair<std::string, std::string>> referrals;  // (provider, barrier) this step
  bool ended = false;
};

class ConversationService {
 public:
  // All references must outlive the service. `secret` keys the pseudonyms.
  ConversationService(store::Store& store, const ScriptRegistry& scripts,
                      std::shared_ptr<const kb::KnowledgeBase> kb, std::string secret,
                      Metrics* metrics);

  using Done = std::function<void(Result<ConversationOutcome>)>;
  // REQUIRES: message.channel, message.sender and message.message_id non-empty.
  void Handle(InboundMessage message, Done done);

 private:
  store::Store& store_;
  const ScriptRegistry& scripts_;
  std::shared_ptr<const kb::KnowledgeBase> kb_;
  const std::string secret_;
  Metrics* metrics_;  // may be null
};

}  // namespace levier::bot
