#include "levier/util/crypto.h"

#include <gtest/gtest.h>

namespace levier::crypto {
namespace {

// RFC 4231 test case 2.
TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 2202 test case 2.
TEST(CryptoTest, HmacSha1MatchesRfc2202Case2) {
  EXPECT_EQ(HexEncode(HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(CryptoTest, Sha256OfEmptyJsonObjectMatchesTwilioSpec) {
  EXPECT_EQ(HexEncode(Sha256("{}")),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

TEST(CryptoTest, Base64PadsToMultipleOfFour) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
}

TEST(CryptoTest, HexRoundTripAndRejectsBadInput) {
  std::string out;
  ASSERT_TRUE(HexDecode("00ff10", &out));
  EXPECT_EQ(out, std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("abc", &out));
  EXPECT_FALSE(HexDecode("zz", &out));
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(CryptoTest, RandomBytesHasRequestedLengthAndVaries) {
  EXPECT_EQ(RandomBytes(32).size(), 32u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

}  // namespace
}  // namespace levier::crypto
