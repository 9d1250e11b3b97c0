#include "levier/outbox/dispatcher.h"

#include <openssl/crypto.h>

#include <future>
#include <set>

#include "levier/util/crypto.h"
#include "levier/util/log.h"
#include "levier/util/thread_name.h"

namespace levier::outbox {
namespace {

using bot::SendOutcome;
using bot::SendResult;

// Wipes a decrypted address as soon as it has been used.
struct WipeOnExit {
  std::string& text;
  ~WipeOnExit() {
    if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
    text.clear();
  }
};

}  // namespace

OutboxDispatcher::OutboxDispatcher(store::Store& store, OutboxHooks& hooks,
                                   std::map<std::string, bot::Sender*> senders,
                                   DispatcherOptions options, Clock clock)
    : store_(store),
      hooks_(hooks),
      senders_(std::move(senders)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      limiter_(options_.per_minute) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

void OutboxDispatcher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    NameThisThread("outbox");
    Run();
  });
}

void OutboxDispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxDispatcher::Run() {
  for (;;) {
    try {
      (void)RunOnce();
    } catch (...) {
      // A row whose claim was recorded is retried after its backoff; the
      // loop must go on for every other row.
      log::CurrentException("outbox_pass_threw");
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, options_.poll, [&] { return stopping_; })) return;
  }
}

Status OutboxDispatcher::SubmitAndWait(store::Store::Work work) {
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  store_.Submit(std::move(work), [&done](const Status& s) { done.set_value(s); });
  return result.get();
}

int OutboxDispatcher::RunOnce() {
  const UnixSeconds now = clock_();
  if (!options_.window.Contains(now)) return 0;
  auto due = std::make_shared<std::vector<store::OutboxItem>>();
  std::promise<Status> read;
  std::future<Status> read_result = read.get_future();
  store_.SubmitRead(
      [due, now, limit = options_.batch](store::ReadTransaction& txn) -> Status {
        Result<std::vector<store::OutboxItem>> items = txn.DueOutbox(now, limit);
        if (!items.ok()) return items.status();
        *due = std::move(*items);
        return Status::Ok();
      },
      [&read](const Status& s) { read.set_value(s); });
  if (Status s = read_result.get(); !s.ok()) {
    log::Warn("outbox_read_failed", {{"error", s.message()}});
    return 0;
  }
  int sent = 0;
  std::set<std::string> limited;  // channels over their rate this pass
  for (const store::OutboxItem& item : *due) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    if (limited.count(item.channel) != 0) continue;
    if (!Dispatch(item, now, &sent)) limited.insert(item.channel);
  }
  return sent;
}

