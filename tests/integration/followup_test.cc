// Follow-ups end to end: the real server sends them through the durable
// outbox to a fake Twilio Messages API on loopback that speaks Twilio's
// documented format (platform spec 1.11): Basic auth, form To/From/Body,
// 201 with a Message resource, or an error on demand.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <mutex>
#include <thread>

#include "levier/util/crypto.h"
#include "levier/webhook/form.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr const char* kAccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";  // twilio_client's
constexpr const char* kFrom = "+33700000000";
constexpr const char* kResident = "+33612345678";

// One request the fake API accepted as well-formed.
struct ReceivedMessage {
  std::string to;
  std::string from;
  std::string body;
};

// Twilio's Messages API on 127.0.0.1:<ephemeral>, one request per connection.
class FakeTwilioApi {
 public:
  FakeTwilioApi() : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeTwilioApi() {
    stopping_ = true;
    beast::error_code ignored;
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ignored);  // unblocks accept
    thread_.join();
  }

  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  // The next `n` well-formed requests get `status` with Twilio's error body.
  void FailNext(int n, int status, int code) {
    std::lock_guard lock(mutex_);
    fail_left_ = n;
    fail_status_ = status;
    fail_code_ = code;
  }
  std::vector<ReceivedMessage> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  int requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<std::string> problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      http::response<http::string_body> response = Answer(request);
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  http::response<http::string_body> Answer(const http::request<http::string_body>& request) {
    std::lock_guard lock(mutex_);
    ++requests_;
    const auto reply = [&](http::status status, std::string body) {
      http::response<http::string_body> r{status, 11};
      r.set(http::field::content_type, "application/json");
      r.body() = std::move(body);
      return r;
    };
    const auto error = [&](int status, int code, const std::string& message) {
      return reply(static_cast<http::status>(status),
                   R"({"code":)" + std::to_string(code) + R"(,"message":")" + message +
                       R"(","more_info":"https://www.twilio.com/docs/errors/)" +
                       std::to_string(code) + R"(","status":)" + std::to_string(status) + "}");
    };
    const std::string path = std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages.json";
    if (request.method() != http::verb::post || request.target() != path) {
      problems_.push_back("bad method or path: " + std::string(request.target()));
      return error(404, 20404, "The requested resource was not found");
    }
    const std::string expected_auth =
        "Basic " + crypto::Base64Encode(std::string(kAccountSid) + ":" + ServerProcess::kAuthToken);
    if (request[http::field::authorization] != expected_auth) {
      problems_.push_back("bad authorization");
      return error(401, 20003, "Authenticate");
    }
    if (request[http::field::content_type] != "application/x-www-form-urlencoded") {
      problems_.push_back("bad content type");
      return error(400, 21000, "Bad content type");
    }
    Result<webhook::FormParams> form = webhook::DecodeForm(request.body(), 50);
    const std::string* to = form.ok() ? webhook::FindParam(*form, "To") : nullptr;
    const std::string* from = form.ok() ? webhook::FindParam(*form, "From") : nullptr;
    const std::string* body = form.ok() ? webhook::FindParam(*form, "Body") : nullptr;
    if (to == nullptr || from == nullptr || body == nullptr || body->empty()) {
      problems_.push_back("missing To, From or Body");
      return error(400, 21602, "Message body is required");
    }
    if (fail_left_ > 0) {
      --fail_left_;
      return error(fail_status_, fail_code_, "Simulated failure");
    }
    sent_.push_back({*to, *from, *body});
    const std::string sid = "SM" + std::string(30, '0') + std::to_string(10 + sent_.size());
    return reply(http::status::created,
                 R"({"sid":")" + sid + R"(","account_sid":")" + kAccountSid +
                     R"(","from":")" + *from + R"(","to":")" + *to +
                     R"(","status":"queued","direction":"outbound-api","num_segments":"1",)"
                     R"("error_code":null,"error_message":null,"api_version":"2010-04-01"})");
  }

  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedMessage> sent_;   // guarded by mutex_
  std::vector<std::string> problems_;   // guarded by mutex_
  int requests_ = 0;                    // guarded by mutex_
  int fail_left_ = 0;                   // guarded by mutex_
  int fail_status_ = 500;               // guarded by mutex_
  int fail_code_ = 20500;               // guarded by mutex_
};

