// The writer's queue: a deferred unit rides with the next batch that others
// start, or goes alone once its deadline has passed; closing drains it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "levier/store/backend/work_queue.h"

namespace levier::store::backend {
namespace {

using Queue = BatchQueue<int>;
using std::chrono::milliseconds;

TEST(BatchQueueTest, ADeferredJobWaitsForTheNextBatchAndComesFirstInIt) {
  Queue queue(10);
  ASSERT_TRUE(queue.PushDeferred(1, Queue::Clock::now() + std::chrono::hours(1)));
  std::atomic<bool> popped = false;
  std::vector<int> batch;
  std::thread server([&] {
    batch = queue.PopBatch(10);
    popped = true;
  });
  // An hour from its deadline, nothing else queued: the server keeps waiting.
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(popped.load());
  ASSERT_TRUE(queue.Push(2));
  server.join();
  EXPECT_EQ(batch, (std::vector<int>{1, 2}));
}

TEST(BatchQueueTest, ADeferredJobGoesAloneOnceItsDeadlineHasPassed) {
  Queue queue(10);
  const Queue::Clock::time_point deadline = Queue::Clock::now() + milliseconds(50);
  ASSERT_TRUE(queue.PushDeferred(7, deadline));
  EXPECT_EQ(queue.PopBatch(10), (std::vector<int>{7}));
  EXPECT_GE(Queue::Clock::now(), deadline);
}

TEST(BatchQueueTest, TheEarliestDeadlineCountsWhateverTheOrderOfQueuing) {
  Queue queue(10);
  const Queue::Clock::time_point soon = Queue::Clock::now() + milliseconds(50);
  ASSERT_TRUE(queue.PushDeferred(1, Queue::Clock::now() + std::chrono::hours(1)));
  ASSERT_TRUE(queue.PushDeferred(2, soon));
  EXPECT_EQ(queue.PopBatch(10), (std::vector<int>{1, 2})) << "both share the commit";
  EXPECT_GE(Queue::Clock::now(), soon);
}

TEST(BatchQueueTest, ClosingDrainsDeferredJobsAtOnce) {
  Queue queue(10);
  ASSERT_TRUE(queue.PushDeferred(1, Queue::Clock::now() + std::chrono::hours(1)));
  queue.Close();
  EXPECT_EQ(queue.PopBatch(10), (std::vector<int>{1}));
  EXPECT_TRUE(queue.PopBatch(10).empty());
  EXPECT_FALSE(queue.PushDeferred(2, Queue::Clock::now())) << "closed";
}

TEST(BatchQueueTest, DeferredJobsCountTowardsTheLimitAndTheBatchSize) {
  Queue queue(3);
  const Queue::Clock::time_point later = Queue::Clock::now() + std::chrono::hours(1);
  ASSERT_TRUE(queue.PushDeferred(1, later));
  ASSERT_TRUE(queue.PushDeferred(2, later));
  ASSERT_TRUE(queue.Push(3));
  EXPECT_FALSE(queue.Push(4)) << "full";
  EXPECT_FALSE(queue.PushDeferred(4, later)) << "full";
  EXPECT_EQ(queue.PopBatch(2), (std::vector<int>{1, 2}));
  EXPECT_EQ(queue.PopBatch(2), (std::vector<int>{3}));
}

}  // namespace
}  // namespace levier::store::backend
