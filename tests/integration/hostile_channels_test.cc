// Hostile input on every channel's route besides SMS (hostile_test.cc):
// the phone line, WhatsApp, Telegram and the web chat, all on one real
// server. Each case states the exact status, that nothing is stored, and
// that the server keeps answering.
#include <gtest/gtest.h>

#include <fstream>

#include "levier/channels/twilio_sms/twilio.h"
#include "levier/channels/whatsapp/signature.h"
#include "levier/net/form.h"
#include "levier/net/http_client.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr const char* kAppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kTelegramSecret = "Levier_webhook-Secret_0123456789";
constexpr const char* kVoiceTarget = "/webhooks/twilio/voice?step=2&lang=fr";

// One channel's route and how a legitimate request to it is authenticated.
struct Route {
  std::string name;
  std::string target;
  std::string content_type;
  int unauthenticated;  // the status a request without valid credentials gets
};

void PrintTo(const Route& route, std::ostream* os) { *os << route.name; }

class HostileChannelsTest : public ::testing::TestWithParam<Route> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::filesystem::create_directories(dir_->path() / "data");
    ServerProcess::Options options;
    options.env = {{"LEVIER_WHATSAPP_APP_SECRET", kAppSecret},
                   {"LEVIER_WHATSAPP_VERIFY_TOKEN", "verify-7d1c0e4b9a2f"},
                   {"LEVIER_WHATSAPP_ACCESS_TOKEN", "EAAtestaccesstoken0123456789"},
                   {"LEVIER_WHATSAPP_PHONE_NUMBER_ID", "106540352242922"},
                   {"LEVIER_WHATSAPP_API_BASE", "http://127.0.0.1:9"},
                   {"LEVIER_TELEGRAM_BOT_TOKEN", "123456789:AAtest-token_0123456789"},
                   {"LEVIER_TELEGRAM_SECRET_TOKEN", kTelegramSecret},
                   {"LEVIER_TELEGRAM_API_BASE", "http://127.0.0.1:9"}};
    server_ = new ServerProcess(dir_->path() / "data", options);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override { stored_before_ = Stored(); }
  void TearDown() override {
    ASSERT_TRUE(server_->Alive()) << "the server died: " << ReadFile(server_->log_path());
    EXPECT_EQ(Stored(), stored_before_) << "a refused request stored something";
    SmsRequest r;
    r.from = "+33600000998";
    r.text = "Bonjour";
    EXPECT_EQ(SendSms(server_->base_url(), r).status, 200);
    stored_before_ = Stored();
  }

  static std::string Stored() {
    return QueryScalar(server_->db_path(),
                       "SELECT (SELECT COUNT(*) FROM processed_messages) || '/' || "
                       "(SELECT COUNT(*) FROM sessions) || '/' || (SELECT COUNT(*) FROM outbox)");
  }

  // `body` to the route with its credentials (when `authenticated`) and
  // `content_type` ("" = the route's own).
  int Post(const std::string& body, bool authenticated, std::string content_type = "") {
    const Route& route = GetParam();
    net::HttpRequest req{net::http::verb::post, route.target, 11};
    req.set(net::http::field::content_type,
            content_type.empty() ? route.content_type : content_type);
    if (authenticated) {
      if (route.name == "voice") {
        Result<net::FormParams> params = net::DecodeForm(body, 100000);
        req.set("X-Twilio-Signature", channels::twilio_sms::ComputeSignature(
                                          ServerProcess::kAuthToken,
                                          std::string(ServerProcess::kPublicUrl) + route.target,
                                          params.ok() ? *params : net::FormParams{}));
      } else if (route.name == "whatsapp") {
        req.set("X-Hub-Signature-256", channels::whatsapp::ComputeSignature(kAppSecret, body));
      } else if (route.name == "telegram") {
        req.set("X-Telegram-Bot-Api-Secret-Token", kTelegramSecret);
      } else {
        req.set(net::http::field::origin, ServerProcess::kPublicUrl);
      }
    }
    req.body() = body;
    Result<net::HttpResponse> res = net::SendHttpRequest(server_->base_url() + route.target,
                                                         std::move(req), std::chrono::seconds(10));
    EXPECT_TRUE(res.ok()) << res.status().message();
    return res.ok() ? res->result_int() : 0;
  }
  // A body of the route's kind that it would take, if authenticated.
  std::string Plausible() const {
    if (GetParam().name == "voice") {
      return net::EncodeForm(
          {{"CallSid", "CA" + std::string(32, '7')}, {"From", "+33611000777"}, {"Digits", "1"}});
    }
    if (GetParam().name == "webchat") return R"({"id":"0123456789abcdef","text":"Bonjour"})";
    if (GetParam().name == "telegram") {
      return R"({"update_id":5,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"text":"Bonjour"}})";
    }
    return R"({"object":"whatsapp_business_account","entry":[]})";
  }

  static TempDir* dir_;
  static ServerProcess* server_;
  std::string stored_before_;
};
TempDir* HostileChannelsTest::dir_ = nullptr;
ServerProcess* HostileChannelsTest::server_ = nullptr;

TEST_P(HostileChannelsTest, WithoutCredentialsTheRequestIsRefused) {
  EXPECT_EQ(Post(Plausible(), false), GetParam().unauthenticated);
}

TEST_P(HostileChannelsTest, AnotherContentTypeIs415) {
  EXPECT_EQ(Post(Plausible(), true, "text/plain"), 415);
}

TEST_P(HostileChannelsTest, ABodyOverTheLimitIs413) {
  EXPECT_EQ(Post(std::string(70'000, 'a'), true), 413);
}

TEST_P(HostileChannelsTest, InvalidUtf8Is400) {
  const std::string body =
      GetParam().name == "voice"
          ? "CallSid=CA" + std::string(32, '7') + "&From=%2B336&Digits=%FF%FE"
          : std::string(R"({"id":"0123456789abcdef","text":")") + "\xff\xfe\"}";
  EXPECT_EQ(Post(body, true), 400);
}

TEST_P(HostileChannelsTest, TruncatedOrDeeplyNestedBodiesAre400) {
  if (GetParam().name == "voice") {
    EXPECT_EQ(Post("CallSid=CA%2", true), 400);
    EXPECT_EQ(Post(net::EncodeForm({{"CallSid", "CA1"}, {"From", "+33611000777"}}), true), 400);
    return;
  }
  EXPECT_EQ(Post(R"({"update_id": 1, "message": {)", true), 400);
  // 1,000 levels in 2,000 bytes: under every route's body limit (the web
  // chat's is 4 KB), far over the 16 levels a parser accepts.
  EXPECT_EQ(Post(std::string(1000, '[') + std::string(1000, ']'), true), 400);
}

INSTANTIATE_TEST_SUITE_P(
    Routes, HostileChannelsTest,
    ::testing::Values(Route{"voice", kVoiceTarget, "application/x-www-form-urlencoded", 403},
                      Route{"whatsapp", "/webhooks/whatsapp", "application/json", 401},
                      Route{"telegram", "/webhooks/telegram", "application/json", 401},
                      Route{"webchat", "/chat/api/messages", "application/json", 403}),
    [](const ::testing::TestParamInfo<Route>& route) { return route.param.name; });

}  // namespace
}  // namespace levier::testing
