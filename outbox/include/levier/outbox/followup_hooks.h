// FollowupHooks: the follow-up part of the outbox. A row of kind "followup"
// (payload {"barrier": "<code>"}) becomes the script's follow-up question,
// rendered in the resident's language by the dialog engine
// (dialogs::StartFollowup); once it is sent, the resident's session is moved
// to that question so their next message answers it.
//
// Rows are cancelled when the resident has opted out or erased their data,
// and postponed while another follow-up of theirs waits for an answer (one
// question at a time), at most kFollowupBusyFor after it was sent.
//
// Thread-safety: called on the dispatcher thread; reads the registry and
// the knowledge base, which are thread-safe.
#pragma once

#include <memory>

#include "levier/bot/script_registry.h"
#include "levier/kb/knowledge_base.h"
#include "levier/outbox/dispatcher.h"

namespace levier::outbox {

inline constexpr std::string_view kFollowupKind = "followup";
inline constexpr UnixSeconds kFollowupBusyFor = 2 * 24 * 3600;

class FollowupHooks final : public OutboxHooks {
 public:
  // References must outlive the hooks. SMS bodies are fitted like the
  // webhook's replies (dialogs::FitForSms, `sms_transliterate`).
  FollowupHooks(bot::ScriptRegistry& scripts, std::shared_ptr<const kb::KnowledgeBase> kb,
                bool sms_transliterate = true)
      : scripts_(scripts), kb_(std::move(kb)), sms_transliterate_(sms_transliterate) {}

  Result<Preparation> Prepare(const store::OutboxItem& item, store::Transaction& txn,
                              UnixSeconds now) override;
  Status OnSent(const store::OutboxItem& item, store::Transaction& txn, UnixSeconds now) override;

 private:
  bot::ScriptRegistry& scripts_;
  std::shared_ptr<const kb::KnowledgeBase> kb_;
  const bool sms_transliterate_;
};

}  // namespace levier::outbox
