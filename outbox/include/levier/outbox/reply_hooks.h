// ReplyHooks: the part of the outbox that sends replies for the channels
// that answer through the platform's API (bot::InboundMessage::
// replies_by_outbox). A row of kind "reply" holds one neutral reply and the
// resident's language ({"language": "fr", "reply": dialogs::ReplyToJson});
// it is sent as it is, at once: the conversation core queued it in the same
// unit of work as the step that produced it, and a STOP or an erasure
// cancels or deletes what is still pending.
//
// Thread-safety: stateless.
#pragma once

#include "levier/outbox/dispatcher.h"

namespace levier::outbox {

class ReplyHooks final : public OutboxHooks {
 public:
  // Cancels (for good) a row whose payload is not a reply.
  Result<Preparation> Prepare(const store::OutboxItem& item, store::Transaction& txn,
                              UnixSeconds now) override;
  // The same as Prepare: a reply needs nothing from the store.
  Result<Preparation> PrepareLeased(const store::OutboxItem& item) override;
  Status OnSent(const store::OutboxItem&, store::Transaction&, UnixSeconds) override {
    return Status::Ok();
  }
};

}  // namespace levier::outbox
