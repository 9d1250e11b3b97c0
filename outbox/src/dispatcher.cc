#include "levier/outbox/dispatcher.h"

#include <openssl/crypto.h>

#include <algorithm>
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

// A fixed set of named threads that run a batch's lanes and return when all
// are done. Started once rather than per batch: with a batch per commit,
// creating threads (pthread_create, copy_process) was about 2 % of all the
// server's samples at 400 replies a second through the outbox (perf,
// 2026-12-06).
class OutboxDispatcher::SendingThreads {
 public:
  explicit SendingThreads(std::size_t count) {
    threads_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      threads_.emplace_back([this] {
        NameThisThread("outbox-send");
        Work();
      });
    }
  }
  ~SendingThreads() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  // Runs job(0) .. job(count - 1) on the threads. One caller at a time.
  void RunAll(const std::function<void(std::size_t)>& job, std::size_t count) {
    std::unique_lock lock(mutex_);
    job_ = &job;
    count_ = count;
    next_ = 0;
    done_ = 0;
    work_.notify_all();
    all_done_.wait(lock, [&] { return done_ == count_; });
    job_ = nullptr;
  }

 private:
  void Work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      work_.wait(lock, [&] { return stopping_ || (job_ != nullptr && next_ < count_); });
      if (stopping_) return;
      const std::size_t i = next_++;
      const std::function<void(std::size_t)>* job = job_;
      lock.unlock();
      (*job)(i);  // never throws: SendOne catches
      lock.lock();
      if (++done_ == count_) all_done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable all_done_;
  const std::function<void(std::size_t)>* job_ = nullptr;  // guarded by mutex_
  std::size_t count_ = 0;
  std::size_t next_ = 0;
  std::size_t done_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

OutboxDispatcher::OutboxDispatcher(store::Store& store, OutboxHooks& hooks,
                                   std::map<std::string, bot::Sender*> senders,
                                   DispatcherOptions options, Clock clock)
    : store_(store),
      hooks_(hooks),
      senders_(std::move(senders)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      limiter_(options_.per_minute) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }  // then the sending threads end

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

void OutboxDispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void OutboxDispatcher::Deliver(std::vector<store::OutboxItem> leased) {
  if (leased.empty()) return;
  {
    std::lock_guard lock(mutex_);
    delivered_.insert(delivered_.end(), std::make_move_iterator(leased.begin()),
                      std::make_move_iterator(leased.end()));
  }
  wake_.notify_all();
}

void OutboxDispatcher::Withdraw(const std::string& pseudonym) {
  if (pseudonym.empty()) return;
  std::lock_guard lock(mutex_);
  std::erase_if(delivered_,
                [&](const store::OutboxItem& row) { return row.pseudonym == pseudonym; });
}

