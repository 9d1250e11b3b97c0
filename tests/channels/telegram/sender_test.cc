#include "levier/channels/telegram/sender.h"

#include <gtest/gtest.h>

#include "levier/channels/telegram/bot_api.h"

namespace levier::channels::telegram {
namespace LEVIER_UNITY_ID {

using bot::SendOutcome;
using bot::SendResult;

TEST(TelegramSenderTest, OkIsSentWithTheMessageId) {
  const SendResult r = ClassifyBotApiResponse(
      200, R"({"ok":true,"result":{"message_id":4711,"chat":{"id":1,"type":"private"},)"
           R"("date":1760000000,"text":"Bonjour"}})");
  EXPECT_EQ(r.outcome, SendOutcome::kSent);
  EXPECT_EQ(r.platform_id, "4711");
  EXPECT_EQ(r.detail, "http 200");
}

TEST(TelegramSenderTest, TwoHundredWithoutOkIsNotSent) {
  EXPECT_EQ(ClassifyBotApiResponse(200, R"({"ok":false,"error_code":400})").outcome,
            SendOutcome::kFailed);
  EXPECT_EQ(ClassifyBotApiResponse(200, "<html>").outcome, SendOutcome::kFailed);
  EXPECT_EQ(ClassifyBotApiResponse(200, R"({"ok":"true"})").outcome, SendOutcome::kFailed);
}

TEST(TelegramSenderTest, FloodControlIsRetriedAndSaysWhen) {
  const SendResult r = ClassifyBotApiResponse(
      429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17",)"
           R"("parameters":{"retry_after":17}})");
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_EQ(r.detail, "http 429, telegram 429, retry after 17 s");
}

TEST(TelegramSenderTest, ServerErrorsRetry) {
  EXPECT_EQ(ClassifyBotApiResponse(500, "").outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyBotApiResponse(502, "<html>Bad Gateway</html>").outcome, SendOutcome::kRetry);
}

TEST(TelegramSenderTest, BlockedByTheUserIsCancelled) {
  const SendResult r = ClassifyBotApiResponse(
      403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})");
  EXPECT_EQ(r.outcome, SendOutcome::kCancelled);
  EXPECT_EQ(r.detail, "http 403, telegram 403, blocked by the user");
}

TEST(TelegramSenderTest, OtherClientErrorsFail) {
  EXPECT_EQ(ClassifyBotApiResponse(
                400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})")
                .outcome,
            SendOutcome::kFailed);
  EXPECT_EQ(ClassifyBotApiResponse(
                403, R"({"ok":false,"error_code":403,"description":"Forbidden: user is deactivated"})")
                .outcome,
            SendOutcome::kFailed);
  EXPECT_EQ(ClassifyBotApiResponse(401, R"({"ok":false,"error_code":401})").outcome,
            SendOutcome::kFailed);
}

TEST(TelegramSenderTest, UnreachableApiIsRetriedAndTheTokenNeverShows) {
  Settings settings;
  settings.bot_token = "123456:AAHsecret-token_value";
  settings.secret_token = "s";
  settings.api_base = "http://127.0.0.1:9";  // discard port: connection refused
  settings.timeout = std::chrono::milliseconds(2000);
  TelegramSender sender(settings);
  const SendResult r = sender.Send(
      "987654321", bot::Outgoing{bot::SendKind::kReply, "fr", {dialogs::Reply{"x", {}, "", false}}});
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_FALSE(r.detail.empty());
  EXPECT_EQ(r.detail.find("AAHsecret"), std::string::npos) << r.detail;
  EXPECT_EQ(r.detail.find("987654321"), std::string::npos) << r.detail;
}

TEST(TelegramSenderTest, AddressThatIsNotAChatIdFails) {
  Settings settings;
  settings.bot_token = "1:a";
  settings.api_base = "http://127.0.0.1:9";
  TelegramSender sender(settings);
  const bot::Outgoing message{bot::SendKind::kReply, "", {dialogs::Reply{"x", {}, "", false}}};
  EXPECT_EQ(sender.Send("+33611111111", message).outcome, SendOutcome::kFailed);
  EXPECT_EQ(sender.Send("", message).outcome, SendOutcome::kFailed);
  EXPECT_EQ(sender.Send("12a", message).outcome, SendOutcome::kFailed);
}

TEST(TelegramSenderTest, RedactTokenMasksEveryOccurrence) {
  EXPECT_EQ(RedactToken("http://h/bot1:ab/sendMessage and 1:ab", "1:ab"),
            "http://h/bot<token>/sendMessage and <token>");
  EXPECT_EQ(RedactToken("nothing", ""), "nothing");
}

TEST(TelegramBotApiTest, SetWebhookParametersRegisterTheRouteAndTheSecret) {
  Settings settings;
  settings.bot_token = "1:a";
  settings.secret_token = "Secret_1";
  EXPECT_EQ(SetWebhookParameters(settings, "https://levier.example.org/"),
            (nlohmann::json{{"url", "https://levier.example.org/webhooks/telegram"},
                            {"secret_token", "Secret_1"},
                            {"allowed_updates", {"message", "callback_query"}},
                            {"drop_pending_updates", false}}));
}

TEST(TelegramBotApiTest, SetWebhookRefusesAPlainHttpPublicUrl) {
  Settings settings;
  settings.bot_token = "1:a";
  settings.secret_token = "s";
  settings.api_base = "http://127.0.0.1:9";
  Result<std::string> r = SetWebhook(settings, "http://levier.example.org");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace levier::channels::telegram
