// For the store's backends only: the queues their threads serve and the
// guards that keep an exception from leaving those threads. The server and
// the tools use store.h.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "levier/store/store.h"
#include "levier/util/log.h"

namespace levier::store::backend {

// A FIFO served by one thread that takes everything queued at once, so the
// writer can commit a whole batch with one fsync. A deferred job waits for
// the next batch that other jobs start, or for its deadline: it shares
// their commit instead of paying one of its own.
template <typename Job>
class BatchQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit BatchQueue(std::size_t max_queue) : max_queue_(max_queue) {}

  // False when full or closed.
  bool Push(Job job) {
    std::lock_guard lock(mutex_);
    if (closed_ || jobs_.size() + deferred_.size() >= max_queue_) return false;
    jobs_.push_back(std::move(job));
    cv_.notify_one();
    return true;
  }

  // Queues `job` to be taken with the next batch, at the latest once
  // `deadline` has passed. False when full or closed.
  bool PushDeferred(Job job, Clock::time_point deadline) {
    std::lock_guard lock(mutex_);
    if (closed_ || jobs_.size() + deferred_.size() >= max_queue_) return false;
    deferred_.push_back({std::move(job), deadline});
    cv_.notify_one();  // the server waits until the earliest deadline
    return true;
  }

  // Blocks until jobs are available or a deferred job's deadline has passed
  // (returns up to `max`, the deferred ones first: they were queued first),
  // or the queue is closed and drained (returns empty).
  std::vector<Job> PopBatch(std::size_t max) {
    std::unique_lock lock(mutex_);
    while (!closed_ && jobs_.empty()) {
      if (deferred_.empty()) {
        cv_.wait(lock);
        continue;
      }
      Clock::time_point due = deferred_.front().deadline;
      for (const Deferred& d : deferred_) due = std::min(due, d.deadline);
      if (Clock::now() >= due) break;
      cv_.wait_until(lock, due);
    }
    std::vector<Job> batch;
    while (!deferred_.empty() && batch.size() < max) {
      batch.push_back(std::move(deferred_.front().job));
      deferred_.pop_front();
    }
    while (!jobs_.empty() && batch.size() < max) {
      batch.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
    return batch;
  }

  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  struct Deferred {
    Job job;
    Clock::time_point deadline;
  };
  const std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;           // guarded by mutex_
  std::deque<Deferred> deferred_;  // guarded by mutex_
  bool closed_ = false;            // guarded by mutex_
};

struct WriteJob {
  Store::Work work;
  Store::Done done;
  std::vector<std::string> participants;  // those of SubmitForParticipants
};
struct ReadJob {
  Store::ReadWork work;
  Store::Done done;
};

// No exception may leave a unit of work or a callback: on the store's own
// threads it would end the process. A unit that throws fails like one that
// returns an error (its writes are rolled back); a callback that throws is
// logged, and whatever it held is released (the webhook then answers 500).
template <typename Tx>
inline Status RunGuarded(const std::function<Status(Tx&)>& work, Tx& txn) {
  try {
    return work(txn);
  } catch (...) {
    log::CurrentException("store_work_threw");
    return Status::Internal("the unit of work failed unexpectedly");
  }
}

inline void CallGuarded(const Store::Done& done, const Status& status) {
  try {
    done(status);
  } catch (...) {
    log::CurrentException("store_callback_threw");
  }
}

// Queues `work` on `queue`, or tells `done` at once that the store cannot
// take it (queue full, or stopping).
template <typename Job>
void PushOrRefuse(BatchQueue<Job>& queue, Job job) {
  Store::Done keep = job.done;
  if (!queue.Push(std::move(job))) {
    CallGuarded(keep, Status::Unavailable("store queue full or stopping"));
  }
}
// The same for a deferred job (Store::SubmitDeferrable).
template <typename Job>
void PushDeferredOrRefuse(BatchQueue<Job>& queue, Job job, std::chrono::milliseconds max_delay) {
  Store::Done keep = job.done;
  if (!queue.PushDeferred(std::move(job), BatchQueue<Job>::Clock::now() + max_delay)) {
    CallGuarded(keep, Status::Unavailable("store queue full or stopping"));
  }
}
template <typename Job, typename Work>
void PushOrRefuse(BatchQueue<Job>& queue, Work work, Store::Done done) {
  Job job;
  job.work = std::move(work);
  job.done = std::move(done);
  PushOrRefuse(queue, std::move(job));
}

}  // namespace levier::store::backend