// A UTC window that holds the current time, or one that surely does not.
std::pair<std::string, std::string> WindowAroundNow(bool containing) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  if (containing) return {"00:00", "24:00"};
  // At least eight hours away from now, so it cannot open while a test runs
  // (a window starting at the next hour did, for a test started at 23:59).
  if (utc.tm_hour < 12) return {"20:00", "21:00"};
  return {"08:00", "09:00"};
}

class FollowupTest : public ::testing::Test {
 protected:
  void Start(int delay_s, bool window_contains_now) {
    const auto [start, end] = WindowAroundNow(window_contains_now);
    const std::filesystem::path config = dir_.path() / "levier.json";
    std::ofstream(config) << R"({"followup": {"delay_s": )" << delay_s
                          << R"(, "timezone": "UTC", "window_start": ")" << start
                          << R"(", "window_end": ")" << end
                          << R"(", "retry_initial_s": 1, "retry_max_s": 2, "max_attempts": 3,)"
                          << R"( "per_minute": 0},)"
                          << R"( "twilio": {"api_base_url": ")" << api_.base_url()
                          << R"(", "from": ")" << kFrom << R"("}})";
    ServerProcess::Options options;
    options.extra_args = {"--config", config.string()};
    options.env = {{"LEVIER_TWILIO_ACCOUNT_SID", kAccountSid}};
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  SmsReply Say(const std::string& text) {
    SmsRequest r;
    r.from = kResident;
    r.text = text;
    return SendSms(server_->base_url(), r);
  }

  // Transport, Tours: three providers, then the consent question.
  void WalkToConsent() {
    for (const char* text : {"Bonjour", "4"}) ASSERT_EQ(Say(text).status, 200) << text;
    SmsReply referral = Say("1");
    ASSERT_EQ(referral.status, 200);
    ASSERT_NE(AllText(referral).find("Wimoov"), std::string::npos);
    ASSERT_NE(AllText(referral).find("dans 2 semaines"), std::string::npos) << AllText(referral);
  }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }

  // Polls `done` every 100 ms for at most `seconds`.
  template <typename Pred>
  bool WaitFor(Pred done, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
  }

  TempDir dir_;
  FakeTwilioApi api_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(FollowupTest, ConsentQueuesOneEncryptedRowPerBarrier) {
  Start(/*delay_s=*/3600, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);  // yes, text me
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND kind = 'followup' "
                  "AND payload = '{\"barrier\":\"mobilite\"}' AND channel = 'sms'"),
            "1");
  EXPECT_EQ(Query("SELECT due_at - created_at FROM outbox"), "3600");
  // nonce (12) + the 12 characters of the number + tag (16), never the number itself.
  EXPECT_EQ(Query("SELECT length(address_ciphertext) FROM outbox"), "40");
  server_->Stop();
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = ReadFile(server_->db_path().string() + suffix);
    EXPECT_EQ(bytes.find(kResident), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find("612345678"), std::string::npos) << suffix;
  }
  EXPECT_EQ(ReadFile(server_->log_path()).find("612345678"), std::string::npos);
  EXPECT_EQ(api_.requests(), 0);
}

