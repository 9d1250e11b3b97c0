// What holds when two Levier instances share one PostgreSQL database (each
// with its own store: its own writer and group commit): a participant's
// units run one at a time, an outbox row is claimed by one instance, and a
// publication on one is told to the other.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "store_fixture.h"

namespace levier::store {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kNow = 1'790'000'000;

class TwoInstancesTest : public StoreFileTest {
 protected:
  TwoInstancesTest() : StoreFileTest("two-instances") {}
  void SetUp() override { OpenTwoInstancesOrSkip(GetParam(), &store_, &other_); }
  void TearDown() override {
    other_.reset();
    store_.reset();
  }
  std::unique_ptr<Store> other_;
};

LEVIER_STORE_CONFORMANCE(TwoInstancesTest);

// The read-step-write of a message, reduced to a counter in the session.
Status Step(Transaction& txn, const std::string& pseudonym) {
  if (Status locked = txn.LockParticipant(pseudonym); !locked.ok()) return locked;
  Result<std::optional<std::string>> state = txn.LoadSession(pseudonym);
  if (!state.ok()) return state.status();
  const int count = state->has_value() ? std::stoi(**state) : 0;
  return txn.SaveSession(pseudonym, std::to_string(count + 1), kNow);
}

TEST_P(TwoInstancesTest, AParticipantsMessagesAreSteppedOneAtATimeWhicheverInstanceHasThem) {
  constexpr int kThreads = 4;  // two per instance
  constexpr int kSteps = 40;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    Store& store = t % 2 == 0 ? *store_ : *other_;
    threads.emplace_back([&store, &failed] {
      for (int i = 0; i < kSteps; ++i) {
        if (!SubmitAsync(store, [](Transaction& txn) { return Step(txn, "p1"); }).get().ok()) {
          ++failed;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // A step lost to a concurrent read of the same session would show as a
  // count short of the steps that succeeded. (A deadlock between batches
  // may fail a step, as a platform's retry would then redo it.)
  std::string count;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Result<std::optional<std::string>> state = txn.LoadSession("p1");
                if (!state.ok()) return state.status();
                count = state->value_or("0");
                return Status::Ok();
              }).ok());
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(std::stoi(count), kThreads * kSteps - failed.load());
}

TEST_P(TwoInstancesTest, BatchesHoldingTheSameParticipantsInOppositeOrdersDoNotDeadlock) {
  // Each instance's writer is held by a first unit while two more queue
  // behind it, one for each of two residents, in opposite orders on the two
  // instances: released together, each writer runs its two units as one
  // batch. Locked unit by unit, each batch would hold its first resident and
  // wait for its second, held by the other batch: a deadlock PostgreSQL
  // breaks after a second by failing one batch (its messages answered 503).
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::future<Status>> outcomes;
  std::atomic<int> holding{0};
  for (Store* store : {store_.get(), other_.get()}) {
    outcomes.push_back(SubmitAsync(*store, [released, &holding](Transaction&) {
      ++holding;
      released.wait();
      return Status::Ok();
    }));
  }
  while (holding < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto step_slowly = [](const std::string& pseudonym) {
    return [pseudonym](Transaction& txn) -> Status {
      if (Status s = Step(txn, pseudonym); !s.ok()) return s;
      // Long enough for the other batch to have begun meanwhile.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return Status::Ok();
    };
  };
  for (const auto& [store, first, second] :
       {std::tuple{store_.get(), "ann", "bob"}, std::tuple{other_.get(), "bob", "ann"}}) {
    outcomes.push_back(SubmitForAsync(*store, {first}, step_slowly(first)));
    outcomes.push_back(SubmitForAsync(*store, {second}, step_slowly(second)));
  }
  release.set_value();
  for (std::future<Status>& outcome : outcomes) EXPECT_TRUE(outcome.get().ok());
  for (const std::string pseudonym : {"ann", "bob"}) {
    ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                  Result<std::optional<std::string>> state = txn.LoadSession(pseudonym);
                  if (!state.ok()) return state.status();
                  EXPECT_EQ(state->value_or("0"), "2") << pseudonym;
                  return Status::Ok();
                }).ok());
  }
}

TEST_P(TwoInstancesTest, AnOutboxRowIsClaimedByOneInstanceOnly) {
  const std::int64_t id = Enqueue(OutboxRecord{kNow, "sms", "p1", "sealed",
                                               std::string(kOutboxFollowup),
                                               R"({"barrier":"mobilite"})", kNow});
  ASSERT_GT(id, 0);
  // The dispatcher's claim: the row is taken when still due, and leased by
  // moving its next attempt on.
  auto claim = [id](Transaction& txn, bool* claimed) -> Status {
    Result<std::optional<OutboxItem>> row = txn.outbox().FindOutbox(id);
    if (!row.ok()) return row.status();
    *claimed = row->has_value() && (*row)->status == kOutboxPending &&
               (*row)->next_attempt_at <= kNow;
    if (!*claimed) return Status::Ok();
    return txn.outbox().RescheduleOutbox(id, 1, kNow + 60, "sending");
  };
  bool first = false;
  bool second = false;
  std::future<Status> other;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                Status s = claim(txn, &first);
                // The other instance claims the same row before this commit.
                other = SubmitAsync(*other_, [&](Transaction& t) { return claim(t, &second); });
                EXPECT_EQ(other.wait_for(std::chrono::milliseconds(300)),
                          std::future_status::timeout)
                    << "the other instance should wait for this claim's commit";
                return s;
              }).ok());
  ASSERT_TRUE(other.get().ok());
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "the row was claimed twice: it would be sent twice";
}

