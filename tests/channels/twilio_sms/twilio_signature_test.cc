// Signature vectors from ../shared/specs/platform-specs.md §1.8 (official SDK
// vectors, re-checked against twilio@6.2.0) and the project's own vector.
#include <gtest/gtest.h>

#include "levier/net/form.h"
#include "levier/channels/twilio_sms/twilio.h"

namespace levier::channels::twilio_sms {
namespace LEVIER_UNITY_ID {

using net::DecodeForm;
using net::FindParam;
using net::FormParams;

const FormParams kSdkParams = {{"CallSid", "CA1234567890ABCDE"},
                               {"Caller", "+14158675309"},
                               {"Digits", "1234"},
                               {"From", "+14158675309"},
                               {"To", "+18005551212"}};
constexpr const char* kSdkUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

TEST(TwilioSignatureTest, MatchesOfficialSdkVectors) {
  EXPECT_EQ(ComputeSignature("12345", kSdkUrl, kSdkParams), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_EQ(ComputeSignature("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", kSdkParams),
            "kvajT1Ptam85bY51eRf/AJRuM3w=");
  EXPECT_EQ(ComputeSignature("12345", "http://mycompany.com:80/myapp.php?foo=1&bar=2", kSdkParams),
            "0ZXoZLH/DfblKGATFgpif+LLRf4=");
  EXPECT_EQ(ComputeSignature("12345", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", kSdkParams),
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
}

TEST(TwilioSignatureTest, ParamOrderInBodyDoesNotMatter) {
  FormParams reversed(kSdkParams.rbegin(), kSdkParams.rend());
  EXPECT_EQ(ComputeSignature("12345", kSdkUrl, reversed), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

TEST(TwilioSignatureTest, RepeatedKeysAreDeduplicatedAndSorted) {
  const FormParams params = {{"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "5678"},
                             {"Digits", "1234"}, {"Digits", "1234"}};
  EXPECT_EQ(ComputeSignature("12345", kSdkUrl, params), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
}

constexpr const char* kProjectBody =
    "ToCountry=FR&ToState=&SmsMessageSid=SM0123456789abcdef0123456789abcdef&NumMedia=0&ToCity=&"
    "FromZip=&SmsSid=SM0123456789abcdef0123456789abcdef&FromState=&SmsStatus=received&FromCity=&"
    "Body=Bonjour%2C+o%C3%B9+manger+%C3%A0+Lyon+%3F&FromCountry=FR&To=%2B33700000000&ToZip=&"
    "NumSegments=1&MessageSid=SM0123456789abcdef0123456789abcdef&"
    "AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&From=%2B33611111111&ApiVersion=2010-04-01";
constexpr const char* kProjectToken = "0123456789abcdef0123456789abcdef";

TEST(TwilioSignatureTest, MatchesProjectVectorFromDecodedForm) {
  Result<FormParams> params = DecodeForm(kProjectBody, 256);
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ(*FindParam(*params, "Body"), "Bonjour, où manger à Lyon ?");
  EXPECT_EQ(ComputeSignature(kProjectToken, "https://bot.example.org/webhooks/twilio", *params),
            "Opzr6QvavOruJpQbAyIsP3fxe3E=");
  EXPECT_EQ(ComputeSignature(kProjectToken, "https://bot.example.org:443/webhooks/twilio", *params),
            "+vmviDVuzBUAfbZnhPrtBmI5YxM=");
  EXPECT_EQ(ComputeSignature(kProjectToken, "https://bot.example.org/webhooks/twilio?tenant=lyon",
                             *params),
            "TlPvJQ5gkfIrM4RPuWmaCwrTvk8=");
}

TEST(TwilioSignatureTest, VerifyAcceptsPortVariantsBothWays) {
  Result<FormParams> params = DecodeForm(kProjectBody, 256);
  ASSERT_TRUE(params.ok());
  // Signed with :443, server configured without a port, and the reverse.
  EXPECT_TRUE(VerifySignature(kProjectToken, "https://bot.example.org/webhooks/twilio", *params,
                              "+vmviDVuzBUAfbZnhPrtBmI5YxM="));
  EXPECT_TRUE(VerifySignature(kProjectToken, "https://bot.example.org:443/webhooks/twilio",
                              *params, "Opzr6QvavOruJpQbAyIsP3fxe3E="));
}

TEST(TwilioSignatureTest, VerifyRejectsWrongTokenTamperingAndEmpty) {
  Result<FormParams> params = DecodeForm(kProjectBody, 256);
  ASSERT_TRUE(params.ok());
  const std::string url = "https://bot.example.org/webhooks/twilio";
  const std::string good = "Opzr6QvavOruJpQbAyIsP3fxe3E=";
  ASSERT_TRUE(VerifySignature(kProjectToken, url, *params, good));
  EXPECT_FALSE(VerifySignature("another-token", url, *params, good));
  EXPECT_FALSE(VerifySignature(kProjectToken, url, *params, ""));
  EXPECT_FALSE(VerifySignature(kProjectToken, url, *params, good.substr(0, 27)));
  std::string lower = good;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_FALSE(VerifySignature(kProjectToken, url, *params, lower));
  FormParams tampered = *params;
  for (auto& [k, v] : tampered) {
    if (k == "Body") v = "Bonjour";
  }
  EXPECT_FALSE(VerifySignature(kProjectToken, url, tampered, good));
  // The Host a client chose is never part of the signed URL.
  EXPECT_FALSE(VerifySignature(kProjectToken, "https://evil.example/webhooks/twilio", *params, good));
  EXPECT_FALSE(VerifySignature("", url, *params, good));
}

TEST(TwilioUrlTest, StripAndAddPort) {
  EXPECT_EQ(StripPort("https://h.org:8443/a?b=1"), "https://h.org/a?b=1");
  EXPECT_EQ(StripPort("https://h.org/a"), "https://h.org/a");
  EXPECT_EQ(StripPort("http://[::1]:8080/x"), "http://[::1]/x");
  EXPECT_EQ(StripPort("https://user:pw@h.org:444/x"), "https://user:pw@h.org/x");
  EXPECT_EQ(AddDefaultPort("https://h.org/a"), "https://h.org:443/a");
  EXPECT_EQ(AddDefaultPort("http://h.org?x=1"), "http://h.org:80?x=1");
  EXPECT_EQ(AddDefaultPort("http://h.org:1234/a"), "http://h.org:1234/a");
  EXPECT_EQ(AddDefaultPort("http://[::1]/x"), "http://[::1]:80/x");
}

}  // namespace
}  // namespace levier::channels::twilio_sms
