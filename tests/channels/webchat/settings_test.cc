#include <gtest/gtest.h>

#include <map>
#include <string>

#include "levier/channels/webchat/channel.h"

namespace levier::channels::webchat {
namespace LEVIER_UNITY_ID {

GetEnv Env(std::map<std::string, std::string> values) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(WebChatSettingsTest, OnByDefaultWithTheOriginOfThePublicUrl) {
  Result<std::optional<Settings>> s =
      SettingsFromEnvironment(Env({}), "https://levier.example.org/");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->origin, "https://levier.example.org");
  EXPECT_TRUE((*s)->secure_cookie);
  EXPECT_EQ((*s)->messages_per_minute, 30u);
}

TEST(WebChatSettingsTest, PlainHttpOnLoopbackDropsSecure) {
  Result<std::optional<Settings>> s =
      SettingsFromEnvironment(Env({{"LEVIER_WEBCHAT", "on"}}), "http://127.0.0.1:8080");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_FALSE((*s)->secure_cookie);
  EXPECT_EQ((*s)->origin, "http://127.0.0.1:8080");
  Result<std::optional<Settings>> remote =
      SettingsFromEnvironment(Env({}), "http://levier.example.org");
  ASSERT_TRUE(remote.ok() && remote->has_value());
  EXPECT_TRUE((*remote)->secure_cookie);
}

TEST(WebChatSettingsTest, OffTurnsItOff) {
  Result<std::optional<Settings>> s =
      SettingsFromEnvironment(Env({{"LEVIER_WEBCHAT", "off"}}), "not a url");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->has_value());
}

TEST(WebChatSettingsTest, MistakesAreNamed) {
  const auto message = [](std::map<std::string, std::string> env, std::string_view url) {
    Result<std::optional<Settings>> s = SettingsFromEnvironment(Env(std::move(env)), url);
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    return s.ok() ? std::string() : s.status().message();
  };
  EXPECT_NE(message({{"LEVIER_WEBCHAT", "yes"}}, "http://127.0.0.1").find("LEVIER_WEBCHAT"),
            std::string::npos);
  EXPECT_NE(message({}, "levier.example.org").find("LEVIER_PUBLIC_URL"), std::string::npos);
  for (const char* rate : {"0", "-1", "ten", "100001", "5x"}) {
    EXPECT_NE(message({{"LEVIER_WEBCHAT_MESSAGES_PER_MINUTE", rate}}, "http://127.0.0.1")
                  .find("LEVIER_WEBCHAT_MESSAGES_PER_MINUTE"),
              std::string::npos)
        << rate;
  }
  Result<std::optional<Settings>> s = SettingsFromEnvironment(
      Env({{"LEVIER_WEBCHAT_MESSAGES_PER_MINUTE", "5"}}), "http://127.0.0.1");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->messages_per_minute, 5u);
}

}  // namespace
}  // namespace levier::channels::webchat
