// app::Retention's erasure of silent residents, on a real SQLite store:
// those found idle are erased, and one who writes between the read that
// found them and the unit that erases them is kept (the unit checks each
// one's last save again, under its lock).
#include "retention.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "levier/store/sqlite.h"
#include "levier/store/store.h"

namespace levier::app {
namespace {

constexpr UnixSeconds kYear = 365 * 24 * 3600;

// Forwards to a real store; just before the retention's erasing unit (the
// only SubmitForParticipants here) it queues `writer`'s new message, as if
// they had written between the read and the erasure.
class WritesBeforeTheErasure final : public store::Store {
 public:
  WritesBeforeTheErasure(store::Store& inner, std::string writer)
      : inner_(inner), writer_(std::move(writer)) {}

  void Submit(Work work, Done done) override { inner_.Submit(std::move(work), std::move(done)); }
  void SubmitForParticipants(std::vector<std::string> pseudonyms, Work work,
                             Done done) override {
    inner_.Submit(
        [writer = writer_](store::Transaction& txn) {
          return txn.SaveSession(writer, R"({"node":"ask_barrier"})", NowUnixSeconds());
        },
        [](const Status&) {});
    inner_.SubmitForParticipants(std::move(pseudonyms), std::move(work), std::move(done));
  }
  void SubmitRead(ReadWork work, Done done) override {
    inner_.SubmitRead(std::move(work), std::move(done));
  }
  void Stop() override { inner_.Stop(); }

 private:
  store::Store& inner_;
  const std::string writer_;
};

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }

  Status Write(store::Store::Work work) {
    std::promise<Status> done;
    std::future<Status> result = done.get_future();
    store_->Submit(std::move(work), [&](const Status& s) { done.set_value(s); });
    return result.get();
  }

  std::optional<UnixSeconds> SavedAt(const std::string& pseudonym) {
    std::optional<UnixSeconds> at;
    EXPECT_TRUE(Write([&](store::Transaction& txn) -> Status {
                  Result<std::optional<UnixSeconds>> r = txn.SessionSavedAt(pseudonym);
                  if (!r.ok()) return r.status();
                  at = *r;
                  return Status::Ok();
                }).ok());
    return at;
  }

  // Runs a pass of `retention` on `io` until `done` holds (or 10 s).
  template <typename Done>
  void RunUntil(boost::asio::io_context& io, Retention& retention, Done done) {
    // Kept busy while the store's threads hold the pass's next step.
    auto busy = boost::asio::make_work_guard(io);
    retention.Start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.run_for(std::chrono::milliseconds(20));
    }
    retention.Stop();
    busy.reset();
    io.run_for(std::chrono::milliseconds(50));  // the cancelled timer's handler
  }

  std::unique_ptr<store::Store> store_;
};

TEST_F(RetentionTest, SilentResidentsAreErasedAndOneWhoWritesMeanwhileIsKept) {
  const UnixSeconds now = NowUnixSeconds();
  ASSERT_TRUE(Write([&](store::Transaction& txn) -> Status {
                for (const char* who : {"silent", "writes-back"}) {
                  if (Status s = txn.SaveSession(who, "{}", now - kYear - 3600); !s.ok()) return s;
                }
                return txn.SaveSession("recent", "{}", now - kYear + 3600);
              }).ok());
  WritesBeforeTheErasure store(*store_, "writes-back");
  boost::asio::io_context io;
  Retention retention(io, store, kYear);
  RunUntil(io, retention, [&] { return !SavedAt("silent").has_value(); });
  EXPECT_FALSE(SavedAt("silent").has_value()) << "a year and an hour silent: erased";
  ASSERT_TRUE(SavedAt("writes-back").has_value()) << "wrote before the erasure: kept";
  EXPECT_GT(*SavedAt("writes-back"), now - 60);
  EXPECT_EQ(SavedAt("recent"), std::optional<UnixSeconds>(now - kYear + 3600));
}

TEST_F(RetentionTest, NoRetentionErasesNobody) {
  const UnixSeconds now = NowUnixSeconds();
  ASSERT_TRUE(Write([&](store::Transaction& txn) {
                return txn.SaveSession("silent", "{}", now - 10 * kYear);
              }).ok());
  boost::asio::io_context io;
  Retention retention(io, *store_, /*idle_after=*/0);
  // Long enough for a pass (the other test's takes milliseconds).
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  RunUntil(io, retention, [&] { return std::chrono::steady_clock::now() >= until; });
  EXPECT_TRUE(SavedAt("silent").has_value());
}

}  // namespace
}  // namespace levier::app
