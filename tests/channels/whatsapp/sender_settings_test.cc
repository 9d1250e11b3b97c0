// The Cloud API's answers into outcomes, and LEVIER_WHATSAPP_* into settings.
#include <gtest/gtest.h>

#include <map>

#include "levier/channels/whatsapp/channel.h"
#include "levier/channels/whatsapp/sender.h"

namespace levier::channels::whatsapp {
namespace LEVIER_UNITY_ID {

using bot::SendOutcome;

std::string Error(int code) {
  return R"({"error":{"message":"m","type":"OAuthException","code":)" + std::to_string(code) +
         R"(,"fbtrace_id":"x"}})";
}

TEST(WhatsAppSenderTest, AcceptedKeepsTheWamid) {
  bot::SendResult r = ClassifyResponse(
      200, R"({"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],)"
           R"("messages":[{"id":"wamid.HBgL"}]})");
  EXPECT_EQ(r.outcome, SendOutcome::kSent);
  EXPECT_EQ(r.platform_id, "wamid.HBgL");
}

TEST(WhatsAppSenderTest, MetaErrorCodesAreMapped) {
  EXPECT_EQ(ClassifyResponse(400, Error(131047)).outcome, SendOutcome::kFailed);
  EXPECT_NE(ClassifyResponse(400, Error(131047)).detail.find("24 hours"), std::string::npos);
  EXPECT_EQ(ClassifyResponse(400, Error(131026)).outcome, SendOutcome::kFailed);
  EXPECT_EQ(ClassifyResponse(400, Error(131050)).outcome, SendOutcome::kCancelled);
  EXPECT_EQ(ClassifyResponse(429, Error(130429)).outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyResponse(400, Error(131056)).outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyResponse(401, Error(190)).outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyResponse(503, "").outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyResponse(400, Error(100)).outcome, SendOutcome::kFailed);
  EXPECT_EQ(ClassifyResponse(400, Error(100)).detail, "http 400, whatsapp 100");
}

TEST(WhatsAppSenderTest, UnreachableApiIsRetried) {
  WhatsAppSender sender({"http://127.0.0.1:9/v24.0", "1", "token-0123456789abcdef", {},
                         std::chrono::milliseconds(2000)});
  EXPECT_EQ(sender.MessagesUrl(), "http://127.0.0.1:9/v24.0/1/messages");
  bot::SendResult r = sender.Send("33612345678", {bot::SendKind::kReply, "fr", {{"x", {}, {}, false, {}}}});
  EXPECT_EQ(r.outcome, SendOutcome::kRetry);
  EXPECT_EQ(r.detail.find("token-0123456789abcdef"), std::string::npos);
}

class WhatsAppSettingsTest : public ::testing::Test {
 protected:
  Result<std::optional<Settings>> Read() {
    return SettingsFromEnvironment([this](const char* name) -> const char* {
      auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    });
  }
  std::map<std::string, std::string> env_ = {
      {"LEVIER_WHATSAPP_APP_SECRET", "0123456789abcdef0123456789abcdef"},
      {"LEVIER_WHATSAPP_VERIFY_TOKEN", "verify-0123456789"},
      {"LEVIER_WHATSAPP_ACCESS_TOKEN", "EAAtoken0123456789"},
      {"LEVIER_WHATSAPP_PHONE_NUMBER_ID", "106540352242922"}};
};

TEST_F(WhatsAppSettingsTest, OffWhenNothingIsSet) {
  env_.clear();
  Result<std::optional<Settings>> s = Read();
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->has_value());
}

TEST_F(WhatsAppSettingsTest, DefaultsArePinnedApiAndEightyPerSecond) {
  Result<std::optional<Settings>> s = Read();
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->sender.api_base, kDefaultApiBase);
  EXPECT_EQ((*s)->messages_per_second, 80u);
  EXPECT_TRUE((*s)->sender.templates.empty());
}

TEST_F(WhatsAppSettingsTest, EachMistakeIsNamed) {
  const std::map<std::string, std::string> base = env_;
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases = {
      {{"LEVIER_WHATSAPP_VERIFY_TOKEN", ""}, "LEVIER_WHATSAPP_VERIFY_TOKEN"},
      {{"LEVIER_WHATSAPP_VERIFY_TOKEN", "short"}, "LEVIER_WHATSAPP_VERIFY_TOKEN"},
      {{"LEVIER_WHATSAPP_PHONE_NUMBER_ID", "+33 7 00"}, "LEVIER_WHATSAPP_PHONE_NUMBER_ID"},
      {{"LEVIER_WHATSAPP_API_BASE", "http://graph.example.org/v24.0"}, "LEVIER_WHATSAPP_API_BASE"},
      {{"LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES", "fr"}, "LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES"},
      {{"LEVIER_WHATSAPP_MESSAGES_PER_SECOND", "0"}, "LEVIER_WHATSAPP_MESSAGES_PER_SECOND"}};
  for (const auto& [change, named] : cases) {
    env_ = base;
    if (change.second.empty()) {
      env_.erase(change.first);
    } else {
      env_[change.first] = change.second;
    }
    Result<std::optional<Settings>> s = Read();
    ASSERT_FALSE(s.ok()) << change.first << "=" << change.second;
    EXPECT_NE(s.status().message().find(named), std::string::npos) << s.status().message();
  }
}

TEST_F(WhatsAppSettingsTest, TemplatesAndRateAreRead) {
  env_["LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES"] = "fr=levier_suivi,ar=levier_suivi_ar";
  env_["LEVIER_WHATSAPP_MESSAGES_PER_SECOND"] = "20";
  env_["LEVIER_WHATSAPP_API_BASE"] = "http://127.0.0.1:8080/v24.0";
  Result<std::optional<Settings>> s = Read();
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->sender.templates.by_language.at("ar"), "levier_suivi_ar");
  EXPECT_EQ((*s)->messages_per_second, 20u);
}

}  // namespace
}  // namespace levier::channels::whatsapp
