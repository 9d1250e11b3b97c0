// OutboxDispatcher: drains the durable outbox (store::OutboxItem rows) on
// its own thread, within the sending window, at most `per_minute` messages
// per channel, retrying transient failures with exponential backoff.
//
// For each due row: one unit of work re-reads the row and asks the hooks
// what to send (the resident may have sent STOP meanwhile), and leases the
// row (attempts + 1, next attempt after a backoff) so a crash mid-send
// retries later instead of losing it; then the address is decrypted, the
// message sent, and one more unit of work records the outcome (sent: status
// 'sent', address blanked, hooks.OnSent in the same unit; retry:
// rescheduled; failed, cancelled or out of attempts: address blanked).
// Delivery is therefore at least once: a crash between the platform's
// acceptance and the commit sends the message again.
//
// Reads go through Store::SubmitRead and writes through Store::Submit; the
// dispatcher waits for them on its own thread, never on an I/O thread.
// Thread-safety: Start/Stop from one thread (the one that assembles the
// program); hooks and senders run on the dispatcher thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "levier/bot/sender.h"
#include "levier/dialogs/reply.h"
#include "levier/outbox/backoff.h"
#include "levier/outbox/sending_window.h"
#include "levier/store/store.h"
#include "levier/util/rate_limiter.h"

namespace levier::outbox {

// What to do with a due row, decided inside the claiming unit of work.
struct Preparation {
  enum class Action { kSend, kCancel, kPostpone };
  Action action = Action::kSend;
  // kSend: what to send, as the engine wrote it; the channel's sender renders it.
  bot::Outgoing message;
  UnixSeconds postpone_until = 0;  // kPostpone
  std::string reason;            // kCancel/kPostpone: for last_error and logs (no personal data)
};

// The kind-specific part (follow-ups: see followup_hooks.h).
class OutboxHooks {
 public:
  virtual ~OutboxHooks() = default;
  // Runs in the claiming unit of work, before sending.
  virtual Result<Preparation> Prepare(const store::OutboxItem& item, store::Transaction& txn,
                                      UnixSeconds now) = 0;
  // Runs in the unit of work that marks `item` sent.
  virtual Status OnSent(const store::OutboxItem& item, store::Transaction& txn,
                        UnixSeconds now) = 0;
};

struct DispatcherOptions {
  SendingWindow window;
  BackoffPolicy backoff;
  int max_attempts = 8;               // then the row fails
  std::uint32_t per_minute = 30;      // messages per channel per minute (0 = no limit)
  int batch = 50;                     // rows read per pass
  std::chrono::milliseconds poll{1000};  // how often due rows are looked for
  std::string key;                    // AES-256-GCM key of the addresses (32 bytes)
};

class OutboxDispatcher {
 public:
  using Clock = std::function<UnixSeconds()>;
  // `senders` maps a channel's name to its sender (HttpChannel::sender);
  // rows of other channels wait. All references must outlive the dispatcher.
  OutboxDispatcher(store::Store& store, OutboxHooks& hooks,
                   std::map<std::string, bot::Sender*> senders, DispatcherOptions options,
                   Clock clock = NowUnixSeconds);
  ~OutboxDispatcher();

  void Start();
  // Finishes the message in flight, then returns. Idempotent.
  void Stop();

  // One pass over the due rows at the clock's time (tests call it without
  // Start). Returns how many rows were sent.
  int RunOnce();

 private:
  void Run();
  // Handles one due row; false when the channel is over its rate limit.
  bool Dispatch(const store::OutboxItem& item, UnixSeconds now, int* sent);
  Status Record(const store::OutboxItem& item, const bot::SendResult& result, int attempts,
                UnixSeconds now);
  Status SubmitAndWait(store::Store::Work work);

  store::Store& store_;
  OutboxHooks& hooks_;
  const std::map<std::string, bot::Sender*> senders_;
  const DispatcherOptions options_;
  const Clock clock_;
  RateLimiter limiter_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace levier::outbox
