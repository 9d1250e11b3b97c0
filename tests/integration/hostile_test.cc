// Hostile input against the real server: each case states the exact expected
// status, that nothing is stored when a request is refused, and that the
// server keeps answering. Complements http_framing_test.cc.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "levier/util/crypto.h"
#include "levier/net/form.h"
#include "levier/net/http_client.h"
#include "levier/channels/twilio_sms/twilio.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

const std::string kUrl = std::string(ServerProcess::kPublicUrl) + "/webhooks/twilio";

class HostileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::filesystem::create_directories(dir_->path() / "data");
    std::ofstream(dir_->path() / "config.json")
        << R"({"rate_limits": {"per_sender_per_minute": 0},
              "limits": {"read_timeout_ms": 1500, "max_connections": 400}})";
    ServerProcess::Options options;
    options.extra_args = {"--config", (dir_->path() / "config.json").string()};
    server_ = new ServerProcess(dir_->path() / "data", options);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  void SetUp() override { stored_before_ = Stored(); }
  // After every case, on the server that took its hostile input. (A last
  // case checking health proves nothing: ctest runs each case in its own
  // process, so that case gets a fresh server.)
  void TearDown() override {
    ASSERT_TRUE(server_->Alive()) << "the server died: " << ReadFile(server_->log_path());
    EXPECT_EQ(StatusOf(Raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
    ExpectStillServing();
  }

  // Rows of every table that a processed message writes.
  static std::string Stored() {
    return QueryScalar(server_->db_path(),
                       "SELECT (SELECT COUNT(*) FROM processed_messages) || '/' || "
                       "(SELECT COUNT(*) FROM sessions) || '/' || (SELECT COUNT(*) FROM referrals)");
  }
  void ExpectNothingStored() { EXPECT_EQ(Stored(), stored_before_); }
  void ExpectStillServing() {
    SmsRequest r;
    r.from = "+33600000999";
    r.text = "Bonjour";
    EXPECT_EQ(SendSms(server_->base_url(), r).status, 200);
  }

  // Raw bytes in, everything the server sends until it closes (5 s at most).
  static std::string Raw(const std::string& bytes, bool half_close = true) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    asio::write(socket, asio::buffer(bytes));
    if (half_close) socket.shutdown(tcp::socket::shutdown_send);
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
  static int StatusOf(const std::string& response) {
    if (response.size() < 12 || response.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::stoi(response.substr(9, 3));
  }

  // A POST with this exact form body and a signature over `signed_params`
  // (defaults to the body's own decoded params when they decode).
  static int PostForm(const std::string& body, const std::string& signature) {
    std::string request = "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n";
    if (!signature.empty()) request += "X-Twilio-Signature: " + signature + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return StatusOf(Raw(request));
  }
  static std::string Sign(const net::FormParams& params) {
    return channels::twilio_sms::ComputeSignature(ServerProcess::kAuthToken, kUrl, params);
  }
  static std::string SignBody(const std::string& body) {
    Result<net::FormParams> params = net::DecodeForm(body, 100000);
    return params.ok() ? Sign(*params) : Sign({});
  }
  static net::FormParams Params(const std::string& text, const std::string& from = "+33611223344") {
    return TwilioParams("SM" + crypto::HexEncode(crypto::RandomBytes(16)), from, text);
  }
  static SmsReply Text(const std::string& text, const std::string& from = "+33611223344") {
    SmsRequest r;
    r.from = from;
    r.text = text;
    return SendSms(server_->base_url(), r);
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  std::string stored_before_;
};
TempDir* HostileTest::dir_ = nullptr;
ServerProcess* HostileTest::server_ = nullptr;

// ---- HTTP framing -------------------------------------------------------

TEST_F(HostileTest, BadChunkSizeIs400) {
  EXPECT_EQ(StatusOf(Raw("POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\n"
                         "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")),
            400);
  ExpectNothingStored();
  ExpectStillServing();
}

TEST_F(HostileTest, ChunkedBodyOverLimitIs413) {
  std::string req = "POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n\r\n";
  for (int i = 0; i < 20; ++i) req += "1000\r\n" + std::string(4096, 'a') + "\r\n";
  req += "0\r\n\r\n";
  EXPECT_EQ(StatusOf(Raw(req)), 413);
  ExpectNothingStored();
}

TEST_F(HostileTest, BareLineFeedsAreRefused) {
  EXPECT_EQ(StatusOf(Raw("GET /healthz HTTP/1.1\nHost: x\n\n")), 400);
}

TEST_F(HostileTest, NegativeContentLengthIs400) {
  EXPECT_EQ(StatusOf(Raw("POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")),
            400);
}

TEST_F(HostileTest, NonNumericContentLengthIs400) {
  EXPECT_EQ(StatusOf(Raw("POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n")),
            400);
}

TEST_F(HostileTest, InvalidMethodTokenIs400) {
  EXPECT_EQ(StatusOf(Raw("G(T /healthz HTTP/1.1\r\nHost: x\r\n\r\n")), 400);
}

TEST_F(HostileTest, HeaderLineWithoutColonIs400) {
  EXPECT_EQ(StatusOf(Raw("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n")), 400);
}

TEST_F(HostileTest, HugeRequestLineIs431) {
  EXPECT_EQ(StatusOf(Raw("GET /" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n")), 431);
}

TEST_F(HostileTest, AbsoluteFormTargetIsNotTheWebhook) {
  const std::string body = net::EncodeForm(Params("Bonjour"));
  std::string req = "POST http://evil.example/webhooks/twilio HTTP/1.1\r\nHost: evil.example\r\n"
                    "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "X-Twilio-Signature: " + SignBody(body) + "\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body;
  EXPECT_EQ(StatusOf(Raw(req)), 404);
  ExpectNothingStored();
}

TEST_F(HostileTest, PipelinedRequestsAreAnsweredInOrder) {
  std::string r = Raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto first = r.find("HTTP/1.1 200");
  const auto second = r.find("HTTP/1.1 404");
  const auto third = r.find("HTTP/1.1 200", second);
  EXPECT_NE(first, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(third, std::string::npos);
}

TEST_F(HostileTest, SlowClientIsDisconnectedAfterReadTimeout) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHo")));
  const auto started = std::chrono::steady_clock::now();
  char buf[64];
  boost::system::error_code ec;
  const std::size_t n = socket.read_some(asio::buffer(buf), ec);  // blocks until the server closes
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_EQ(n, 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
}

TEST_F(HostileTest, LegitimateRequestServedQuicklyWhile200SlowConnectionsAreOpen) {
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> slow;
  for (int i = 0; i < 200; ++i) {
    auto s = std::make_unique<tcp::socket>(ioc);
    s->connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    asio::write(*s, asio::buffer(std::string("POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\n")));
    slow.push_back(std::move(s));
  }
  const auto started = std::chrono::steady_clock::now();
  SmsReply r = Text("Bonjour", "+33655555555");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

// ---- Form decoding (bodies signed correctly, so only decoding can refuse) ----

TEST_F(HostileTest, TenThousandParametersIs400) {
  std::string body;
  for (int i = 0; i < 10000; ++i) body += "p=1&";  // 40 KB: under the body limit
  EXPECT_EQ(PostForm(body, SignBody(body)), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, InvalidUtf8Is400) {
  std::string body = net::EncodeForm(Params("x")) + "&Body=%C3%28";
  EXPECT_EQ(PostForm(body, Sign({})), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, NulByteIs400) {
  std::string body = net::EncodeForm(Params("x")) + "&Extra=a%00b";
  EXPECT_EQ(PostForm(body, Sign({})), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, TruncatedEscapeIs400) {
  EXPECT_EQ(PostForm(net::EncodeForm(Params("x")) + "&Body=%4", Sign({})), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, DuplicateBodyKeysAreSignedTogetherAndFirstWins) {
  net::FormParams params = Params("Bonjour");
  params.emplace_back("Body", "STOP");
  const std::string body = net::EncodeForm(params);
  EXPECT_EQ(PostForm(body, Sign(params)), 200);
  // Not opted out: the first Body was the message.
  EXPECT_EQ(Text("4").status, 200);
  EXPECT_FALSE(Text("1").messages.empty());
}

TEST_F(HostileTest, RightToLeftOverrideInBodyIsJustText) {
  SmsReply r = Text("\u202Egnikrow\u202C 4");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
}

TEST_F(HostileTest, MissingMessageSidIs400AndNothingStored) {
  net::FormParams params = {{"From", "+33611111111"}, {"Body", "Bonjour"}};
  EXPECT_EQ(PostForm(net::EncodeForm(params), Sign(params)), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, MissingFromIs400AndNothingStored) {
  net::FormParams params = {{"MessageSid", "SM" + std::string(32, '1')}, {"Body", "Bonjour"}};
  EXPECT_EQ(PostForm(net::EncodeForm(params), Sign(params)), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, EmptySignedBodyIs400) {
  EXPECT_EQ(PostForm("", Sign({})), 400);
  ExpectNothingStored();
}

TEST_F(HostileTest, MissingBodyParameterIsAnEmptyMessage) {
  net::FormParams params = {{"MessageSid", "SM" + std::string(32, '2')},
                                {"From", "+33612121212"}};
  EXPECT_EQ(PostForm(net::EncodeForm(params), Sign(params)), 200);
}

// ---- Signatures ---------------------------------------------------------

TEST_F(HostileTest, UnsignedRequestIs403) {
  EXPECT_EQ(PostForm(net::EncodeForm(Params("Bonjour")), ""), 403);
  ExpectNothingStored();
}

TEST_F(HostileTest, TruncatedSignatureIs403) {
  const auto p = Params("Bonjour");
  EXPECT_EQ(PostForm(net::EncodeForm(p), Sign(p).substr(0, 20)), 403);
  ExpectNothingStored();
}

TEST_F(HostileTest, SignatureInOtherCaseIs403) {
  const auto p = Params("Bonjour");
  std::string sig = Sign(p);
  for (char& c : sig) c = static_cast<char>(std::islower(static_cast<unsigned char>(c)) ? std::toupper(c) : std::tolower(c));
  EXPECT_EQ(PostForm(net::EncodeForm(p), sig), 403);
  ExpectNothingStored();
}

TEST_F(HostileTest, SignatureUnderOtherTokenIs403) {
  const auto p = Params("Bonjour");
  EXPECT_EQ(PostForm(net::EncodeForm(p),
                     channels::twilio_sms::ComputeSignature("other-token", kUrl, p)),
            403);
  ExpectNothingStored();
}

TEST_F(HostileTest, OneByteChangedAfterSigningIs403) {
  auto p = Params("Bonjour");
  const std::string sig = Sign(p);
  for (auto& [k, v] : p) {
    if (k == "Body") v = "Bonjouq";
  }
  EXPECT_EQ(PostForm(net::EncodeForm(p), sig), 403);
  ExpectNothingStored();
}

TEST_F(HostileTest, SignatureOverHostHeaderUrlIs403) {
  const auto p = Params("Bonjour");
  const std::string sig =
      channels::twilio_sms::ComputeSignature(ServerProcess::kAuthToken, "http://x/webhooks/twilio", p);
  EXPECT_EQ(PostForm(net::EncodeForm(p), sig), 403);
  ExpectNothingStored();
}

TEST_F(HostileTest, SignatureWithDefaultPortIsAccepted) {
  const auto p = Params("Bonjour", "+33677777777");
  const std::string sig = channels::twilio_sms::ComputeSignature(
      ServerProcess::kAuthToken, std::string(ServerProcess::kPublicUrl) + ":443/webhooks/twilio", p);
  EXPECT_EQ(PostForm(net::EncodeForm(p), sig), 200);
}

TEST_F(HostileTest, SameRequestFiftyTimesIsOneStepAndOneReply) {
  SmsRequest r;
  r.from = "+33688888888";
  r.text = "Bonjour";
  r.message_sid = "SM" + std::string(32, '5');
  const SmsReply first = SendSms(server_->base_url(), r);
  ASSERT_EQ(first.status, 200);
  const std::string after_first = Stored();
  for (int i = 0; i < 49; ++i) {
    SmsReply again = SendSms(server_->base_url(), r);
    ASSERT_EQ(again.status, 200);
    ASSERT_EQ(again.body, first.body);
  }
  EXPECT_EQ(Stored(), after_first);
}

// ---- Dialog input -------------------------------------------------------

TEST_F(HostileTest, EmptyMessageGetsAnAnswer) {
  SmsReply r = Text("", "+33612340001");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
}

TEST_F(HostileTest, SixteenHundredCharactersAreHandled) {
  std::string text;
  while (text.size() < 1600) text += "logement ";
  text.resize(1600);
  SmsReply r = Text(text, "+33612340002");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
}

TEST_F(HostileTest, OneLongWordIsHandled) {
  EXPECT_EQ(Text(std::string(1600, 'a'), "+33612340003").status, 200);
}

TEST_F(HostileTest, EmojiSequencesAreHandled) {
  // Family (ZWJ sequence), a flag, skin tones, a keycap.
  SmsReply r = Text("\U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F1EB\U0001F1F7 "
                    "\U0001F44D\U0001F3FD 4\uFE0F\u20E3",
                    "+33612340004");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
}

TEST_F(HostileTest, XmlSpecialCharactersInMessageKeepTwimlWellFormed) {
  SmsReply r = Text("<Response>&amp;</Message>\"'", "+33612340005");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<Response><Response>"), std::string::npos);
  EXPECT_EQ(r.body.rfind("</Response>"), r.body.size() - std::string("</Response>").size());
}

TEST_F(HostileTest, FullwidthStopStillStops) {
  const std::string from = "+33612340006";
  Text("Bonjour", from);
  EXPECT_EQ(Text("ＳＴＯＰ", from).status, 200);
  EXPECT_TRUE(Text("4", from).messages.empty());
}

TEST_F(HostileTest, LookAlikeCyrillicLettersInStopStillStop) {
  // "STOP" written with the Cyrillic look-alikes Ѕ, Т, О, Р.
  const std::string from = "+33612340007";
  Text("Bonjour", from);
  EXPECT_EQ(Text("\u0405\u0422\u041E\u0420", from).status, 200);
  EXPECT_TRUE(Text("4", from).messages.empty());
}

TEST_F(HostileTest, WhitespaceOnlyMessageGetsAnAnswer) {
  SmsReply r = Text(" \n\t \r\n", "+33612340008");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
}

}  // namespace
}  // namespace levier::testing
