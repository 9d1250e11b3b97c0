// X-Hub-Signature-256 (platform spec 3.3), with the spec's test vectors
// (whatsapp-api-js's own, recomputed).
#include "levier/channels/whatsapp/signature.h"

#include <gtest/gtest.h>

namespace levier::channels::whatsapp {
namespace LEVIER_UNITY_ID {

constexpr const char* kSecret = "YOUR_APP_SECRET";

TEST(WhatsAppSignatureTest, AsciiBodyMatchesTheSpecVector) {
  const std::string body = "Let's pretend this body is equal to the message object";
  EXPECT_EQ(ComputeSignature(kSecret, body),
            "sha256=8d2c8fd74d3ac31eafd99563ac39107a45e5ea1d44831e291353193729d57f56");
  EXPECT_TRUE(VerifySignature(
      kSecret, body, "sha256=8d2c8fd74d3ac31eafd99563ac39107a45e5ea1d44831e291353193729d57f56"));
  EXPECT_TRUE(VerifySignature(
      kSecret, body, "sha256=8D2C8FD74D3AC31EAFD99563AC39107A45E5EA1D44831E291353193729D57F56"));
}

// Meta hashes the escaped form of a non-ASCII payload; the raw form is
// accepted too (Meta's own SDK hashes it).
TEST(WhatsAppSignatureTest, UnicodeBodyIsAcceptedInEscapedAndRawForms) {
  const std::string body =
      "Let's pretend this body is equal to the message object and can handle unicode characters "
      "like みどりいろ and J'ai mangé des pâtes";
  EXPECT_TRUE(VerifySignature(
      kSecret, body, "sha256=0363007aabdf1ab579f35936651a460fb5fa1aaf40df98b1264446b72cc96688"));
  EXPECT_TRUE(VerifySignature(
      kSecret, body, "sha256=5ab50fefd5b7b7258964d9825904e7916acb73fe8030123871485627791ffbde"));
}

TEST(WhatsAppSignatureTest, EscapesUtf16CodeUnitsInLowercaseHex) {
  EXPECT_EQ(EscapeUnicode("äöå"), "\\u00e4\\u00f6\\u00e5");
  EXPECT_EQ(EscapeUnicode("😀"), "\\ud83d\\ude00");
  EXPECT_EQ(EscapeUnicode("a~\x7f"), "a~\\u007f");
  EXPECT_EQ(EscapeUnicode("\xff"), "\xff");  // not UTF-8: kept
}

TEST(WhatsAppSignatureTest, WrongMissingOrMalformedSignaturesAreRefused) {
  const std::string body = "{}";
  const std::string good = ComputeSignature(kSecret, body);
  EXPECT_TRUE(VerifySignature(kSecret, body, good));
  EXPECT_FALSE(VerifySignature(kSecret, body, ""));
  EXPECT_FALSE(VerifySignature(kSecret, body, good.substr(7)));          // no "sha256="
  EXPECT_FALSE(VerifySignature(kSecret, body, good.substr(0, 70)));      // truncated
  EXPECT_FALSE(VerifySignature("another secret", body, good));
  EXPECT_FALSE(VerifySignature(kSecret, "{ }", good));
  EXPECT_FALSE(VerifySignature("", body, ComputeSignature("", body)));  // no secret: nothing passes
}

TEST(WhatsAppSignatureTest, ChallengeIsAnsweredOnlyToSubscribeWithTheToken) {
  EXPECT_EQ(AnswerChallenge("tok-0123456789abcdef", "subscribe", "tok-0123456789abcdef", "42"), "42");
  EXPECT_EQ(AnswerChallenge("tok-0123456789abcdef", "subscribe", "tok-0123456789abcdeF", "42"), "");
  EXPECT_EQ(AnswerChallenge("tok-0123456789abcdef", "unsubscribe", "tok-0123456789abcdef", "42"), "");
  EXPECT_EQ(AnswerChallenge("", "subscribe", "", "42"), "");
}

}  // namespace
}  // namespace levier::channels::whatsapp
