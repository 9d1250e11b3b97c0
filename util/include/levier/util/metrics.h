// Process-wide counters and a latency histogram, rendered in the Prometheus
// text exposition format for GET /metrics.
//
// Thread-safe: every method may be called from any thread. Label values are
// codes chosen by the program (routes, status codes, channels, reasons),
// never user input, so the number of series stays bounded. Nothing here is
// about residents beyond plain totals: /metrics is unauthenticated (loopback
// or the monitoring network only), so counts by barrier, commune or language
// belong to the API, under the small-cell rule.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace levier {

class Metrics {
 public:
  void CountRequest(std::string_view route, int status);
  void CountMessage(std::string_view channel);
  void CountReferrals(std::uint64_t referrals);
  // A request or message refused or set aside by a limit, by `reason`
  // (docs/configuration.md, "Rate limits").
  void CountLimited(std::string_view reason);
  void CountDuplicate(std::string_view channel);
  void ObserveLatencyMicros(std::int64_t micros);

  // Number of requests counted so far for (route, status) — for tests.
  std::uint64_t RequestCount(std::string_view route, int status) const;

  std::string RenderPrometheus() const;

  // Upper bounds (seconds) of the latency histogram buckets.
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // guarded by mutex_
  std::map<std::string, std::uint64_t> messages_;                  // guarded by mutex_
  std::map<std::string, std::uint64_t> duplicates_;                // guarded by mutex_
  std::uint64_t referrals_ = 0;                                    // guarded by mutex_
  std::map<std::string, std::uint64_t> limited_;                   // guarded by mutex_
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> latency_counts_{};  // guarded by mutex_
  double latency_sum_seconds_ = 0;                                          // guarded by mutex_
};

}  // namespace levier
