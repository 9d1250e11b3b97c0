#include "outboxes.h"

#include <map>
#include <string>

#include "levier/util/log.h"

namespace levier::app {

Outboxes::Outboxes(bot::ScriptRegistry& scripts, const kb::KnowledgeBaseRegistry& knowledge)
    : followup_hooks_([&scripts] { return scripts.Current(); }, knowledge) {}

void Outboxes::Stop() {
  if (replies_ != nullptr) replies_->Stop();
  if (followups_ != nullptr) followups_->Stop();
}

Result<std::unique_ptr<Outboxes>> Outboxes::Start(
    const Config& config, store::Store& store, bot::ScriptRegistry& scripts,
    const kb::KnowledgeBaseRegistry& knowledge,
    const std::vector<std::unique_ptr<webhook::HttpChannel>>& channels,
    bot::ConversationService& conversations) {
  std::unique_ptr<Outboxes> outboxes(new Outboxes(scripts, knowledge));
  std::map<std::string, bot::Sender*> senders;
  std::map<std::string, std::uint32_t> per_minute;
  for (const auto& channel : channels) {
    if (channel->sender() == nullptr) continue;
    senders.emplace(channel->name(), channel->sender());
    if (channel->sends_per_minute() > 0) {
      per_minute.emplace(channel->name(), channel->sends_per_minute());
    }
  }
  if (senders.empty()) {
    // Follow-ups need a way out: without one, consent is not recorded and
    // no address is kept.
    log::Warn("followups_off", {{"detail", "no channel can send: configure a channel's sending "
                                           "part (docs/configuration.md) to send follow-ups"}});
    return outboxes;
  }
  Result<outbox::SendingWindow> window = outbox::SendingWindow::Create(
      config.followup.timezone, config.followup.window_start, config.followup.window_end);
  if (!window.ok()) return Status::InvalidArgument("followup: " + window.status().message());
  Result<outbox::SendingWindow> always = outbox::SendingWindow::Create("UTC", "00:00", "24:00");
  if (!always.ok()) return always.status();

  outbox::DispatcherOptions followup{
      .window = *window,
      .backoff = {config.followup.retry_initial_s, config.followup.retry_max_s, 0.25},
      .max_attempts = config.followup.max_attempts,
      .per_minute = config.followup.per_minute,
      .batch = 50,
      .poll = std::chrono::milliseconds(1000),
      .key = config.outbox_key,
      .kind = std::string(store::kOutboxFollowup),
      .parallel = 1,
      .one_per_participant = true,
      .per_minute_by_channel = {},
      .record_delay = std::chrono::milliseconds(0)};
  // A reply is worth sending only while the resident waits: a few quick
  // retries, then it fails (WhatsApp refuses free text after 24 hours anyway).
  outbox::DispatcherOptions reply{.window = *always,
                                  .backoff = {1, 300, 0.25},
                                  .max_attempts = 10,
                                  .per_minute = 0,
                                  .batch = 100,
                                  .poll = std::chrono::milliseconds(1000),
                                  .key = config.outbox_key,
                                  .kind = std::string(store::kOutboxReply),
                                  .parallel = 8,
                                  .one_per_participant = false,
                                  .per_minute_by_channel = per_minute,
                                  // Under load the next message's commit comes within
                                  // milliseconds; idle, a reply's record waits this long.
                                  .record_delay = std::chrono::milliseconds(100)};

  outboxes->followups_ = std::make_unique<outbox::OutboxDispatcher>(
      store, outboxes->followup_hooks_, senders, std::move(followup));
  outboxes->replies_ = std::make_unique<outbox::OutboxDispatcher>(
      store, outboxes->reply_hooks_, std::move(senders), std::move(reply));
  conversations.EnableFollowups(config.outbox_key, config.followup.delay_s);
  outbox::OutboxDispatcher* replies = outboxes->replies_.get();
  // Replies are leased to this instance's dispatcher by the unit that
  // queues them and sent as soon as it commits; a crash in between delays
  // them by at most the lease, after which any instance's pass sends them.
  constexpr UnixSeconds kReplyLeaseSeconds = 10;
  conversations.EnableOutboxReplies(
      config.outbox_key, kReplyLeaseSeconds,
      [replies](bot::ConversationService::QueuedReplies queued) {
        if (!queued.withdrawn.empty()) replies->Withdraw(queued.withdrawn);
        if (queued.leased.empty()) {
          replies->Wake();  // queued behind an earlier reply: a pass takes them
        } else {
          replies->Deliver(std::move(queued.leased));
        }
      });
  outboxes->followups_->Start();
  outboxes->replies_->Start();
  return outboxes;
}

}  // namespace levier::app
