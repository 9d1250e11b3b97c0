#include <gtest/gtest.h>

#include <map>
#include <string>

#include "levier/channels/twilio_voice/channel.h"

namespace levier::channels::twilio_voice {
namespace LEVIER_UNITY_ID {

Result<std::optional<Settings>> FromEnv(std::map<std::string, std::string> env) {
  return SettingsFromEnvironment(
      [env](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      },
      Settings{"token", "https://levier.example.org", "", "sms", 6});
}

TEST(VoiceSettingsTest, OnByDefaultWithTheTwilioSettings) {
  auto settings = FromEnv({});
  ASSERT_TRUE(settings.ok());
  ASSERT_TRUE(settings->has_value());
  EXPECT_EQ((*settings)->auth_token, "token");
  EXPECT_EQ((*settings)->copy_channel, "sms");
  EXPECT_EQ((*settings)->gather_timeout_seconds, 6);
}

TEST(VoiceSettingsTest, OffTurnsTheLineOff) {
  auto settings = FromEnv({{"LEVIER_VOICE", "off"}});
  ASSERT_TRUE(settings.ok());
  EXPECT_FALSE(settings->has_value());
}

TEST(VoiceSettingsTest, MalformedValuesAreRefusedWithTheirName) {
  auto bad_switch = FromEnv({{"LEVIER_VOICE", "yes"}});
  ASSERT_FALSE(bad_switch.ok());
  EXPECT_NE(bad_switch.status().message().find("LEVIER_VOICE"), std::string::npos);
  for (const char* timeout : {"2", "31", "6s", ""}) {
    auto settings = FromEnv({{"LEVIER_VOICE_TIMEOUT", timeout}});
    if (std::string(timeout).empty()) {
      EXPECT_TRUE(settings.ok());
      continue;
    }
    ASSERT_FALSE(settings.ok()) << timeout;
    EXPECT_NE(settings.status().message().find("LEVIER_VOICE_TIMEOUT"), std::string::npos);
  }
  auto ten = FromEnv({{"LEVIER_VOICE_TIMEOUT", "10"}});
  ASSERT_TRUE(ten.ok());
  EXPECT_EQ((*ten)->gather_timeout_seconds, 10);
}

}  // namespace
}  // namespace levier::channels::twilio_voice
