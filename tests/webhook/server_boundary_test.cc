// No exception crosses the server's boundaries: a handler that throws, one
// that drops its request (what a store callback that threw leaves behind)
// and a posted I/O handler that throws each get a 500, and the server goes
// on serving. A real Server on loopback, a real client.
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "levier/net/http_client.h"
#include "levier/webhook/server.h"

namespace levier::webhook {
namespace LEVIER_UNITY_ID {

class ThrowingHandler final : public RequestHandler {
 public:
  void Handle(HttpRequest request, const RequestContext& context, Respond respond) override {
    const std::string target(request.target());
    if (target == "/throw") throw std::runtime_error("handler bug");
    if (target == "/drop") return;  // `respond` dies unanswered
    if (target == "/post-throw") {
      context.post([respond] { throw std::logic_error("I/O handler bug"); });
      return;
    }
    respond(MakeResponse(request, http::status::ok, "text/plain", "ok\n"));
  }
};

class ServerBoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerLimits limits;
    limits.threads = 1;
    server_ = std::make_unique<Server>(limits, handler_, nullptr);
    Result<std::uint16_t> port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Shutdown();
    thread_.join();
  }

  unsigned Get(const std::string& target) {
    const std::string url = "http://127.0.0.1:" + std::to_string(port_) + target;
    Result<HttpResponse> res =
        net::SendHttpRequest(url, HttpRequest{http::verb::get, target, 11}, std::chrono::seconds(5));
    EXPECT_TRUE(res.ok()) << target << ": " << res.status().ToString();
    return res.ok() ? res->result_int() : 0;
  }

  ThrowingHandler handler_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(ServerBoundaryTest, EachEscapedFailureIs500AndTheServerKeepsServing) {
  for (const char* target : {"/throw", "/drop", "/post-throw"}) {
    EXPECT_EQ(Get(target), 500u) << target;
    EXPECT_EQ(Get("/ok"), 200u) << "after " << target;
  }
}

// A completion handler still queued when the loop stops (here the accept
// that Shutdown aborts, with no connection open) holds the server's state;
// the state, and the I/O context with its descriptors, must still be freed
// with the server.
std::size_t OpenDescriptors() {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                                                std::filesystem::directory_iterator()));
}

TEST(ServerLifetimeTest, ShutDownServerFreesItsStateAndDescriptors) {
  ThrowingHandler handler;
  ServerLimits limits;
  limits.threads = 1;
  const std::size_t before = OpenDescriptors();
  for (int i = 0; i < 3; ++i) {
    auto server = std::make_unique<Server>(limits, handler, nullptr);
    Result<std::uint16_t> port = server->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    std::thread runner([&] { server->Run(); });
    server->Shutdown();
    runner.join();
  }
  // A leaked state keeps its I/O context's epoll and event descriptors open.
  EXPECT_EQ(OpenDescriptors(), before);
}

}  // namespace
}  // namespace levier::webhook
