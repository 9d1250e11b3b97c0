// The asynchronous HTTP/1.1 server (Boost.Beast), after Beast's
// advanced server example: a listener accepts, one session object per
// connection owns its stream, buffer and parser, every step runs on the
// connection's strand with an explicit timeout.
//
// Thread-safety: Listen before Run; Run blocks on the calling thread and
// `threads` workers; Shutdown may be called from any thread (or a signal
// handler running on the io_context).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "levier/util/metrics.h"
#include "levier/util/status.h"
#include "levier/webhook/http.h"
#include "levier/webhook/limits.h"

namespace levier::webhook {

class Server {
 public:
  // `handler` and `metrics` (nullable) must outlive the server.
  Server(const ServerLimits& limits, RequestHandler& handler, Metrics* metrics);
  ~Server();

  // Binds `host:port` (port 0 = ephemeral) and starts accepting when Run
  // starts. Returns the bound port.
  Result<std::uint16_t> Listen(const std::string& host, std::uint16_t port);

  // Runs the I/O threads until shutdown completes.
  void Run();

  // Graceful shutdown: stop accepting, close idle connections, let requests
  // in flight finish for up to limits.shutdown_grace, then stop.
  void Shutdown();

  boost::asio::io_context& io_context();
  std::size_t open_connections() const;

 private:
  friend class HttpSession;
  struct State;
  static void PollShutdown(std::shared_ptr<State> state,
                           std::shared_ptr<boost::asio::steady_timer> timer,
                           std::chrono::steady_clock::time_point deadline);
  // The I/O context lives outside the state: a completion handler still
  // queued when the loop stops holds the state, so a context inside it would
  // keep itself alive (a leak). ~Server drops the state, then destroys the
  // context, which destroys those handlers and with them the last references.
  std::unique_ptr<boost::asio::io_context> ioc_;
  std::shared_ptr<State> state_;
};

}  // namespace levier::webhook
