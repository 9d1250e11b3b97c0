#include "reply_retention.h"

#include <boost/asio/post.hpp>
#include <memory>
#include <string>

#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::app {

ReplyRetention::ReplyRetention(boost::asio::io_context& io, store::Store& store)
    : timer_(io), store_(store) {}

void ReplyRetention::Start() { Pass(); }

void ReplyRetention::Stop() {
  stopped_ = true;
  timer_.cancel();
}

void ReplyRetention::PassIn(std::chrono::seconds delay) {
  if (stopped_) return;
  timer_.expires_after(delay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Pass();
  });
}

void ReplyRetention::Pass() {
  if (stopped_) return;
  auto forgotten = std::make_shared<std::int64_t>(0);
  store_.Submit(
      [forgotten](store::Transaction& txn) -> Status {
        Result<std::int64_t> n =
            txn.ForgetStoredReplies(NowUnixSeconds() - store::kStoredRepliesKeptFor, kBatch);
        if (!n.ok()) return n.status();
        *forgotten = *n;
        return Status::Ok();
      },
      // On a store thread: the timer is the io_context's, so back there.
      [this, forgotten](const Status& status) {
        boost::asio::post(timer_.get_executor(), [this, forgotten, status] {
          if (!status.ok()) {
            // A full queue or a failed commit: the next pass tries again.
            log::Warn("stored_replies_not_forgotten", {{"error", status.message()}});
            PassIn(kEvery);
            return;
          }
          if (*forgotten > 0) {
            log::Info("stored_replies_forgotten", {{"count", std::to_string(*forgotten)}});
          }
          PassIn(*forgotten == kBatch ? kCatchingUp : kEvery);
        });
      });
}

}  // namespace levier::app