TEST_F(FollowupTest, DueFollowupIsSentThenAnswersAreLogged) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitFor([&] { return api_.sent().size() == 1; }, 15)) << ReadFile(server_->log_path());
  const ReceivedMessage message = api_.sent()[0];
  EXPECT_EQ(message.to, kResident);
  EXPECT_EQ(message.from, kFrom);
  EXPECT_NE(message.body.find("Transport, permis"), std::string::npos) << message.body;
  EXPECT_NE(message.body.find("Les avez-vous contactés ?"), std::string::npos) << message.body;
  EXPECT_NE(message.body.find("3 Je n'ai pas réussi à les joindre"), std::string::npos);
  EXPECT_TRUE(api_.problems().empty());
  ASSERT_TRUE(WaitFor([&] { return Query("SELECT status FROM outbox") == "sent"; }, 5));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE address_ciphertext IS NULL AND attempts = 1 "
                  "AND sent_at IS NOT NULL"),
            "1");

  // The resident's next messages answer the follow-up.
  SmsReply rating = Say("1");  // yes, I contacted them
  EXPECT_NE(AllText(rating).find("vous a aidé ?"), std::string::npos)  // "ça" fits GSM-7 as "ca"
      << AllText(rating);
  SmsReply lifted = Say("4");
  EXPECT_NE(AllText(lifted).find("Le problème est-il réglé ?"), std::string::npos);
  SmsReply thanks = Say("2");  // partly
  EXPECT_NE(AllText(thanks).find("Merci pour vos réponses"), std::string::npos);
  EXPECT_EQ(Query("SELECT barrier || '|' || contacted || '|' || rating || '|' || lifted || '|' || "
                  "could_not_reach || '|' || commune || '|' || language FROM followup_answers"),
            "mobilite|yes|4|partly|0|Tours|fr");
  EXPECT_EQ(api_.sent().size(), 1u);
}

TEST_F(FollowupTest, CouldNotReachIsLoggedWithoutRating) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitFor([&] { return Query("SELECT status FROM outbox") == "sent"; }, 15));
  EXPECT_NE(AllText(Say("3")).find("Le problème est-il réglé ?"), std::string::npos);
  EXPECT_NE(AllText(Say("3")).find("Merci pour vos réponses"), std::string::npos);
  EXPECT_EQ(Query("SELECT contacted || '|' || (rating IS NULL) || '|' || lifted || '|' || "
                  "could_not_reach FROM followup_answers"),
            "could_not_reach|1|no|1");
}

TEST_F(FollowupTest, ServerErrorIsRetriedWithBackoff) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  api_.FailNext(1, 500, 20500);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitFor([&] { return api_.sent().size() == 1; }, 20)) << ReadFile(server_->log_path());
  EXPECT_EQ(api_.requests(), 2);  // the 500, then the retry
  ASSERT_TRUE(WaitFor([&] { return Query("SELECT status FROM outbox") == "sent"; }, 5));
  EXPECT_EQ(Query("SELECT attempts FROM outbox"), "2");
  EXPECT_EQ(api_.sent()[0].to, kResident);
}

TEST_F(FollowupTest, OptedOutAtTwilioCancelsWithoutRetry) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  api_.FailNext(5, 400, 21610);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitFor([&] { return Query("SELECT status FROM outbox") == "cancelled"; }, 15));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a retry would come within 2 s
  EXPECT_EQ(api_.requests(), 1);
  EXPECT_EQ(Query("SELECT (address_ciphertext IS NULL) || '|' || last_error FROM outbox"),
            "1|http 400, twilio 21610");
}

TEST_F(FollowupTest, NeverSentOutsideTheSendingWindow) {
  Start(/*delay_s=*/0, /*window_contains_now=*/false);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  std::this_thread::sleep_for(std::chrono::seconds(4));  // several dispatcher polls
  EXPECT_EQ(api_.requests(), 0);
  EXPECT_EQ(Query("SELECT status || '|' || attempts FROM outbox"), "pending|0");
}

TEST_F(FollowupTest, NeverSentAfterStop) {
  Start(/*delay_s=*/3, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_EQ(Query("SELECT status FROM outbox"), "pending");
  ASSERT_EQ(Say("STOP").status, 200);
  EXPECT_EQ(Query("SELECT status || '|' || (address_ciphertext IS NULL) FROM outbox"),
            "cancelled|1");
  std::this_thread::sleep_for(std::chrono::seconds(5));  // past the due time, several polls
  EXPECT_EQ(api_.requests(), 0);
}

TEST_F(FollowupTest, EraseDeletesThePendingFollowup) {
  Start(/*delay_s=*/3600, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_EQ(Query("SELECT COUNT(*) FROM outbox"), "1");
  SmsReply confirm = Say("EFFACER");
  ASSERT_EQ(confirm.status, 200);
  SmsReply done = Say("OUI");
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox"), "0") << AllText(confirm) << AllText(done);
}

}  // namespace
}  // namespace levier::testing
