// Issue 9's crash, against the real server: a token holder's query with an
// unknown key whose name was cut at 40 bytes inside "é" made dump() throw
// in a store callback and aborted the process. Now: 400 naming the key, the
// call audited, and the server goes on serving residents.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "levier/net/http_client.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace http = net::http;

std::string CreateToken(const ServerProcess& server, const std::string& role) {
  CommandResult r = RunLevier({"token", "create", "--role", role, "--org", "X", "--db",
                               server.db_path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  while (std::getline(lines, line)) last = line;
  return last;
}

Result<net::HttpResponse> Get(const ServerProcess& server, const std::string& target,
                                  const std::string& token) {
  net::HttpRequest req{http::verb::get, target, 11};
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  return net::SendHttpRequest(server.base_url() + target, std::move(req),
                                  std::chrono::seconds(20));
}

TEST(ApiQueryCrashTest, UnknownKeyCutInsideACharacterIs400AndTheServerKeepsServing) {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::string token = CreateToken(server, "professional");
  const std::string key = std::string(39, 'k');
  const std::string target = "/api/v1/coverage?" + key + "%C3%A9=1";

  Result<net::HttpResponse> res = Get(server, target, token);
  ASSERT_TRUE(res.ok()) << "the server did not answer: " << res.status().ToString();
  EXPECT_EQ(res->result_int(), 400u) << res->body();
  EXPECT_EQ(res->at(http::field::content_type), "application/json");
  const nlohmann::json body = nlohmann::json::parse(res->body());
  // The key is named, cut before the character that did not fit.
  EXPECT_NE(body.at("error").get<std::string>().find("'" + key + "'"), std::string::npos)
      << body.dump();
  EXPECT_EQ(QueryScalar(server.db_path(), "SELECT COUNT(*) FROM audit_log WHERE status = 400"),
            "1");

  // Still serving: health, a resident's message, and the API itself.
  Result<net::HttpResponse> health = Get(server, "/healthz", "");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result_int(), 200u);
  SmsRequest sms;
  sms.text = "Bonjour";
  const SmsReply reply = SendSms(server.base_url(), sms);
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.messages.empty());
  Result<net::HttpResponse> coverage = Get(server, "/api/v1/coverage", token);
  ASSERT_TRUE(coverage.ok()) << coverage.status().ToString();
  EXPECT_EQ(coverage->result_int(), 200u);
}

}  // namespace
}  // namespace levier::testing
