// While serving, the stored replies of processed messages are blanked once
// past the platforms' redelivery window (store::kStoredRepliesKeptFor): they
// name the providers that fit a resident's barriers, and nothing needs them
// after it. The message ids stay and still dedupe.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>

#include "levier/store/store.h"

namespace levier::app {

class ReplyRetention {
 public:
  // At most this many replies per unit of work, so that a pass (the first
  // after an upgrade may find months of them) never holds the writer long.
  static constexpr std::int64_t kBatch = 2000;
  static constexpr std::chrono::seconds kEvery{600};
  // The next batch's delay while the last one came back full.
  static constexpr std::chrono::seconds kCatchingUp{1};

  ReplyRetention(boost::asio::io_context& io, store::Store& store);
  // A pass now, then every kEvery. Called on the io_context's thread.
  void Start();
  // No pass starts after this. Called on the io_context's thread.
  void Stop();

 private:
  void Pass();
  void PassIn(std::chrono::seconds delay);

  boost::asio::steady_timer timer_;
  store::Store& store_;
  std::atomic<bool> stopped_{false};
};

}  // namespace levier::app
