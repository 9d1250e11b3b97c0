// OutboxDispatcher: drains the durable outbox (store::OutboxItem rows of one
// kind: follow-ups, or the replies of the channels that answer through the
// platform's API) on its own thread, within the sending window, at most
// `per_minute` messages per channel, retrying transient failures with
// exponential backoff.
//
// Each pass takes the due rows in batches: one unit of work re-reads every
// row and asks the hooks what to send (the resident may have sent STOP
// meanwhile), and leases the rows (attempts + 1, next attempt after a
// backoff) so a crash mid-send retries later instead of losing them; then
// the addresses are decrypted and the messages sent, up to `parallel`
// participants at a time, each participant's messages one after the other in
// the order they were queued (a message not sent holds back that
// participant's next ones); then one more unit of work records every outcome
// (sent: status 'sent', the platform's id kept, address blanked, hooks.OnSent
// in the same unit; retry: rescheduled; failed, cancelled or out of
// attempts: address blanked). Delivery is therefore at least once: a crash
// between the platform's acceptance and the commit sends the message again.
//
// Reads go through Store::SubmitRead and writes through Store::Submit; the
// dispatcher waits for them on its own thread, never on an I/O thread.
// Thread-safety: Start/Stop from one thread (the one that assembles the
// program); Wake from any thread; hooks run on the dispatcher thread,
// senders on it or on its `parallel` sending threads.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  // For a row its queuing unit leased to this dispatcher (Deliver): what to
  // send, decided without the store. An error, or anything but kSend, gives
  // the row back to the normal passes, whose Prepare decides.
  virtual Result<Preparation> PrepareLeased(const store::OutboxItem& item) {
    (void)item;
    return Status::FailedPrecondition("rows of this kind are not leased at queuing");
  }
  // Runs in the unit of work that marks `item` sent.
  virtual Status OnSent(const store::OutboxItem& item, store::Transaction& txn,
                        UnixSeconds now) = 0;
  // True when Prepare or OnSent lock the row's participant
  // (Transaction::LockParticipant): the units are then submitted with the
  // rows' participants, so that a store shared by instances locks them with
  // the rest of its batch, in one order.
  virtual bool LocksParticipants() const { return false; }
};

struct DispatcherOptions {
  SendingWindow window;
  BackoffPolicy backoff;
  int max_attempts = 8;               // then the row fails
  std::uint32_t per_minute = 30;      // messages per channel per minute (0 = no limit)
  int batch = 50;                     // rows read per pass
  std::chrono::milliseconds poll{1000};  // how often due rows are looked for
  std::string key;                    // AES-256-GCM key of the addresses (32 bytes)
  std::string kind = std::string(store::kOutboxFollowup);  // the rows this dispatcher drains
  // Participants sent to at the same time; each one's messages stay in order.
  int parallel = 1;
  // At most one row per participant per pass: for hooks whose Prepare reads
  // what the previous row's OnSent changed (one follow-up question at a time).
  bool one_per_participant = true;
  // Per-channel overrides of `per_minute` (a platform's throughput limit).
  std::map<std::string, std::uint32_t> per_minute_by_channel = {};
  // How long the record of what was sent may wait to share another unit's
  // commit (store::Store::SubmitDeferrable); 0 commits it at once. The rows
  // stay leased meanwhile: a crash in that time sends them again after the
  // lease, as a crash between the send and the record always could.
  std::chrono::milliseconds record_delay{0};
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
  // Finishes the messages in flight, then returns. Idempotent.
  void Stop();
  // Looks for due rows now rather than at the next poll (rows were just
  // queued). Cheap; any thread.
  void Wake();
  // Rows a committed unit of work queued already leased to this dispatcher
  // (store::OutboxRecord::leased_until), each participant's in the order
  // queued: sent at once, with no read and no claim of their own, then
  // recorded like any other. A row whose lease has run out by then is left
  // to the passes (another may have sent it). Any thread.
  void Deliver(std::vector<store::OutboxItem> leased);
  // Forgets the delivered rows of `pseudonym` not yet being sent (a STOP or
  // an erasure cancelled them in the store). Any thread.
  void Withdraw(const std::string& pseudonym);

  // One pass over the due rows at the clock's time (tests call it without
  // Start): at most `batch` rows. Returns how many rows were sent.
  int RunOnce();
  // Sends and records the rows delivered so far (tests call it without
  // Start). Returns how many were sent; sets *all_sent to false when some
  // were given back to the passes or not sent.
  int RunDelivered(bool* all_sent = nullptr);

 private:
  // A claimed row and what happens to it.
  struct Claim {
    store::OutboxItem item;
    Preparation preparation;
    bot::SendResult result;
    bool attempted = false;  // false: held back behind this participant's earlier message
  };

  void Run();
  bool HasSender(const std::string& channel) const;
  // Rows of channels with a sender and within their rate, in order.
  std::vector<store::OutboxItem> Admit(const std::vector<store::OutboxItem>& due);
  // Re-reads, prepares and leases `rows` in one unit of work.
  Result<std::vector<Claim>> ClaimAll(const std::vector<store::OutboxItem>& rows,
                                      UnixSeconds now);
  void SendAll(std::vector<Claim>& claims);
  void SendOne(Claim& claim);
  // Records every outcome in one unit of work, then logs them.
  Status RecordAll(const std::vector<Claim>& claims, UnixSeconds now);
  Status RecordOne(const Claim& claim, store::Transaction& txn, UnixSeconds now);
  void LogOutcome(const Claim& claim);
  RateLimiter& LimiterFor(const std::string& channel);
  // Submits `work` for these rows (their participants, when the hooks lock
  // them) and waits for its outcome.
  Status SubmitAndWait(const std::vector<const store::OutboxItem*>& rows, store::Store::Work work,
                       std::chrono::milliseconds max_delay = std::chrono::milliseconds(0));

  store::Store& store_;
  OutboxHooks& hooks_;
  const std::map<std::string, bot::Sender*> senders_;
  const DispatcherOptions options_;
  const Clock clock_;
  RateLimiter limiter_;
  std::map<std::string, std::unique_ptr<RateLimiter>> channel_limiters_;  // dispatcher thread

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::vector<store::OutboxItem> delivered_;  // guarded by mutex_
  std::thread thread_;
  class SendingThreads;
  std::unique_ptr<SendingThreads> sending_;  // dispatcher thread; made at the first parallel send
};

}  // namespace levier::outbox
