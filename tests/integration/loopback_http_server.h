// A blocking HTTP server on 127.0.0.1:<ephemeral> for the fake platform APIs
// of the integration tests: one thread, one request per connection, each
// answered by `answer`. Declare it as the fake's last member, so its thread
// is joined before the state `answer` uses is destroyed.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <functional>
#include <thread>

namespace levier::testing {

class LoopbackHttpServer {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  explicit LoopbackHttpServer(std::function<Response(const Request&)> answer);
  ~LoopbackHttpServer();

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  void Serve();

  std::function<Response(const Request&)> answer_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace levier::testing
