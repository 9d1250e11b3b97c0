// The router serves the routes its channels give it and knows no platform.
#include "levier/webhook/router.h"

#include <gtest/gtest.h>

#include "levier/store/sqlite.h"
#include "levier/store/store.h"

namespace levier::webhook {
namespace LEVIER_UNITY_ID {

class RecordingChannel final : public HttpChannel {
 public:
  explicit RecordingChannel(std::vector<Route> routes) : routes_(std::move(routes)) {}
  std::string_view name() const override { return "test"; }
  std::vector<Route> Routes() override { return routes_; }
  bot::Sender* sender() override { return nullptr; }

 private:
  std::vector<Route> routes_;
};

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> s = store::OpenSqliteStore(":memory:");
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
  }
  void TearDown() override { store_->Stop(); }

  Result<std::unique_ptr<Router>> Make(HttpChannel& channel) {
    Result<ClientAddresses> clients = ClientAddresses::Create({});
    EXPECT_TRUE(clients.ok());
    return Router::Create(*store_, std::move(*clients), {&channel}, nullptr, nullptr);
  }

  static HttpResponse Call(Router& router, http::verb method, std::string target) {
    HttpRequest request{method, target, 11};
    HttpResponse out;
    router.Handle(std::move(request), RequestContext{"127.0.0.1", "", {}},
                  [&](HttpResponse res) { out = std::move(res); });
    return out;
  }

  std::unique_ptr<store::Store> store_;
};

RouteHandler Answer(std::string body) {
  return [body](HttpRequest request, const RequestContext&, Respond respond) {
    respond(MakeResponse(request, http::status::ok, "text/plain", body));
  };
}

TEST_F(RouterTest, ServesEachChannelRouteAndOnlyItsMethods) {
  RecordingChannel channel({{http::verb::post, "/webhooks/test", Answer("posted")},
                            {http::verb::get, "/webhooks/test", Answer("verified")}});
  Result<std::unique_ptr<Router>> router = Make(channel);
  ASSERT_TRUE(router.ok()) << router.status().message();
  EXPECT_EQ(Call(**router, http::verb::post, "/webhooks/test?x=1").body(), "posted");
  EXPECT_EQ(Call(**router, http::verb::get, "/webhooks/test").body(), "verified");
  EXPECT_EQ(Call(**router, http::verb::head, "/webhooks/test").result(), http::status::ok);
  HttpResponse put = Call(**router, http::verb::put, "/webhooks/test");
  EXPECT_EQ(put.result(), http::status::method_not_allowed);
  EXPECT_EQ(put[http::field::allow], "POST, GET, HEAD");
  EXPECT_EQ(Call(**router, http::verb::post, "/webhooks/twilio").result(),
            http::status::not_found);  // no platform is built into the router
}

TEST_F(RouterTest, RefusesARouteTakenTwiceOrOneOfItsOwn) {
  RecordingChannel twice({{http::verb::post, "/webhooks/test", Answer("a")},
                          {http::verb::post, "/webhooks/test", Answer("b")}});
  Result<std::unique_ptr<Router>> router = Make(twice);
  ASSERT_FALSE(router.ok());
  EXPECT_EQ(router.status().code(), StatusCode::kInvalidArgument);
  RecordingChannel own({{http::verb::get, "/healthz", Answer("mine")}});
  EXPECT_EQ(Make(own).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace levier::webhook
