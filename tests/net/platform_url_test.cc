#include <gtest/gtest.h>

#include "levier/net/http_client.h"

namespace levier::net {
namespace LEVIER_UNITY_ID {

constexpr std::string_view kSetting = "twilio.api_base_url";

TEST(CheckPlatformApiUrlTest, AcceptsHttpsAnywhere) {
  EXPECT_TRUE(CheckPlatformApiUrl("https://api.twilio.com", kSetting).ok());
  EXPECT_TRUE(CheckPlatformApiUrl("https://10.0.0.5:8443/base", kSetting).ok());
}

TEST(CheckPlatformApiUrlTest, AcceptsPlainHttpOnlyToLoopback) {
  for (const char* url : {"http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:9000/x",
                          "http://localhost:1234"}) {
    EXPECT_TRUE(CheckPlatformApiUrl(url, kSetting).ok()) << url;
  }
}

TEST(CheckPlatformApiUrlTest, RefusesPlainHttpElsewhereNamingTheSetting) {
  for (const char* url :
       {"http://api.twilio.com", "http://10.0.0.5", "http://[::ffff:10.0.0.1]", "http://128.0.0.1",
        "http://127.0.0.1.evil.example", "http://localhost.evil.example", "http://[::2]"}) {
    const Status s = CheckPlatformApiUrl(url, kSetting);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_NE(s.message().find("twilio.api_base_url"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("https://"), std::string::npos) << s.message();
  }
}

TEST(CheckPlatformApiUrlTest, RefusesWhatIsNotAnHttpUrl) {
  for (const char* url : {"", "api.twilio.com", "ftp://api.twilio.com", "https://", "http://:80"}) {
    EXPECT_EQ(CheckPlatformApiUrl(url, kSetting).code(), StatusCode::kInvalidArgument) << url;
  }
}

}  // namespace
}  // namespace levier::net
