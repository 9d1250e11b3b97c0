#include "levier/util/totp.h"

#include <gtest/gtest.h>

namespace levier::totp {
namespace LEVIER_UNITY_ID {

// RFC 6238 appendix B, SHA-1 rows: the secret is "12345678901234567890".
TEST(TotpTest, Rfc6238TestVectors) {
  const std::string secret = "12345678901234567890";
  EXPECT_EQ(CodeAt(secret, StepAt(59), 8), "94287082");
  EXPECT_EQ(CodeAt(secret, StepAt(1111111109), 8), "07081804");
  EXPECT_EQ(CodeAt(secret, StepAt(1111111111), 8), "14050471");
  EXPECT_EQ(CodeAt(secret, StepAt(1234567890), 8), "89005924");
  EXPECT_EQ(CodeAt(secret, StepAt(2000000000), 8), "69279037");
  EXPECT_EQ(CodeAt(secret, StepAt(20000000000), 8), "65353130");
}

// RFC 4226 appendix D: HOTP values for counters 0 to 9 (six digits).
TEST(TotpTest, Rfc4226HotpValues) {
  const std::string secret = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(CodeAt(secret, counter), expected[counter]) << counter;
  }
}

TEST(TotpTest, AcceptsOneStepOfClockDriftAndEachCodeOnce) {
  const std::string secret = "12345678901234567890";
  const UnixSeconds now = 1'800'000'000;
  const std::int64_t step = StepAt(now);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step), now, 0), step);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step - 1), now, 0), step - 1);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step + 1), now, 0), step + 1);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step - 2), now, 0), std::nullopt);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step + 2), now, 0), std::nullopt);
  // Already used: the same code (or an older one) is refused.
  EXPECT_EQ(Verify(secret, CodeAt(secret, step), now, step), std::nullopt);
  EXPECT_EQ(Verify(secret, CodeAt(secret, step - 1), now, step), std::nullopt);
  EXPECT_EQ(Verify(secret, "12345", now, 0), std::nullopt);
  EXPECT_EQ(Verify(secret, "", now, 0), std::nullopt);
}

TEST(TotpTest, Base32RoundTripAndRfc4648Vectors) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("f"), "MY");
  std::string out;
  ASSERT_TRUE(Base32Decode("mzxw 6ytb oi======", &out));
  EXPECT_EQ(out, "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1", &out));
  EXPECT_EQ(out, "");
  const std::string bytes("\x00\xff\x10\x80\x7f", 5);
  ASSERT_TRUE(Base32Decode(Base32Encode(bytes), &out));
  EXPECT_EQ(out, bytes);
}

TEST(TotpTest, ProvisioningUriNamesIssuerAndAccount) {
  EXPECT_EQ(ProvisioningUri("Levier", "ana@example.org", "foobar"),
            "otpauth://totp/Levier:ana%40example.org?secret=MZXW6YTBOI&issuer=Levier"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace levier::totp
