// LoadClient: an HTTP/1.1 load generator over keep-alive connections, for
// the fixed-rate latency figures that wrk cannot give (wrk is closed-loop).
//
// Open loop (rate > 0): request k is due at start + k / rate, whatever
// happened before. It goes to its sender's connection (a sender always uses
// the same connection, so its messages stay in order) and waits there if the
// connection is busy. Latency runs from the due time, not the send time, so
// a stalled server shows in the figures instead of slowing the client down
// (no coordinated omission). Closed loop (rate == 0): each connection sends
// its next request as soon as the previous answer is in; latency from send.
//
// Single-threaded (one io_context); Run blocks. Only loopback targets.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace levier::bench {

struct LoadOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::size_t connections = 64;
  double rate = 0;  // requests per second; 0 = closed loop, as fast as answers come
  std::chrono::seconds deadline{120};  // the whole run stops by then, answered or not
};

struct LoadRequest {
  std::string raw;         // a complete HTTP request
  std::size_t connection;  // index < LoadOptions::connections; same sender, same connection
};

struct LoadResult {
  std::size_t requests = 0;   // given
  std::size_t answered = 0;   // with an HTTP response
  std::size_t ok = 0;         // HTTP 200
  std::size_t failed = 0;     // connection error, timeout or no answer by the deadline
  double seconds = 0;         // from the first due time to the last answer
  std::vector<std::int64_t> latencies_us;  // one per answered request, in request order
};

// REQUIRES: options.host is a loopback address; every request's connection
// index is below options.connections.
LoadResult RunLoad(const LoadOptions& options, const std::vector<LoadRequest>& requests);

// The q-quantile (0..1) of `sorted` (ascending), nearest rank; 0 when empty.
std::int64_t Quantile(const std::vector<std::int64_t>& sorted, double q);

}  // namespace levier::bench
