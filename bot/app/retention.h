// While serving, what is kept only for a while is let go (docs/deployment.md,
// "What is kept, and for how long"):
// - the stored replies of processed messages, once past the platforms'
//   redelivery window (store::kStoredRepliesKeptFor): they name the
//   providers that fit a resident's barriers, and nothing needs them after
//   it (the message ids stay and still dedupe);
// - residents silent for longer than the configured retention
//   (`session.retention_s`): erased as by their own ERASE, so that a
//   conversation about health or disability is not kept for ever because
//   its author simply stopped writing;
// - audit rows older than the audit's retention (`audit.retention_s`): they
//   name accounts and client addresses, personal data kept only as long as
//   they serve to answer for what was done.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "levier/store/store.h"
#include "levier/util/time_util.h"

namespace levier::app {

class Retention {
 public:
  // At most this many replies, or idle residents, per unit of work, so that
  // a pass (the first after an upgrade may find months of them) never holds
  // the writer long.
  static constexpr std::int64_t kReplyBatch = 2000;
  static constexpr std::int64_t kIdleBatch = 200;
  static constexpr std::int64_t kAuditBatch = 5000;
  static constexpr std::chrono::seconds kEvery{600};
  // The next pass's delay while the last one came back full.
  static constexpr std::chrono::seconds kCatchingUp{1};

  // `idle_after`: a resident whose session has not been saved for this long
  // is erased; 0 never erases anyone for silence. `audit_kept_for`: audit
  // rows older than this are deleted; 0 keeps them.
  Retention(boost::asio::io_context& io, store::Store& store, UnixSeconds idle_after,
            UnixSeconds audit_kept_for);
  // A pass now, then every kEvery. Called on the io_context's thread.
  void Start();
  // No pass starts after this. Called on the io_context's thread.
  void Stop();

 private:
  using Next = std::function<void(bool full)>;
  using Forgetting = std::function<Result<std::int64_t>(store::Transaction&)>;
  // One unit of `forget`, which returns how many rows it let go; logs
  // `<event>_forgotten` (or `<event>_not_forgotten`), then `next(full)`,
  // full when it let go `batch`.
  void Forget(std::string_view event, std::int64_t batch, Forgetting forget, Next next);
  void Pass();
  void ForgetReplies(Next next);
  void EraseIdle(Next next);
  void ForgetAudit(Next next);
  void PassIn(std::chrono::seconds delay);
  // `then` on the io_context's thread (the store calls back on its own).
  void OnIo(std::function<void()> then);

  boost::asio::steady_timer timer_;
  store::Store& store_;
  const UnixSeconds idle_after_;
  const UnixSeconds audit_kept_for_;
  std::atomic<bool> stopped_{false};
};

}  // namespace levier::app
