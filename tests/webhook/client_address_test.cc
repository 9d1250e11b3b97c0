#include "levier/webhook/client_address.h"

#include <gtest/gtest.h>

namespace levier::webhook {
namespace LEVIER_UNITY_ID {

HttpRequest WithForwardedFor(std::vector<std::string> values) {
  HttpRequest req{http::verb::get, "/", 11};
  for (const auto& v : values) req.insert("X-Forwarded-For", v);
  return req;
}

ClientAddresses Loopback() {
  Result<ClientAddresses> a = ClientAddresses::Create({"127.0.0.1", "::1"});
  EXPECT_TRUE(a.ok());
  return *a;
}

TEST(ClientAddressesTest, UntrustedPeerIsTheClientWhateverItForwards) {
  EXPECT_EQ(Loopback().Resolve("203.0.113.7", WithForwardedFor({"198.51.100.1"})), "203.0.113.7");
}

TEST(ClientAddressesTest, TrustedProxyGivesTheNearestUntrustedHop) {
  const ClientAddresses a = Loopback();
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({"198.51.100.1"})), "198.51.100.1");
  // A client that sends its own header cannot hide behind it: the proxy
  // appends what it saw, and that is read first.
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({"10.9.9.9, 198.51.100.1"})), "198.51.100.1");
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({"10.9.9.9", "198.51.100.1"})),
            "198.51.100.1");
  EXPECT_EQ(a.Resolve("::1", WithForwardedFor({"2001:db8::1"})), "2001:db8::1");
  EXPECT_EQ(a.Resolve("::ffff:127.0.0.1", WithForwardedFor({"198.51.100.1"})), "198.51.100.1");
}

TEST(ClientAddressesTest, NoHeaderOrGarbageKeepsTheLastTrustedHop) {
  const ClientAddresses a = Loopback();
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({})), "127.0.0.1");
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({"<script>"})), "127.0.0.1");
  EXPECT_EQ(a.Resolve("127.0.0.1", WithForwardedFor({"198.51.100.1, not-an-ip"})), "127.0.0.1");
}

TEST(ClientAddressesTest, NoTrustedProxyMeansThePeer) {
  Result<ClientAddresses> none = ClientAddresses::Create({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->Resolve("127.0.0.1", WithForwardedFor({"198.51.100.1"})), "127.0.0.1");
}

TEST(ClientAddressesTest, RefusesAProxyThatIsNotAnAddress) {
  Result<ClientAddresses> bad = ClientAddresses::Create({"127.0.0.1", "proxy.example"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("proxy.example"), std::string::npos);
}

TEST(ClientAddressesTest, TrustedProxy) {
  const ClientAddresses a = Loopback();
  EXPECT_TRUE(a.IsTrustedProxy("127.0.0.1"));
  EXPECT_TRUE(a.IsTrustedProxy("::ffff:127.0.0.1"));
  EXPECT_FALSE(a.IsTrustedProxy("198.51.100.1"));
}

TEST(ClientAddressesTest, Loopback) {
  EXPECT_TRUE(ClientAddresses::IsLoopback("127.0.0.1"));
  EXPECT_TRUE(ClientAddresses::IsLoopback("::1"));
  EXPECT_FALSE(ClientAddresses::IsLoopback("198.51.100.1"));
  EXPECT_FALSE(ClientAddresses::IsLoopback("garbage"));
}

}  // namespace
}  // namespace levier::webhook
