// HttpConnectionPool against a real HTTP server on a loopback port that
// counts the connections it accepts and the requests it reads.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "levier/net/http_client.h"

namespace levier::net {
namespace LEVIER_UNITY_ID {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// How the server ends a connection after answering a request.
enum class Ending {
  kKeepOpen,         // keep-alive: waits for the next request
  kCloseSilently,    // answers keep-alive, then closes (as a server whose idle timeout passed)
  kCloseOnNext,      // answers keep-alive, and closes as the next request arrives, unread
  kSayClose,         // answers "Connection: close", then closes
  kCloseUnanswered,  // reads the request and closes without answering
};

class CountingServer {
 public:
  explicit CountingServer(Ending ending)
      : ending_(ending), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    acceptor_.listen();
    thread_ = std::thread([this] { Serve(); });
  }
  ~CountingServer() {
    stopping_ = true;
    beast::error_code ignored;
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
    // Ended by their clients (a pool closes what it kept when it goes).
    for (std::thread& connection : connections_threads_) connection.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/messages";
  }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      ++connections_;
      connections_threads_.emplace_back(
          [this, s = std::move(socket)]() mutable { ServeConnection(s); });
    }
  }

  void ServeConnection(tcp::socket& socket) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    for (;;) {
      beast::http::request<beast::http::string_body> request;
      beast::http::read(socket, buffer, request, ec);
      if (ec) break;
      const int n = ++requests_;
      if (ending_ == Ending::kCloseUnanswered) break;
      beast::http::response<beast::http::string_body> response{beast::http::status::ok, 11};
      response.body() = "n=" + std::to_string(n);
      response.keep_alive(ending_ != Ending::kSayClose);
      response.prepare_payload();
      beast::http::write(socket, response, ec);
      if (ending_ == Ending::kCloseOnNext) socket.wait(tcp::socket::wait_read, ec);
      if (ec || ending_ != Ending::kKeepOpen) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  const Ending ending_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::vector<std::thread> connections_threads_;  // the accepting thread's
  std::thread thread_;
};

constexpr std::chrono::milliseconds kTimeout{5000};

Result<HttpResponse> Post(HttpConnectionPool& pool, const std::string& url) {
  HttpRequest request{http::verb::post, "/", 11};
  request.body() = "to=1&text=hello";
  return pool.Send(url, std::move(request), kTimeout);
}

TEST(HttpConnectionPoolTest, RequestsToOneHostShareOneKeptConnection) {
  CountingServer server(Ending::kKeepOpen);
  HttpConnectionPool pool;
  for (int i = 1; i <= 20; ++i) {
    Result<HttpResponse> response = Post(pool, server.url());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body(), "n=" + std::to_string(i));
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(pool.connections_opened(), 1u);
}

TEST(HttpConnectionPoolTest, AKeptConnectionTheServerClosedIsReplacedAndEachRequestReadOnce) {
  // Closed while idle: seen before reuse (the socket reads as closed).
  // Closed as the request arrives, unread: the connection looked open when
  // taken, no byte of a response came back, so the request goes once more,
  // on a new connection.
  for (const Ending ending : {Ending::kCloseSilently, Ending::kCloseOnNext}) {
    SCOPED_TRACE(ending == Ending::kCloseSilently ? "closed while idle" : "closed on the request");
    CountingServer server(ending);
    HttpConnectionPool pool;
    for (int i = 1; i <= 5; ++i) {
      Result<HttpResponse> response = Post(pool, server.url());
      ASSERT_TRUE(response.ok()) << "request " << i << ": " << response.status().ToString();
    }
    EXPECT_EQ(server.requests(), 5);
    EXPECT_EQ(server.connections(), 5);
    EXPECT_EQ(pool.connections_opened(), 5u);
  }
}

TEST(HttpConnectionPoolTest, AConnectionTheServerSaidItClosesIsNotKept) {
  CountingServer server(Ending::kSayClose);
  HttpConnectionPool pool;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Post(pool, server.url()).ok());
  EXPECT_EQ(pool.connections_opened(), 3u);
  EXPECT_EQ(server.requests(), 3);
}

TEST(HttpConnectionPoolTest, ANewConnectionClosedWithoutAnAnswerIsAnErrorNotARetry) {
  CountingServer server(Ending::kCloseUnanswered);
  HttpConnectionPool pool;
  Result<HttpResponse> response = Post(pool, server.url());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(server.requests(), 1) << "sent again: the platform may have acted on it";
}

TEST(HttpConnectionPoolTest, AConnectionIdleLongerThanAllowedIsNotReused) {
  CountingServer server(Ending::kKeepOpen);
  HttpConnectionPool pool(HttpConnectionPool::Options{8, std::chrono::seconds(1)});
  ASSERT_TRUE(Post(pool, server.url()).ok());
  ASSERT_TRUE(Post(pool, server.url()).ok());
  EXPECT_EQ(pool.connections_opened(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_TRUE(Post(pool, server.url()).ok());
  EXPECT_EQ(pool.connections_opened(), 2u);
}

TEST(HttpConnectionPoolTest, ParallelSendersEachUseAConnectionOfTheirOwnAndKeepThem) {
  CountingServer server(Ending::kKeepOpen);
  HttpConnectionPool pool;
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::atomic<int> failed{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        if (!Post(pool, server.url()).ok()) ++failed;
      }
    });
  }
  for (std::thread& sender : senders) sender.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(server.requests(), kThreads * kEach);
  EXPECT_LE(pool.connections_opened(), static_cast<std::uint64_t>(kThreads));
}

TEST(HttpConnectionPoolTest, SendHttpRequestKeepsNothingAndSaysSo) {
  CountingServer server(Ending::kKeepOpen);
  for (int i = 0; i < 3; ++i) {
    HttpRequest request{http::verb::get, "/", 11};
    Result<HttpResponse> response = SendHttpRequest(server.url(), std::move(request), kTimeout);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
  }
  EXPECT_EQ(server.connections(), 3);
}

}  // namespace
}  // namespace levier::net