// Two dispatchers claiming at the same moment: the second skips the row the
// first is claiming (FOR UPDATE SKIP LOCKED) instead of waiting for its
// commit, and once that commit is in, reads the lease and leaves the row.
TEST_P(TwoInstancesTest, AClaimSkipsARowAnotherInstanceIsClaimingWithoutWaiting) {
  const std::int64_t id = Enqueue(OutboxRecord{kNow, "whatsapp", "p1", "sealed",
                                               std::string(kOutboxReply), R"({"reply":"x"})", kNow});
  ASSERT_GT(id, 0);
  auto take = [id](Transaction& txn, std::optional<OutboxItem>* out) -> Status {
    Result<std::optional<OutboxItem>> row = txn.outbox().TakeOutbox(id);
    if (!row.ok()) return row.status();
    *out = *row;
    return Status::Ok();
  };
  std::optional<OutboxItem> here;
  std::optional<OutboxItem> there;
  std::future<Status> other;
  bool answered_while_held = false;
  ASSERT_TRUE(Write([&](Transaction& txn) -> Status {
                if (Status s = take(txn, &here); !s.ok()) return s;
                other = SubmitAsync(*other_, [&](Transaction& t) { return take(t, &there); });
                // Not other.get() here: with a waiting claim that would never return.
                answered_while_held =
                    other.wait_for(std::chrono::seconds(2)) == std::future_status::ready;
                return txn.outbox().RescheduleOutbox(id, 1, kNow + 60, "sending");
              }).ok());
  ASSERT_TRUE(other.get().ok());
  EXPECT_TRUE(answered_while_held) << "the other instance waited for this claim's commit";
  ASSERT_TRUE(here.has_value());
  EXPECT_FALSE(there.has_value()) << "the row held by this claim was taken by the other instance too";
  // Committed: the row is free again, and the other instance reads the lease.
  std::optional<OutboxItem> after;
  ASSERT_TRUE(SubmitAsync(*other_, [&](Transaction& t) { return take(t, &after); }).get().ok());
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->next_attempt_at, kNow + 60);
  EXPECT_EQ(after->attempts, 1);
}

TEST_P(TwoInstancesTest, APublicationOnOneInstanceIsToldToTheOtherAtOnce) {
  std::mutex mutex;
  std::condition_variable told_cv;
  int told = 0;
  ASSERT_TRUE(other_->WatchPublications([&] {
    std::lock_guard lock(mutex);
    ++told;
    told_cv.notify_all();
  }));
  auto wait_for = [&](int count) {
    std::unique_lock lock(mutex);
    return told_cv.wait_for(lock, std::chrono::seconds(1), [&] { return told >= count; });
  };
  // The watch tells once when it starts listening (it may have missed something).
  ASSERT_TRUE(wait_for(1));
  auto count = [&] {
    std::lock_guard lock(mutex);
    return told;
  };
  const int before = count();
  // A unit that fails to publish (an unknown version) tells nothing.
  EXPECT_FALSE(Write([](Transaction& txn) {
                 return txn.scripts().AppendPublication({0, "unknown", kNow, "test", ""}).status();
               }).ok());
  ASSERT_TRUE(Write([](Transaction& txn) -> Status {
                if (Status s = txn.scripts().SaveScriptVersion("v2", "{}", kNow); !s.ok()) return s;
                return txn.scripts().AppendPublication({0, "v2", kNow, "test", ""}).status();
              }).ok());
  EXPECT_TRUE(wait_for(before + 1)) << "not told within a second";
  EXPECT_EQ(count(), before + 1);
  // Once stopped, nothing more.
  ASSERT_TRUE(other_->WatchPublications(nullptr));
  ASSERT_TRUE(Write([](Transaction& txn) {
                return txn.scripts().AppendPublication({0, "v2", kNow + 1, "test", ""}).status();
              }).ok());
  EXPECT_FALSE(wait_for(before + 2));
}

TEST_P(TwoInstancesTest, AnAllowanceIsSpentFromOnceWhicheverInstancesSpendIt) {
  // Twelve spends at once, six on each instance, of an allowance of five
  // a minute: five in all find a token (per instance, ten would).
  constexpr std::int64_t kMs = kNow * 1000;
  std::atomic<int> allowed{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    Store& store = t % 2 == 0 ? *store_ : *other_;
    threads.emplace_back([&store, &allowed, &failed] {
      for (int i = 0; i < 3; ++i) {
        const Status s = SubmitAsync(store, [&allowed](Transaction& txn) -> Status {
                           Result<bool> r = txn.SpendAllowance("sender:p1", 5, kMs);
                           if (!r.ok()) return r.status();
                           if (*r) ++allowed;
                           return Status::Ok();
                         }).get();
        if (!s.ok()) ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(allowed.load(), 5);

  // A spend is rolled back with its unit: a unit that fails after spending
  // the one token of "sender:p2" leaves it for the next.
  EXPECT_FALSE(Write([](Transaction& txn) -> Status {
                 Result<bool> r = txn.SpendAllowance("sender:p2", 1, kMs);
                 if (!r.ok()) return r.status();
                 return *r ? Status::Internal("fail after the spend") : Status::Ok();
               }).ok());
  bool spent = false;
  ASSERT_TRUE(SubmitAsync(*other_, [&spent](Transaction& txn) -> Status {
                Result<bool> r = txn.SpendAllowance("sender:p2", 1, kMs);
                if (r.ok()) spent = *r;
                return r.status();
              }).get().ok());
  EXPECT_TRUE(spent);
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::store