void OutboxDispatcher::Run() {
  bool look = true;  // look for due rows (the first time, on a Wake, at each poll)
  for (;;) {
    int sent = 0;
    bool full = false;
    bool delivered_all_sent = true;
    try {
      {
        std::lock_guard lock(mutex_);
        if (woken_) look = true;
        woken_ = false;
      }
      RunDelivered(&delivered_all_sent);
      if (look) {
        sent = RunOnce();
        full = sent >= options_.batch;
      }
    } catch (...) {
      // A row whose claim was recorded is retried after its backoff; the
      // loop must go on for every other row.
      log::CurrentException("outbox_pass_threw");
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    // More may be due at once: rows that waited behind those just sent, or
    // delivered rows given back.
    look = full || sent > 0 || !delivered_all_sent;
    if (look || woken_ || !delivered_.empty()) continue;
    const bool signalled = wake_.wait_for(
        lock, options_.poll, [&] { return stopping_ || woken_ || !delivered_.empty(); });
    if (stopping_) return;
    if (!signalled) look = true;  // the poll: rows due after a backoff
  }
}

int OutboxDispatcher::RunDelivered(bool* all_sent) {
  std::vector<store::OutboxItem> rows;
  {
    std::lock_guard lock(mutex_);
    rows.swap(delivered_);
  }
  if (all_sent != nullptr) *all_sent = true;
  if (rows.empty()) return 0;
  const UnixSeconds now = clock_();
  const bool open = options_.window.Contains(now);
  const std::int64_t now_ms = MonotonicMicros() / 1000;
  std::vector<Claim> to_send;
  std::vector<Claim> given_back;
  std::set<std::string> held;  // participants with a row given back: their next ones too
  for (store::OutboxItem& row : rows) {
    // Past its lease a pass may have taken the row (and sent it): leave it.
    // (A resident's delivered rows share one lease: one unit queued them.)
    if (now >= row.next_attempt_at) continue;
    Claim claim{std::move(row), {}, {}, false};
    const std::string& who = claim.item.pseudonym;
    bool send = open && (who.empty() || held.count(who) == 0) && HasSender(claim.item.channel) &&
                LimiterFor(claim.item.channel).Allow(claim.item.channel, now_ms);
    if (send) {
      Result<Preparation> prepared = hooks_.PrepareLeased(claim.item);
      send = prepared.ok() && prepared->action == Preparation::Action::kSend;
      if (send) claim.preparation = std::move(*prepared);
    }
    if (!send) {
      claim.result.detail = "given back to the passes";
      if (!who.empty()) held.insert(who);
    }
    (send ? to_send : given_back).push_back(std::move(claim));
  }
  SendAll(to_send);
  // Given back as not tried: due again now, for a pass to claim.
  for (Claim& claim : given_back) to_send.push_back(std::move(claim));
  if (Status s = RecordAll(to_send, now); !s.ok()) {
    // The rows stay leased and are sent again when the lease runs out.
    log::Error("outbox_record_failed", {{"rows", std::to_string(to_send.size())},
                                        {"error", s.message()}});
  }
  int sent = 0;
  for (const Claim& claim : to_send) {
    if (claim.attempted && claim.result.outcome == SendOutcome::kSent) {
      ++sent;
    } else if (all_sent != nullptr) {
      *all_sent = false;
    }
  }
  return sent;
}

Status OutboxDispatcher::SubmitAndWait(const std::vector<const store::OutboxItem*>& rows,
                                       store::Store::Work work,
                                       std::chrono::milliseconds max_delay) {
  std::vector<std::string> participants;
  if (hooks_.LocksParticipants()) {
    for (const store::OutboxItem* row : rows) participants.push_back(row->pseudonym);
  }
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  store::Store::Done on_done = [&done](const Status& s) { done.set_value(s); };
  if (max_delay.count() > 0) {
    store_.SubmitDeferrable(std::move(participants), std::move(work), std::move(on_done),
                            max_delay);
  } else {
    store_.SubmitForParticipants(std::move(participants), std::move(work), std::move(on_done));
  }
  return result.get();
}

RateLimiter& OutboxDispatcher::LimiterFor(const std::string& channel) {
  auto override = options_.per_minute_by_channel.find(channel);
  if (override == options_.per_minute_by_channel.end()) return limiter_;
  std::unique_ptr<RateLimiter>& limiter = channel_limiters_[channel];
  if (limiter == nullptr) limiter = std::make_unique<RateLimiter>(override->second);
  return *limiter;
}

int OutboxDispatcher::RunOnce() {
  const UnixSeconds now = clock_();
  if (!options_.window.Contains(now)) return 0;
  auto due = std::make_shared<std::vector<store::OutboxItem>>();
  std::promise<Status> read;
  std::future<Status> read_result = read.get_future();
  store_.SubmitRead(
      [due, now, kind = options_.kind, limit = options_.batch](store::ReadTransaction& txn)
          -> Status {
        Result<std::vector<store::OutboxItem>> items = txn.outbox().DueOutbox(kind, now, limit);
        if (!items.ok()) return items.status();
        *due = std::move(*items);
        return Status::Ok();
      },
      [&read](const Status& s) { read.set_value(s); });
  if (Status s = read_result.get(); !s.ok()) {
    log::Warn("outbox_read_failed", {{"error", s.message()}});
    return 0;
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return 0;
  }
  const std::vector<store::OutboxItem> admitted = Admit(*due);
  if (admitted.empty()) return 0;
  Result<std::vector<Claim>> claims = ClaimAll(admitted, now);
  if (!claims.ok()) {
    // Nothing was leased: every row is still due and is looked at again.
    log::Warn("outbox_claim_failed", {{"rows", std::to_string(admitted.size())},
                                      {"error", claims.status().message()}});
    return 0;
  }
  SendAll(*claims);
  if (Status s = RecordAll(*claims, now); !s.ok()) {
    // The rows stay leased and are sent again after their backoff.
    log::Error("outbox_record_failed", {{"rows", std::to_string(claims->size())},
                                        {"error", s.message()}});
  }
  int sent = 0;
  for (const Claim& claim : *claims) {
    if (claim.attempted && claim.result.outcome == SendOutcome::kSent) ++sent;
  }
  return sent;
}

bool OutboxDispatcher::HasSender(const std::string& channel) const {
  auto sender = senders_.find(channel);
  return sender != senders_.end() && sender->second != nullptr;
}

std::vector<store::OutboxItem> OutboxDispatcher::Admit(const std::vector<store::OutboxItem>& due) {
  std::vector<store::OutboxItem> admitted;
  std::set<std::string> limited;  // channels over their rate this pass
  std::set<std::string> taken;    // participants with a row this pass
  const std::int64_t now_ms = MonotonicMicros() / 1000;
  for (const store::OutboxItem& item : due) {
    if (!HasSender(item.channel)) continue;  // no sender yet
    if (limited.count(item.channel) != 0) continue;
    if (options_.one_per_participant && !item.pseudonym.empty() &&
        !taken.insert(item.pseudonym).second) {
      continue;
    }
    if (!LimiterFor(item.channel).Allow(item.channel, now_ms)) {
      limited.insert(item.channel);
      continue;
    }
    admitted.push_back(item);
  }
  return admitted;
}

Result<std::vector<OutboxDispatcher::Claim>> OutboxDispatcher::ClaimAll(
    const std::vector<store::OutboxItem>& rows, UnixSeconds now) {
  auto claims = std::make_shared<std::vector<Claim>>();
  std::vector<const store::OutboxItem*> claimed_rows;
  for (const store::OutboxItem& row : rows) claimed_rows.push_back(&row);
  Status status = SubmitAndWait(claimed_rows, [&, claims](store::Transaction& txn) -> Status {
    claims->clear();  // a retried unit starts over
    for (const store::OutboxItem& due : rows) {
      Result<std::optional<store::OutboxItem>> row = txn.outbox().TakeOutbox(due.id);
      if (!row.ok()) return row.status();
      if (!row->has_value() || (*row)->status != store::kOutboxPending ||
          (*row)->next_attempt_at > now) {
        continue;  // cancelled, erased, taken meanwhile or being taken by another instance
      }
      const store::OutboxItem& item = **row;
      Result<Preparation> prepared = hooks_.Prepare(item, txn, now);
      if (!prepared.ok()) {
        // Counted as an attempt, so a row that always fails to prepare
        // ends instead of being tried every poll.
        const int attempts = item.attempts + 1;
        const std::string error = "prepare: " + prepared.status().message();
        log::Warn("outbox_prepare_failed",
                  {{"id", std::to_string(item.id)}, {"error", prepared.status().message()}});
        Status s = attempts >= options_.max_attempts
                       ? txn.outbox().FinishOutbox(item.id, store::kOutboxFailed, attempts, now, error, "")
                       : txn.outbox().RescheduleOutbox(
                             item.id, attempts,
                             now + RandomBackoffDelay(options_.backoff, attempts), error);
        if (!s.ok()) return s;
        continue;
      }
      Preparation& preparation = *prepared;
      Status s = Status::Ok();
      switch (preparation.action) {
        case Preparation::Action::kCancel:
          s = txn.outbox().FinishOutbox(item.id, store::kOutboxCancelled, item.attempts, now,
                               preparation.reason, "");
          log::Info("outbox_cancelled",
                    {{"id", std::to_string(item.id)}, {"reason", preparation.reason}});
          break;
        case Preparation::Action::kPostpone:
          s = txn.outbox().RescheduleOutbox(item.id, item.attempts, preparation.postpone_until,
                                   preparation.reason);
          log::Info("outbox_postponed",
                    {{"id", std::to_string(item.id)}, {"reason", preparation.reason}});
          break;
        case Preparation::Action::kSend:
          s = txn.outbox().RescheduleOutbox(
              item.id, item.attempts + 1,
              now + RandomBackoffDelay(options_.backoff, item.attempts + 1), "sending");
          claims->push_back(Claim{item, std::move(preparation), {}, false});
          break;
      }
      if (!s.ok()) return s;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::move(*claims);
}

void OutboxDispatcher::SendOne(Claim& claim) {
  claim.attempted = true;
  auto sender = senders_.find(claim.item.channel);
  std::string address;
  WipeOnExit wipe{address};
  try {
    if (!crypto::AesGcmOpen(options_.key, claim.item.address_ciphertext, &address)) {
      claim.result = {SendOutcome::kFailed, "address cannot be decrypted (outbox key changed?)",
                      ""};
    } else {
      claim.result = sender->second->Send(address, claim.preparation.message);
    }
  } catch (...) {
    // The row is retried after its backoff, like a network error.
    log::CurrentException("outbox_send_threw");
    claim.result = {SendOutcome::kRetry, "the sender threw", ""};
  }
}

void OutboxDispatcher::SendAll(std::vector<Claim>& claims) {
  // One lane per participant, in queue order; an erased participant's last
  // reply (no pseudonym) is a lane of its own.
  std::vector<std::vector<Claim*>> lanes;
  std::map<std::string, std::size_t> lane_of;
  for (Claim& claim : claims) {
    const std::string& who = claim.item.pseudonym;
    auto it = who.empty() ? lane_of.end() : lane_of.find(who);
    if (it == lane_of.end()) {
      if (!who.empty()) lane_of.emplace(who, lanes.size());
      lanes.emplace_back();
      lanes.back().push_back(&claim);
    } else {
      lanes[it->second].push_back(&claim);
    }
  }
  const auto run_lane = [this](std::vector<Claim*>& lane) {
    for (Claim* claim : lane) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      SendOne(*claim);
      // A message not sent holds back this participant's next ones.
      if (claim->result.outcome != SendOutcome::kSent) return;
    }
  };
  if (lanes.size() <= 1 || options_.parallel <= 1) {
    for (auto& lane : lanes) run_lane(lane);
    return;
  }
  if (sending_ == nullptr) {
    sending_ = std::make_unique<SendingThreads>(static_cast<std::size_t>(options_.parallel));
  }
  sending_->RunAll([&](std::size_t i) { run_lane(lanes[i]); }, lanes.size());
}

Status OutboxDispatcher::RecordAll(const std::vector<Claim>& claims, UnixSeconds now) {
  if (claims.empty()) return Status::Ok();
  std::vector<const store::OutboxItem*> recorded_rows;
  for (const Claim& claim : claims) recorded_rows.push_back(&claim.item);
  // The rows stay leased until this commits: it may share the next
  // inbound unit's commit rather than pay one of its own.
  Status status = SubmitAndWait(
      recorded_rows,
      [&](store::Transaction& txn) -> Status {
        for (const Claim& claim : claims) {
          if (Status s = RecordOne(claim, txn, now); !s.ok()) return s;
        }
        return Status::Ok();
      },
      options_.record_delay);
  if (!status.ok()) return status;
  for (const Claim& claim : claims) LogOutcome(claim);
  return Status::Ok();
}

Status OutboxDispatcher::RecordOne(const Claim& claim, store::Transaction& txn, UnixSeconds now) {
  const store::OutboxItem& item = claim.item;
  if (!claim.attempted) {
    // Not tried: due again as soon as the earlier message is through, with
    // the attempt it was leased for given back.
    return txn.outbox().RescheduleOutbox(
        item.id, item.attempts, now,
        claim.result.detail.empty() ? "after an earlier message" : claim.result.detail);
  }
  const SendResult& result = claim.result;
  const int attempts = item.attempts + 1;
  switch (result.outcome) {
    case SendOutcome::kSent: {
      Status s =
          txn.outbox().FinishOutbox(item.id, store::kOutboxSent, attempts, now, "", result.platform_id);
      if (!s.ok()) return s;
      // The message is out: a failure here must not roll back "sent" and
      // send it again, so it is only logged.
      if (Status hook = hooks_.OnSent(item, txn, now); !hook.ok()) {
        log::Error("outbox_on_sent_failed",
                   {{"id", std::to_string(item.id)}, {"error", hook.message()}});
      }
      return Status::Ok();
    }
    case SendOutcome::kRetry:
      if (attempts >= options_.max_attempts) {
        return txn.outbox().FinishOutbox(
            item.id, store::kOutboxFailed, attempts, now,
            "gave up after " + std::to_string(attempts) + " attempts: " + result.detail, "");
      }
      return txn.outbox().RescheduleOutbox(item.id, attempts,
                                  now + RandomBackoffDelay(options_.backoff, attempts),
                                  result.detail);
    case SendOutcome::kFailed:
      return txn.outbox().FinishOutbox(item.id, store::kOutboxFailed, attempts, now, result.detail, "");
    case SendOutcome::kCancelled: {
      Status s =
          txn.outbox().FinishOutbox(item.id, store::kOutboxCancelled, attempts, now, result.detail, "");
      if (!s.ok()) return s;
      return txn.outbox().CancelPendingOutbox(item.pseudonym, "", "opted out at the platform").status();
    }
  }
  return Status::Ok();
}

void OutboxDispatcher::LogOutcome(const Claim& claim) {
  if (!claim.attempted) return;
  const std::string id = std::to_string(claim.item.id);
  const int attempts = claim.item.attempts + 1;
  const std::string tries = std::to_string(attempts);
  switch (claim.result.outcome) {
    case SendOutcome::kSent:
      log::Info("outbox_sent", {{"id", id}, {"channel", claim.item.channel}, {"attempts", tries}});
      break;
    case SendOutcome::kRetry:
      log::Warn(attempts >= options_.max_attempts ? "outbox_gave_up" : "outbox_retry",
                {{"id", id}, {"attempts", tries}, {"detail", claim.result.detail}});
      break;
    case SendOutcome::kFailed:
      log::Warn("outbox_failed", {{"id", id}, {"detail", claim.result.detail}});
      break;
    case SendOutcome::kCancelled:
      log::Info("outbox_cancelled", {{"id", id}, {"detail", claim.result.detail}});
      break;
  }
}

}  // namespace levier::outbox
