#include "levier/util/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace levier::crypto {
namespace LEVIER_UNITY_ID {

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

TEST(CryptoTest, Base64DecodeRoundTripsAndRejectsWhatIsNotStrictBase64) {
  std::string out;
  for (const std::string& bytes :
       std::vector<std::string>{"f", "fo", "foo", "foob", std::string("\0\xff\x10", 3)}) {
    ASSERT_TRUE(Base64Decode(Base64Encode(bytes), &out)) << bytes;
    EXPECT_EQ(out, bytes);
  }
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zg=a", "Zm9v\n", "Zm-v", "replace-me-with-openssl"}) {
    EXPECT_FALSE(Base64Decode(bad, &out)) << bad;
  }
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

// AES-256-GCM: NIST/McGrew-Viega GCM spec test cases 14 and 15 (256-bit key,
// 96-bit IV, no AAD), in AesGcmSeal's layout nonce || ciphertext || tag.
std::string Unhex(std::string_view hex) {
  std::string out;
  EXPECT_TRUE(HexDecode(hex, &out));
  return out;
}

TEST(CryptoTest, AesGcmOpenAcceptsNistTestCase14) {
  const std::string key(32, '\0');
  const std::string sealed = std::string(12, '\0') +
                             Unhex("cea7403d4d606b6e074ec5d3baf39d18") +
                             Unhex("d0d1c8a799996bf0265b98b5d48ab919");
  std::string plain;
  ASSERT_TRUE(AesGcmOpen(key, sealed, &plain));
  EXPECT_EQ(plain, std::string(16, '\0'));
}

TEST(CryptoTest, AesGcmOpenAcceptsNistTestCase15) {
  const std::string key =
      Unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const std::string sealed =
      Unhex("cafebabefacedbaddecaf888") +
      Unhex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad") +
      Unhex("b094dac5d93471bdec1a502270e3cc6c");
  std::string plain;
  ASSERT_TRUE(AesGcmOpen(key, sealed, &plain));
  EXPECT_EQ(HexEncode(plain),
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
}

TEST(CryptoTest, AesGcmSealRoundTripsWithFreshNonce) {
  const std::string key = RandomBytes(32);
  const std::string a = AesGcmSeal(key, "+33612345678");
  const std::string b = AesGcmSeal(key, "+33612345678");
  EXPECT_EQ(a.size(), 12u + 12u + 16u);
  EXPECT_NE(a.substr(0, 12), b.substr(0, 12));  // random nonce per message
  EXPECT_EQ(a.find("+33612345678"), std::string::npos);
  std::string plain;
  ASSERT_TRUE(AesGcmOpen(key, a, &plain));
  EXPECT_EQ(plain, "+33612345678");
  ASSERT_TRUE(AesGcmOpen(key, AesGcmSeal(key, ""), &plain));
  EXPECT_EQ(plain, "");
}

TEST(CryptoTest, AesGcmOpenRejectsTamperingWrongKeyAndTruncation) {
  const std::string key = RandomBytes(32);
  const std::string sealed = AesGcmSeal(key, "+33612345678");
  std::string plain = "stale";
  for (std::size_t i = 0; i < sealed.size(); ++i) {  // nonce, ciphertext and tag
    std::string altered = sealed;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_FALSE(AesGcmOpen(key, altered, &plain)) << "byte " << i;
    EXPECT_EQ(plain, "");
  }
  EXPECT_FALSE(AesGcmOpen(RandomBytes(32), sealed, &plain));
  EXPECT_FALSE(AesGcmOpen(key, sealed.substr(0, 27), &plain));
  EXPECT_FALSE(AesGcmOpen(key, sealed.substr(0, sealed.size() - 1), &plain));
  EXPECT_FALSE(AesGcmOpen(key.substr(0, 16), sealed, &plain));
}

TEST(CryptoTest, Base64DecodeOfEmptyIsEmptyAndFailureClearsTheOutput) {
  std::string out = "left over";
  ASSERT_TRUE(Base64Decode("", &out));
  EXPECT_TRUE(out.empty());
  out = "left over";
  EXPECT_FALSE(Base64Decode("Z!==", &out));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace levier::crypto
