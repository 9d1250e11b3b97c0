// app::Retention on a real SQLite store: residents found idle are erased,
// and one who writes between the read that found them and the unit that
// erases them is kept (the unit checks each one's last save again, under
// its lock); audit rows past their retention go, newer ones stay.
#include "retention.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "levier/store/accounts.h"
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

  Status AppendAudit(UnixSeconds at) {
    return Write([at](store::Transaction& txn) {
      store::AuditRecord r;
      r.at = at;
      r.method = "GET";
      r.target = "/api/v1/indicators";
      r.status = 200;
      return txn.tokens().AppendAudit(r);
    });
  }

  // When the audit's rows were written, newest first.
  std::vector<UnixSeconds> AuditTimes() {
    std::promise<Status> done;
    std::future<Status> result = done.get_future();
    std::vector<UnixSeconds> times;
    store_->SubmitRead(
        [&](store::ReadTransaction& read) -> Status {
          Result<std::vector<store::AuditEntry>> rows = read.accounts().ListAudit(0, 100);
          if (!rows.ok()) return rows.status();
          for (const store::AuditEntry& e : *rows) times.push_back(e.record.at);
          return Status::Ok();
        },
        [&](const Status& s) { done.set_value(s); });
    EXPECT_TRUE(result.get().ok());
    return times;
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
  Retention retention(io, store, kYear, /*audit_kept_for=*/0);
  RunUntil(io, retention, [&] { return !SavedAt("silent").has_value(); });
  EXPECT_FALSE(SavedAt("silent").has_value()) << "a year and an hour silent: erased";
  ASSERT_TRUE(SavedAt("writes-back").has_value()) << "wrote before the erasure: kept";
  EXPECT_GT(*SavedAt("writes-back"), now - 60);
  EXPECT_EQ(SavedAt("recent"), std::optional<UnixSeconds>(now - kYear + 3600));
}

// No retention of residents: the pass runs (it forgets the old audit row,
// the positive control) and the resident silent for ten years stays.
TEST_F(RetentionTest, NoRetentionOfResidentsErasesNobody) {
  const UnixSeconds now = NowUnixSeconds();
  ASSERT_TRUE(Write([&](store::Transaction& txn) {
                return txn.SaveSession("silent", "{}", now - 10 * kYear);
              }).ok());
  ASSERT_TRUE(AppendAudit(now - 2 * kYear).ok());
  boost::asio::io_context io;
  Retention retention(io, *store_, /*idle_after=*/0, /*audit_kept_for=*/kYear);
  RunUntil(io, retention, [&] { return AuditTimes().empty(); });
  EXPECT_TRUE(AuditTimes().empty()) << "the pass did not run";
  EXPECT_TRUE(SavedAt("silent").has_value());
}

TEST_F(RetentionTest, AuditPastItsRetentionIsForgottenAndNewerKept) {
  const UnixSeconds now = NowUnixSeconds();
  for (UnixSeconds at : {now - kYear - 3600, now - kYear + 3600, now - 60}) {
    ASSERT_TRUE(AppendAudit(at).ok());
  }
  boost::asio::io_context io;
  Retention retention(io, *store_, /*idle_after=*/0, /*audit_kept_for=*/kYear);
  RunUntil(io, retention, [&] { return AuditTimes().size() < 3; });
  EXPECT_EQ(AuditTimes(), (std::vector<UnixSeconds>{now - 60, now - kYear + 3600}));
}

// An audit kept for ever (0): nothing goes. The resident past the
// retention is erased in the same pass: the positive control.
TEST_F(RetentionTest, NoRetentionOfTheAuditKeepsIt) {
  const UnixSeconds now = NowUnixSeconds();
  ASSERT_TRUE(AppendAudit(now - 10 * kYear).ok());
  ASSERT_TRUE(Write([&](store::Transaction& txn) {
                return txn.SaveSession("silent", "{}", now - 2 * kYear);
              }).ok());
  boost::asio::io_context io;
  Retention retention(io, *store_, /*idle_after=*/kYear, /*audit_kept_for=*/0);
  RunUntil(io, retention, [&] { return !SavedAt("silent").has_value(); });
  EXPECT_FALSE(SavedAt("silent").has_value()) << "the pass did not run";
  EXPECT_EQ(AuditTimes(), std::vector<UnixSeconds>{now - 10 * kYear});
}

}  // namespace
}  // namespace levier::app
