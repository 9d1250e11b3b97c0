#include <gtest/gtest.h>

#include "levier/net/form.h"

namespace levier::net {
namespace LEVIER_UNITY_ID {

TEST(FormTest, DecodesPlusAndPercentAndKeepsEmptyAndRepeated) {
  Result<FormParams> p = DecodeForm("a=1+2&b=%C3%A9t%C3%A9&c=&d&a=3", 10);
  ASSERT_TRUE(p.ok());
  const FormParams expected = {{"a", "1 2"}, {"b", "été"}, {"c", ""}, {"d", ""}, {"a", "3"}};
  EXPECT_EQ(*p, expected);
}

TEST(FormTest, SplitsOnFirstEqualsOnly) {
  Result<FormParams> p = DecodeForm("k=v=w", 10);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)[0].second, "v=w");
}

TEST(FormTest, RefusesBadEscapes) {
  for (const char* body : {"a=%", "a=%4", "a=%G1", "a=%%41", "%zz=1"}) {
    Result<FormParams> p = DecodeForm(body, 10);
    ASSERT_FALSE(p.ok()) << body;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(FormTest, RefusesNulAndInvalidUtf8) {
  EXPECT_FALSE(DecodeForm("a=%00", 10).ok());
  EXPECT_FALSE(DecodeForm("a=%FF", 10).ok());
  EXPECT_FALSE(DecodeForm("a=%C0%AF", 10).ok());       // overlong '/'
  EXPECT_FALSE(DecodeForm("a=%ED%A0%80", 10).ok());    // UTF-16 surrogate
  EXPECT_TRUE(DecodeForm("a=%F0%9F%98%80", 10).ok());  // emoji
}

TEST(FormTest, RefusesTooManyParameters) {
  std::string body;
  for (int i = 0; i < 11; ++i) body += "k" + std::to_string(i) + "=v&";
  Result<FormParams> p = DecodeForm(body, 10);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("more than 10"), std::string::npos);
  EXPECT_TRUE(DecodeForm(body, 11).ok());
}

TEST(FormTest, EncodeDecodeRoundTrip) {
  const FormParams params = {{"Body", "Ça va ? 1+1=2 & <ok>"}, {"From", "+33611111111"}, {"E", ""}};
  Result<FormParams> back = DecodeForm(EncodeForm(params), 10);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, params);
}

}  // namespace
}  // namespace levier::net
