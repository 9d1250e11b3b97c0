#include "load_client.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <iostream>
#include <memory>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace levier::bench {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

class LoadRun {
 public:
  LoadRun(const LoadOptions& options, const std::vector<LoadRequest>& requests)
      : options_(options), requests_(requests), tick_(io_), deadline_(io_) {
    result_.requests = requests.size();
    sent_at_.resize(requests.size());
    result_.latencies_us.assign(requests.size(), -1);
  }

  LoadResult Run() {
    const tcp::endpoint endpoint(asio::ip::make_address(options_.host), options_.port);
    for (std::size_t c = 0; c < options_.connections; ++c) {
      auto conn = std::make_unique<Conn>(io_);
      boost::system::error_code ec;
      conn->socket.connect(endpoint, ec);
      if (!ec) conn->socket.set_option(tcp::no_delay(true), ec);
      if (ec) {
        std::cerr << "levier_bench_load: cannot connect: " << ec.message() << "\n";
        result_.failed = requests_.size();
        return result_;
      }
      conns_.push_back(std::move(conn));
    }
    start_ = Clock::now();
    last_answer_ = start_;
    deadline_.expires_after(options_.deadline);
    deadline_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      std::cerr << "levier_bench_load: deadline reached, abandoning the requests still open\n";
      io_.stop();
    });
    if (options_.rate > 0) {
      OnTick();
    } else {
      // Closed loop: every connection walks its own requests in order.
      for (std::size_t k = 0; k < requests_.size(); ++k) {
        conns_[requests_[k].connection]->queue.push_back(k);
      }
      for (auto& conn : conns_) StartNext(*conn);
    }
    if (finished_ < requests_.size()) io_.run();
    result_.failed += requests_.size() - finished_;
    result_.seconds = std::chrono::duration<double>(last_answer_ - start_).count();
    std::vector<std::int64_t> latencies;
    latencies.reserve(result_.answered);
    for (std::int64_t l : result_.latencies_us) {
      if (l >= 0) latencies.push_back(l);
    }
    result_.latencies_us = std::move(latencies);
    return result_;
  }

 private:
  struct Conn {
    explicit Conn(asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    boost::beast::flat_buffer buffer;
    std::optional<http::response_parser<http::string_body>> parser;
    std::deque<std::size_t> queue;  // request indexes due and not yet sent
    std::size_t current = 0;
    bool busy = false;
    bool dead = false;
  };

  Clock::time_point Due(std::size_t k) const {
    return start_ + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(k) / options_.rate));
  }

  // Hands every request now due to its connection, then sleeps until the next is due.
  void OnTick() {
    const Clock::time_point now = Clock::now();
    while (next_ < requests_.size() && Due(next_) <= now) {
      Conn& conn = *conns_[requests_[next_].connection];
      if (conn.dead) {
        ++next_;
        ++result_.failed;
        Finish(1);
        continue;
      }
      conn.queue.push_back(next_++);
      if (!conn.busy) StartNext(conn);
    }
    if (next_ >= requests_.size()) return;
    tick_.expires_at(Due(next_));
    tick_.async_wait([this](boost::system::error_code ec) {
      if (!ec) OnTick();
    });
  }

  void StartNext(Conn& conn) {
    if (conn.queue.empty() || conn.dead) {
      conn.busy = false;
      return;
    }
    conn.busy = true;
    conn.current = conn.queue.front();
    conn.queue.pop_front();
    sent_at_[conn.current] = Clock::now();
    asio::async_write(conn.socket, asio::buffer(requests_[conn.current].raw),
                      [this, &conn](boost::system::error_code ec, std::size_t) {
                        if (ec) return Fail(conn, ec);
                        conn.parser.emplace();
                        conn.parser->body_limit(1 << 20);
                        http::async_read(conn.socket, conn.buffer, *conn.parser,
                                         [this, &conn](boost::system::error_code rec, std::size_t) {
                                           OnRead(conn, rec);
                                         });
                      });
  }

  void OnRead(Conn& conn, boost::system::error_code ec) {
    if (ec) return Fail(conn, ec);
    const Clock::time_point now = Clock::now();
    const std::size_t k = conn.current;
    const Clock::time_point from = options_.rate > 0 ? Due(k) : sent_at_[k];
    result_.latencies_us[k] =
        std::chrono::duration_cast<std::chrono::microseconds>(now - from).count();
    ++result_.answered;
    if (conn.parser->get().result_int() == 200) ++result_.ok;
    last_answer_ = now;
    Finish(1);
    if (!conn.parser->get().keep_alive()) {
      return Fail(conn, asio::error::connection_reset);
    }
    StartNext(conn);
  }

  // The connection is lost: its current and queued requests fail; later ones
  // due on it fail as they come (open loop) since it stays dead.
  void Fail(Conn& conn, boost::system::error_code ec) {
    if (!conn.dead && failures_logged_++ < 5) {
      std::cerr << "levier_bench_load: connection lost: " << ec.message() << "\n";
    }
    const std::size_t lost = (conn.busy && !conn.dead ? 1 : 0) + conn.queue.size();
    conn.dead = true;
    conn.busy = false;
    conn.queue.clear();
    boost::system::error_code ignored;
    conn.socket.close(ignored);
    result_.failed += lost;
    Finish(lost);
  }

  // Once every request is answered or failed, nothing is left for io_.run().
  void Finish(std::size_t n) {
    finished_ += n;
    if (finished_ >= requests_.size()) {
      deadline_.cancel();
      tick_.cancel();
    }
  }

  const LoadOptions& options_;
  const std::vector<LoadRequest>& requests_;
  asio::io_context io_;
  asio::steady_timer tick_;
  asio::steady_timer deadline_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::vector<Clock::time_point> sent_at_;
  Clock::time_point start_;
  Clock::time_point last_answer_;
  std::size_t next_ = 0;      // open loop: next request to hand out
  std::size_t finished_ = 0;  // answered or failed
  int failures_logged_ = 0;
  LoadResult result_;
};

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const std::vector<LoadRequest>& requests) {
  LoadRun run(options, requests);
  return run.Run();
}

std::int64_t Quantile(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace levier::bench
