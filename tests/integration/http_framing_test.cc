// HTTP framing and routing against the real server: what the Beast parser
// would accept but a front proxy might frame differently is refused.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "levier/net/http_client.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class HttpFramingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new ServerProcess(dir_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // Writes `raw` on a fresh connection and returns everything the server
  // sends back until it closes the connection (or 5 s pass).
  static std::string RawExchange(const std::string& raw) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    asio::write(socket, asio::buffer(raw));
    socket.shutdown(tcp::socket::shutdown_send);
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    for (;;) {
      const std::size_t n = socket.read_some(asio::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }

  static std::string StatusLine(const std::string& response) {
    return response.substr(0, response.find("\r\n"));
  }

  static TempDir* dir_;
  static ServerProcess* server_;
};
TempDir* HttpFramingTest::dir_ = nullptr;
ServerProcess* HttpFramingTest::server_ = nullptr;

TEST_F(HttpFramingTest, HealthzAnswersOkWhenDatabaseAnswers) {
  std::string r = RawExchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 200 OK");
  EXPECT_NE(r.find("\r\n\r\nok\n"), std::string::npos);
}

TEST_F(HttpFramingTest, ContentLengthWithTransferEncodingIsRefused) {
  std::string r = RawExchange(
      "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      "Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"
      "0\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 400 Bad Request");
}

TEST_F(HttpFramingTest, DuplicateContentLengthIsRefused) {
  std::string r = RawExchange(
      "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n\r\na=b");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 400 Bad Request");
}

TEST_F(HttpFramingTest, OversizedBodyIsRefusedWith413) {
  const std::string body(64 * 1024 + 1, 'a');
  std::string r = RawExchange("POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                              std::to_string(body.size()) +
                              "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n" + body);
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 413 Payload Too Large");
}

TEST_F(HttpFramingTest, OversizedHeaderIsRefusedWith431) {
  std::string r = RawExchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                              std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST_F(HttpFramingTest, GarbageRequestLineIsRefusedWith400) {
  std::string r = RawExchange("HELLO\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 400 Bad Request");
}

TEST_F(HttpFramingTest, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(StatusLine(RawExchange("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
            "HTTP/1.1 404 Not Found");
  std::string r =
      RawExchange("GET /webhooks/twilio HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 405 Method Not Allowed");
  EXPECT_NE(r.find("Allow: POST"), std::string::npos);
}

TEST_F(HttpFramingTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string r = RawExchange(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::size_t count = 0;
  for (auto pos = r.find("HTTP/1.1 200 OK"); pos != std::string::npos;
       pos = r.find("HTTP/1.1 200 OK", pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u);
}

TEST_F(HttpFramingTest, WrongContentTypeIs415) {
  std::string r = RawExchange(
      "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Content-Type: application/json\r\nConnection: close\r\n\r\n{}");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 415 Unsupported Media Type");
}

TEST_F(HttpFramingTest, BadPercentEscapeIs400) {
  std::string r = RawExchange(
      "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\nBody=%");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 400 Bad Request");
}

TEST_F(HttpFramingTest, MetricsExposePrometheusCounters) {
  RawExchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string r = RawExchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusLine(r), "HTTP/1.1 200 OK");
  EXPECT_NE(r.find("levier_http_requests_total{route=\"/healthz\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.find("# TYPE levier_http_request_duration_seconds histogram"), std::string::npos);
}

// A HEAD response has the GET's headers, Content-Length included, and no
// body: one would be read as the start of the next response on the same
// connection (here the GET right behind it, pipelined on one socket).
TEST_F(HttpFramingTest, HeadSendsNoBodySoTheNextResponseOnTheConnectionIsIntact) {
  for (const std::string path : {"/healthz", "/metrics", "/api/v1/coverage", "/nowhere"}) {
    const std::string get_alone =
        RawExchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string get_body = get_alone.substr(get_alone.find("\r\n\r\n") + 4);
    ASSERT_FALSE(get_body.empty()) << path;

    const std::string both = RawExchange("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n" +
                                         "GET " + path +
                                         " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::size_t head_end = both.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos) << both;
    const std::string head = both.substr(0, head_end + 4);
    EXPECT_EQ(StatusLine(head), StatusLine(get_alone)) << path;
    // /metrics grows with every request it counts: there only its presence.
    const std::string length = path == "/metrics" ? "" : std::to_string(get_body.size()) + "\r\n";
    EXPECT_NE(head.find("Content-Length: " + length), std::string::npos) << path << ": " << head;
    const std::string after = both.substr(head_end + 4);
    EXPECT_EQ(after.rfind("HTTP/1.1 ", 0), 0u) << path << ": bytes after HEAD: " << after;
    EXPECT_EQ(StatusLine(after), StatusLine(get_alone)) << path;
  }
}

}  // namespace
}  // namespace levier::testing
