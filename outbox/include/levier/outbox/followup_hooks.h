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

#include <functional>
#include <memory>

#include "levier/dialogs/script.h"
#include "levier/kb/registry.h"
#include "levier/outbox/dispatcher.h"

namespace levier::outbox {

inline constexpr std::string_view kFollowupKind = "followup";
inline constexpr UnixSeconds kFollowupBusyFor = 2 * 24 * 3600;

class FollowupHooks final : public OutboxHooks {
 public:
  // The script follow-ups start on: the newest published version.
  using CurrentScript = std::function<std::shared_ptr<const dialogs::Script>()>;
  // The replies are left neutral: the row's channel renders them (bot::Sender).
  // `knowledge` must outlive the hooks.
  FollowupHooks(CurrentScript current_script, const kb::KnowledgeBaseRegistry& knowledge)
      : current_script_(std::move(current_script)), knowledge_(knowledge) {}

  // The follow-up steps the session: its participant is locked.
  bool LocksParticipants() const override { return true; }
  Result<Preparation> Prepare(const store::OutboxItem& item, store::Transaction& txn,
                              UnixSeconds now) override;
  Status OnSent(const store::OutboxItem& item, store::Transaction& txn, UnixSeconds now) override;

 private:
  const CurrentScript current_script_;
  const kb::KnowledgeBaseRegistry& knowledge_;
};

}  // namespace levier::outbox
