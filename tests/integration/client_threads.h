#pragma once

#include <atomic>
#include <thread>
#include <utility>
#include <vector>

namespace levier::testing {

// The client threads a test runs against its servers until `done`. They are
// stopped and joined when the test's scope ends, however it ends: a server
// that does not restart throws, and joinable std::threads destroyed while
// that exception unwinds would call std::terminate, which hides the
// exception's message (and every later test of the binary) behind
// "terminate called without an active exception".
class ClientThreads {
 public:
  explicit ClientThreads(std::atomic<bool>& done) : done_(done) {}
  ClientThreads(const ClientThreads&) = delete;
  ClientThreads& operator=(const ClientThreads&) = delete;
  ~ClientThreads() { StopAndJoin(); }

  template <class Body>
  void Add(Body&& body) {
    threads_.emplace_back(std::forward<Body>(body));
  }

  void StopAndJoin() {
    done_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
  }

 private:
  std::atomic<bool>& done_;
  std::vector<std::thread> threads_;
};

}  // namespace levier::testing