bool OutboxDispatcher::Dispatch(const store::OutboxItem& due, UnixSeconds now, int* sent) {
  auto sender = senders_.find(due.channel);
  if (sender == senders_.end() || sender->second == nullptr) return true;  // no sender yet
  if (!limiter_.Allow(due.channel, MonotonicMicros() / 1000)) return false;

  // Claim: re-read the row, ask the hooks, lease it.
  auto claimed = std::make_shared<std::optional<store::OutboxItem>>();
  auto preparation = std::make_shared<Preparation>();
  Status claim = SubmitAndWait([&, claimed, preparation](store::Transaction& txn) -> Status {
    Result<std::optional<store::OutboxItem>> row = txn.FindOutbox(due.id);
    if (!row.ok()) return row.status();
    if (!row->has_value() || (*row)->status != store::kOutboxPending ||
        (*row)->next_attempt_at > now) {
      return Status::Ok();  // cancelled, erased or taken meanwhile
    }
    const store::OutboxItem& item = **row;
    Result<Preparation> prepared = hooks_.Prepare(item, txn, now);
    if (!prepared.ok()) return prepared.status();
    *preparation = std::move(*prepared);
    *claimed = item;
    switch (preparation->action) {
      case Preparation::Action::kCancel:
        return txn.FinishOutbox(item.id, store::kOutboxCancelled, item.attempts, now,
                                preparation->reason);
      case Preparation::Action::kPostpone:
        return txn.RescheduleOutbox(item.id, item.attempts, preparation->postpone_until,
                                    preparation->reason);
      case Preparation::Action::kSend:
        return txn.RescheduleOutbox(
            item.id, item.attempts + 1,
            now + RandomBackoffDelay(options_.backoff, item.attempts + 1), "sending");
    }
    return Status::Ok();
  });
  if (!claim.ok()) {
    // The unit rolled back: count the attempt so a row that always fails
    // to prepare ends instead of being tried every poll.
    log::Warn("outbox_prepare_failed", {{"id", std::to_string(due.id)}, {"error", claim.message()}});
    (void)Record(due, {SendOutcome::kRetry, "prepare: " + claim.message(), ""}, due.attempts + 1,
                 now);
    return true;
  }
  if (!claimed->has_value() || preparation->action != Preparation::Action::kSend) {
    if (claimed->has_value()) {
      log::Info(preparation->action == Preparation::Action::kCancel ? "outbox_cancelled"
                                                                     : "outbox_postponed",
                {{"id", std::to_string(due.id)}, {"reason", preparation->reason}});
    }
    return true;
  }
  const store::OutboxItem& item = **claimed;
  const int attempts = item.attempts + 1;

  std::string address;
  WipeOnExit wipe{address};
  SendResult result;
  if (!crypto::AesGcmOpen(options_.key, item.address_ciphertext, &address)) {
    result = {SendOutcome::kFailed, "address cannot be decrypted (outbox key changed?)", ""};
  } else {
    result = sender->second->Send(address, preparation->message);
  }
  if (Status s = Record(item, result, attempts, now); !s.ok()) {
    log::Error("outbox_record_failed", {{"id", std::to_string(item.id)}, {"error", s.message()}});
  }
  if (result.outcome == SendOutcome::kSent) ++*sent;
  return true;
}

Status OutboxDispatcher::Record(const store::OutboxItem& item, const SendResult& result,
                                int attempts, UnixSeconds now) {
  const std::string id = std::to_string(item.id);
  const std::string tries = std::to_string(attempts);
  const bool give_up = result.outcome == SendOutcome::kRetry && attempts >= options_.max_attempts;
  const UnixSeconds retry_at = now + RandomBackoffDelay(options_.backoff, attempts);
  Status status = SubmitAndWait([&](store::Transaction& txn) -> Status {
    switch (result.outcome) {
      case SendOutcome::kSent: {
        Status s = txn.FinishOutbox(item.id, store::kOutboxSent, attempts, now, "");
        if (!s.ok()) return s;
        // The message is out: a failure here must not roll back "sent" and
        // send it again, so it is only logged.
        if (Status hook = hooks_.OnSent(item, txn, now); !hook.ok()) {
          log::Error("outbox_on_sent_failed", {{"id", id}, {"error", hook.message()}});
        }
        return Status::Ok();
      }
      case SendOutcome::kRetry:
        if (give_up) {
          return txn.FinishOutbox(item.id, store::kOutboxFailed, attempts, now,
                                  "gave up after " + tries + " attempts: " + result.detail);
        }
        return txn.RescheduleOutbox(item.id, attempts, retry_at, result.detail);
      case SendOutcome::kFailed:
        return txn.FinishOutbox(item.id, store::kOutboxFailed, attempts, now, result.detail);
      case SendOutcome::kCancelled: {
        Status s = txn.FinishOutbox(item.id, store::kOutboxCancelled, attempts, now, result.detail);
        if (!s.ok()) return s;
        return txn.CancelPendingOutbox(item.pseudonym, "opted out at the platform").status();
      }
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  switch (result.outcome) {
    case SendOutcome::kSent:
      log::Info("outbox_sent", {{"id", id}, {"channel", item.channel}, {"attempts", tries}});
      break;
    case SendOutcome::kRetry:
      log::Warn(give_up ? "outbox_gave_up" : "outbox_retry",
                {{"id", id}, {"attempts", tries}, {"detail", result.detail}});
      break;
    case SendOutcome::kFailed:
      log::Warn("outbox_failed", {{"id", id}, {"detail", result.detail}});
      break;
    case SendOutcome::kCancelled:
      log::Info("outbox_cancelled", {{"id", id}, {"detail", result.detail}});
      break;
  }
  return Status::Ok();
}

}  // namespace levier::outbox
