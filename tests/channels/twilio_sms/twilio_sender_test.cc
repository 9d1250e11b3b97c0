#include "levier/channels/twilio_sms/sender.h"

#include <gtest/gtest.h>

#include "levier/net/form.h"

namespace levier::channels::twilio_sms {
namespace LEVIER_UNITY_ID {

using bot::SendOutcome;
using bot::SendResult;

TEST(TwilioSenderTest, CreatedIsSentWithTheMessageSid) {
  const SendResult r = ClassifyTwilioResponse(
      201, R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","error_code":null})");
  EXPECT_EQ(r.outcome, SendOutcome::kSent);
  EXPECT_EQ(r.platform_id, "SM0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r.detail, "http 201");
}

TEST(TwilioSenderTest, OptedOutRecipientIsCancelledNotRetried) {
  const SendResult r = ClassifyTwilioResponse(
      400, R"({"code":21610,"message":"Attempt to send to unsubscribed recipient",)"
           R"("more_info":"https://www.twilio.com/docs/errors/21610","status":400})");
  EXPECT_EQ(r.outcome, SendOutcome::kCancelled);
  EXPECT_EQ(r.detail, "http 400, twilio 21610");
}

TEST(TwilioSenderTest, OtherClientErrorsFailAndServerErrorsRetry) {
  EXPECT_EQ(ClassifyTwilioResponse(400, R"({"code":21211,"status":400})").outcome,
            SendOutcome::kFailed);
  EXPECT_EQ(ClassifyTwilioResponse(401, R"({"code":20003,"status":401})").outcome,
            SendOutcome::kFailed);
  EXPECT_EQ(ClassifyTwilioResponse(429, R"({"code":20429,"status":429})").outcome,
            SendOutcome::kRetry);
  EXPECT_EQ(ClassifyTwilioResponse(500, "").outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyTwilioResponse(503, "<html>").outcome, SendOutcome::kRetry);
}

TEST(TwilioSenderTest, RequestFollowsTheMessagesApi) {
  TwilioSender sender({"http://127.0.0.1:9/", "AC00000000000000000000000000000001", "token",
                       "+33700000000", "", std::chrono::milliseconds(100)});
  EXPECT_EQ(sender.MessagesUrl(),
            "http://127.0.0.1:9/2010-04-01/Accounts/AC00000000000000000000000000000001/"
            "Messages.json");
  Result<net::FormParams> form =
      net::DecodeForm(sender.FormBody("+33611111111", "Bonjour & merci"), 10);
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(*form, (net::FormParams{
                       {"To", "+33611111111"}, {"From", "+33700000000"}, {"Body", "Bonjour & merci"}}));

  TwilioSender service({"https://api.twilio.com", "AC1", "t", "", "MG1",
                        std::chrono::milliseconds(100)});
  Result<net::FormParams> with_service = net::DecodeForm(service.FormBody("+336", "x"), 10);
  ASSERT_TRUE(with_service.ok());
  EXPECT_EQ((*with_service)[1], (std::pair<std::string, std::string>{"MessagingServiceSid", "MG1"}));
}

TEST(TwilioSenderTest, UnreachableApiIsRetried) {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused.
  TwilioSender sender({"http://127.0.0.1:9", "AC1", "token", "+33700000000", "",
                       std::chrono::milliseconds(2000)});
  const SendResult r = sender.SendText("+33611111111", "x");
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_EQ(r.detail.find("+33611111111"), std::string::npos);
}

}  // namespace
}  // namespace levier::channels::twilio_sms
