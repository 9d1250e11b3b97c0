#include "retention.h"

#include <boost/asio/post.hpp>
#include <memory>
#include <string>
#include <vector>

#include "levier/util/log.h"

namespace levier::app {

Retention::Retention(boost::asio::io_context& io, store::Store& store, UnixSeconds idle_after,
                     UnixSeconds audit_kept_for)
    : timer_(io), store_(store), idle_after_(idle_after), audit_kept_for_(audit_kept_for) {}

void Retention::Start() { Pass(); }

void Retention::Stop() {
  stopped_ = true;
  timer_.cancel();
}

void Retention::OnIo(std::function<void()> then) {
  boost::asio::post(timer_.get_executor(), std::move(then));
}

void Retention::PassIn(std::chrono::seconds delay) {
  if (stopped_) return;
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Pass();
  });
}

void Retention::Pass() {
  if (stopped_) return;
  ForgetReplies([this](bool replies_full) {
    EraseIdle([this, replies_full](bool idle_full) {
      ForgetAudit([this, replies_full, idle_full](bool audit_full) {
        PassIn(replies_full || idle_full || audit_full ? kCatchingUp : kEvery);
      });
    });
  });
}

void Retention::Forget(std::string_view event, std::int64_t batch, Forgetting forget,
                       Next next) {
  auto forgotten = std::make_shared<std::int64_t>(0);
  store_.Submit(
      [forgotten, forget = std::move(forget)](store::Transaction& txn) -> Status {
        Result<std::int64_t> n = forget(txn);
        if (!n.ok()) return n.status();
        *forgotten = *n;
        return Status::Ok();
      },
      [this, event, batch, forgotten, next = std::move(next)](const Status& status) {
        OnIo([event, batch, forgotten, status, next] {
          if (!status.ok()) {
            // A full queue or a failed commit: the next pass tries again.
            log::Warn(std::string(event) + "_not_forgotten", {{"error", status.message()}});
            next(false);
            return;
          }
          if (*forgotten > 0) {
            log::Info(std::string(event) + "_forgotten", {{"count", std::to_string(*forgotten)}});
          }
          next(*forgotten == batch);
        });
      });
}

void Retention::ForgetReplies(Next next) {
  const UnixSeconds before = NowUnixSeconds() - store::kStoredRepliesKeptFor;
  Forget(
      "stored_replies", kReplyBatch,
      [before](store::Transaction& txn) { return txn.ForgetStoredReplies(before, kReplyBatch); },
      std::move(next));
}

void Retention::ForgetAudit(Next next) {
  if (stopped_ || audit_kept_for_ <= 0) {
    next(false);
    return;
  }
  const UnixSeconds before = NowUnixSeconds() - audit_kept_for_;
  Forget(
      "audit", kAuditBatch,
      [before](store::Transaction& txn) { return txn.tokens().ForgetAudit(before, kAuditBatch); },
      std::move(next));
}

void Retention::EraseIdle(Next next) {
  if (stopped_ || idle_after_ <= 0) {
    next(false);
    return;
  }
  const UnixSeconds now = NowUnixSeconds();
  const UnixSeconds before = now - idle_after_;
  auto idle = std::make_shared<std::vector<std::string>>();
  // Found on the read side; each one checked again, under its participant's
  // lock, by the unit that erases it: a resident who wrote meanwhile stays.
  auto erase = [this, idle, now, before, next](const Status& found) {
    if (stopped_ || !found.ok() || idle->empty()) {
      if (!found.ok()) log::Warn("idle_participants_not_read", {{"error", found.message()}});
      next(false);
      return;
    }
    auto erased = std::make_shared<std::int64_t>(0);
    auto unit_micros = std::make_shared<std::int64_t>(0);  // how long the writer was held
    store_.SubmitForParticipants(
        *idle,
        [idle, erased, unit_micros, now, before](store::Transaction& txn) -> Status {
          const std::int64_t start = MonotonicMicros();
          for (const std::string& pseudonym : *idle) {
            Result<std::optional<UnixSeconds>> saved = txn.SessionSavedAt(pseudonym);
            if (!saved.ok()) return saved.status();
            if (!saved->has_value() || **saved >= before) continue;
            if (Status s = txn.EraseParticipant(pseudonym, now); !s.ok()) return s;
            ++*erased;
          }
          *unit_micros = MonotonicMicros() - start;
          return Status::Ok();
        },
        [this, idle, erased, unit_micros, next](const Status& status) {
          OnIo([idle, erased, unit_micros, status, next] {
            if (!status.ok()) {
              log::Warn("idle_participants_not_erased", {{"error", status.message()}});
              next(false);
              return;
            }
            log::Info("idle_participants_erased",
                      {{"count", std::to_string(*erased)},
                       {"unit_ms", std::to_string(*unit_micros / 1000)}});
            next(static_cast<std::int64_t>(idle->size()) == kIdleBatch);
          });
        });
  };
  store_.SubmitRead(
      [idle, before](store::ReadTransaction& txn) -> Status {
        Result<std::vector<std::string>> found = txn.IdleParticipants(before, kIdleBatch);
        if (!found.ok()) return found.status();
        *idle = std::move(*found);
        return Status::Ok();
      },
      [this, erase](const Status& found) { OnIo([erase, found] { erase(found); }); });
}

}  // namespace levier::app
