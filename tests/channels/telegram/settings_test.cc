#include "levier/channels/telegram/settings.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace levier::channels::telegram {
namespace LEVIER_UNITY_ID {

Result<std::optional<Settings>> From(const std::map<std::string, std::string>& env) {
  return SettingsFromEnvironment([&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(TelegramSettingsTest, OffWhenNeitherSecretIsSet) {
  Result<std::optional<Settings>> s = From({});
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->has_value());
}

TEST(TelegramSettingsTest, OnWithBothSecretsAndTheDefaultApi) {
  Result<std::optional<Settings>> s = From({{"LEVIER_TELEGRAM_BOT_TOKEN", "123456:AA-b_c"},
                                            {"LEVIER_TELEGRAM_SECRET_TOKEN", "Secret_token-1"}});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->bot_token, "123456:AA-b_c");
  EXPECT_EQ((*s)->secret_token, "Secret_token-1");
  EXPECT_EQ((*s)->api_base, "https://api.telegram.org");
}

TEST(TelegramSettingsTest, OneSecretAloneIsAnError) {
  Result<std::optional<Settings>> s = From({{"LEVIER_TELEGRAM_BOT_TOKEN", "1:a"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("LEVIER_TELEGRAM_SECRET_TOKEN"), std::string::npos);
  EXPECT_FALSE(From({{"LEVIER_TELEGRAM_SECRET_TOKEN", "abc"}}).ok());
}

TEST(TelegramSettingsTest, SecretTokenOutsideWhatTelegramAcceptsIsRefused) {
  EXPECT_TRUE(IsValidSecretToken(std::string(256, 'a')));
  EXPECT_TRUE(IsValidSecretToken("A-z_0"));
  EXPECT_FALSE(IsValidSecretToken(std::string(257, 'a')));
  EXPECT_FALSE(IsValidSecretToken(""));
  for (const char* bad : {"has space", "semi;colon", "é", "a/b", "a:b"}) {
    EXPECT_FALSE(IsValidSecretToken(bad)) << bad;
    Result<std::optional<Settings>> s =
        From({{"LEVIER_TELEGRAM_BOT_TOKEN", "1:a"}, {"LEVIER_TELEGRAM_SECRET_TOKEN", bad}});
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.status().message().find("LEVIER_TELEGRAM_SECRET_TOKEN"), std::string::npos);
  }
}

TEST(TelegramSettingsTest, BotTokenThatAUrlPathCannotCarryIsRefused) {
  Result<std::optional<Settings>> s =
      From({{"LEVIER_TELEGRAM_BOT_TOKEN", "1:a/../x"}, {"LEVIER_TELEGRAM_SECRET_TOKEN", "s"}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("LEVIER_TELEGRAM_BOT_TOKEN"), std::string::npos);
}

TEST(TelegramSettingsTest, ApiBaseMustBeHttpsOrLoopback) {
  const std::map<std::string, std::string> secrets{{"LEVIER_TELEGRAM_BOT_TOKEN", "1:a"},
                                                   {"LEVIER_TELEGRAM_SECRET_TOKEN", "s"}};
  auto with = [&](const std::string& base) {
    auto env = secrets;
    env["LEVIER_TELEGRAM_API_BASE"] = base;
    return From(env);
  };
  Result<std::optional<Settings>> local = with("http://127.0.0.1:8081/");
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  EXPECT_EQ((*local)->api_base, "http://127.0.0.1:8081");
  Result<std::optional<Settings>> remote = with("http://api.telegram.org");
  ASSERT_FALSE(remote.ok());
  EXPECT_NE(remote.status().message().find("LEVIER_TELEGRAM_API_BASE"), std::string::npos);
}

}  // namespace
}  // namespace levier::channels::telegram
