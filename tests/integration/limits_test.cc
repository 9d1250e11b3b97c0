// Rate limits against the real server: a platform's redelivery always gets
// its stored reply, a new message over the sender's limit is acknowledged
// and counted (never 429: Twilio drops those), failed authentications are
// limited per client address seen through the proxy, and a flood of bad API
// tokens neither fills the audit log nor delays residents.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include "api_client.h"
#include "client_threads.h"
#include "levier/util/crypto.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr const char* kEmptyTwiml = R"(<?xml version="1.0" encoding="UTF-8"?><Response/>)";

class LimitsTest : public ::testing::Test {
 protected:
  // Starts the server with `config` (JSON) as its config file.
  void Start(const std::string& config) {
    std::filesystem::create_directories(dir_.path() / "data");
    std::ofstream(dir_.path() / "config.json") << config;
    ServerProcess::Options options;
    options.extra_args = {"--config", (dir_.path() / "config.json").string()};
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  }
  std::string Scalar(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }
  std::string Metrics() { return ApiGet(*server_, "/metrics", "").body(); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(LimitsTest, RedeliveriesGetTheStoredReplyWhateverTheSenderLimit) {
  Start(R"({"rate_limits": {"per_sender_per_minute": 3}})");
  SmsRequest first;
  first.text = "Bonjour";
  first.message_sid = "SM00000000000000000000000000000001";
  const SmsReply original = SendSms(server_->base_url(), first);
  ASSERT_EQ(original.status, 200);
  ASSERT_FALSE(original.messages.empty());
  // Twilio redelivers when it did not get the answer in time: more often
  // than the sender's limit, and after the sender spent it on new messages.
  for (int i = 0; i < 5; ++i) {
    const SmsReply again = SendSms(server_->base_url(), first);
    EXPECT_EQ(again.status, 200) << i;
    EXPECT_EQ(again.body, original.body) << i;
  }
  for (int i = 0; i < 4; ++i) {
    SmsRequest next;
    next.text = "1";
    ASSERT_EQ(SendSms(server_->base_url(), next).status, 200) << i;
  }
  const SmsReply late = SendSms(server_->base_url(), first);
  EXPECT_EQ(late.status, 200);
  EXPECT_EQ(late.body, original.body);
  EXPECT_NE(Metrics().find("levier_duplicate_messages_total{channel=\"sms\"} 6"),
            std::string::npos);
}

TEST_F(LimitsTest, NewMessageOverTheSenderLimitIsAcknowledgedCountedAndLogged) {
  Start(R"({"rate_limits": {"per_sender_per_minute": 3}})");
  for (int i = 0; i < 3; ++i) {
    SmsRequest r;
    r.text = "Bonjour";
    ASSERT_EQ(SendSms(server_->base_url(), r).status, 200) << i;
  }
  SmsRequest over;
  over.text = "Bonjour";
  over.message_sid = "SM0000000000000000000000000000over";
  const SmsReply acknowledged = SendSms(server_->base_url(), over);
  // 200, not 429: Twilio treats 429 as a failure and drops the message.
  EXPECT_EQ(acknowledged.status, 200);
  EXPECT_EQ(acknowledged.body, kEmptyTwiml);
  // Not read, not stored...
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM processed_messages"), "3");
  // ...but not lost unseen either.
  EXPECT_NE(Metrics().find("levier_limited_total{reason=\"sender\"} 1"), std::string::npos);
  const std::string log = ReadFile(server_->log_path());
  EXPECT_NE(log.find("event=sender_rate_limited"), std::string::npos) << log;
  EXPECT_NE(log.find("message_id=SM0000000000000000000000000000over"), std::string::npos);
  // Another sender is not affected.
  SmsRequest other;
  other.from = "+33699999999";
  other.text = "Bonjour";
  EXPECT_EQ(SendSms(server_->base_url(), other).status, 200);
}

// A request with a forged signature, forwarded by the proxy for `client`.
SmsReply UnsignedFrom(const ServerProcess& server, const std::string& client) {
  SmsRequest r;
  r.text = "Bonjour";
  r.signature = "forged";
  r.forwarded_for = client;
  return SendSms(server.base_url(), r);
}

TEST_F(LimitsTest, FailedSignaturesAreLimitedPerClientBehindTheProxyAndSignedOnesNever) {
  Start(R"({"rate_limits": {"per_address_per_minute": 2}})");
  EXPECT_EQ(UnsignedFrom(*server_, "198.51.100.7").status, 403);
  EXPECT_EQ(UnsignedFrom(*server_, "198.51.100.7").status, 403);
  const SmsReply refused = UnsignedFrom(*server_, "198.51.100.7");
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.retry_after.empty());
  // The proxy's other clients keep their own allowance...
  EXPECT_EQ(UnsignedFrom(*server_, "198.51.100.8").status, 403);
  // ...and a signed request is never refused by it, even from that address:
  // Twilio's addresses carry everyone's messages.
  SmsRequest signed_request;
  signed_request.text = "Bonjour";
  signed_request.forwarded_for = "198.51.100.7";
  EXPECT_EQ(SendSms(server_->base_url(), signed_request).status, 200);
  EXPECT_NE(Metrics().find("levier_limited_total{reason=\"webhook_failed_auth\"} 1"),
            std::string::npos);
}

TEST_F(LimitsTest, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  std::filesystem::create_directories(dir_.path() / "data");
  std::ofstream(dir_.path() / "config.json") << R"({"rate_limits": {"per_address_per_minute": 1}})";
  ServerProcess::Options options;
  options.extra_args = {"--config", (dir_.path() / "config.json").string()};
  options.env = {{"LEVIER_TRUSTED_PROXIES", "none"}};
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  // Without a trusted proxy the header is the client's own claim: ignored.
  EXPECT_EQ(UnsignedFrom(*server_, "198.51.100.7").status, 403);
  EXPECT_EQ(UnsignedFrom(*server_, "198.51.100.8").status, 429);
}

TEST_F(LimitsTest, ServeRefusesATrustedProxyThatIsNotAnAddress) {
  std::ofstream(dir_.path() / "config.json") << R"({"trusted_proxies": ["127.0.0.1", "nginx"]})";
  CommandResult r = RunLevier(
      {"serve", "--listen", "127.0.0.1:0", "--db", (dir_.path() / "levier.db").string(), "--config",
       (dir_.path() / "config.json").string(), "--dialogs",
       std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", "--kb",
       std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"},
      {{"LEVIER_TWILIO_AUTH_TOKEN", ServerProcess::kAuthToken}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("trusted proxy 'nginx' is not an IP address"), std::string::npos) << r.err;
}

TEST_F(LimitsTest, FailedApiAuthenticationsAreLimitedPerClientWithABoundedAudit) {
  Start(R"({"rate_limits": {"per_address_per_minute": 10}})");
  const std::string valid = CreateToken(server_->db_path(), "coordinator");
  const std::string bad =
      "Bearer lvr_" + crypto::HexEncode(crypto::RandomBytes(32));
  const std::string long_target = "/api/v1/" + std::string(300, 'x') + "?q=" + std::string(400, 'y');
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(ApiGet(*server_, long_target, bad, "198.51.100.7").result_int(), 401u) << i;
  }
  const net::HttpResponse refused = ApiGet(*server_, "/api/v1/indicators", bad, "198.51.100.7");
  EXPECT_EQ(refused.result_int(), 429u);
  EXPECT_GE(std::stoi(std::string(refused[net::http::field::retry_after])), 1);
  // Even a good token waits: it is how guessing is slowed down.
  EXPECT_EQ(ApiGet(*server_, "/api/v1/indicators", "Bearer " + valid, "198.51.100.7").result_int(),
            429u);
  // Other clients are not affected.
  EXPECT_EQ(ApiGet(*server_, "/api/v1/indicators", "Bearer " + valid, "198.51.100.8").result_int(),
            200u);
  EXPECT_EQ(ApiGet(*server_, "/api/v1/indicators", "", "198.51.100.8").result_int(), 401u);

  // One row per failure within the allowance, none past it; the caller's
  // bytes bounded (path only, 64 bytes at most), the client's address kept.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE client = '198.51.100.7'"), "10");
  EXPECT_EQ(Scalar("SELECT MAX(length(target)) FROM audit_log WHERE status = 401"), "64");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE target LIKE '%?q=%'"), "0");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE status = 200 AND client = '198.51.100.8'"),
            "1");
  EXPECT_NE(Metrics().find("levier_limited_total{reason=\"api_failed_auth\"} 2"),
            std::string::npos);
}

// The p-th percentile (0 < p < 1) of `samples`.
double Percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
  return samples[std::max<std::size_t>(rank, 1) - 1];
}

// Latencies (ms) of `count` resident messages, one after the other.
std::vector<double> ResidentLatencies(const ServerProcess& server, int count, int offset) {
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    SmsRequest r;
    r.from = "+3361000" + std::to_string(1000 + (offset + i) % 50);
    r.text = "Bonjour";
    const auto start = std::chrono::steady_clock::now();
    const SmsReply reply = SendSms(server.base_url(), r);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    EXPECT_EQ(reply.status, 200) << i;
  }
  return ms;
}

TEST_F(LimitsTest, FloodOfBadTokensDoesNotDelayResidentsNorFillTheAudit) {
  Start(R"({"rate_limits": {"per_sender_per_minute": 0}})");
  constexpr int kMessages = 300;
  const double base_p99 = Percentile(ResidentLatencies(*server_, kMessages, 0), 0.99);

  // Bad tokens from many addresses behind the proxy, as fast as two
  // threads can send them, while residents write.
  std::atomic<bool> stop{false};
  std::atomic<int> flood{0};
  std::atomic<int> unexpected{0};
  ClientThreads attackers(stop);
  for (int t = 0; t < 2; ++t) {
    attackers.Add([&, t] {
      for (int n = 0; !stop; ++n) {
        const std::string client =
            "10." + std::to_string(t) + "." + std::to_string(n / 250 % 250) + "." +
            std::to_string(n % 250);
        const std::string bad = "Bearer lvr_" + crypto::HexEncode(crypto::RandomBytes(32));
        try {
          const unsigned status =
              ApiGet(*server_, "/api/v1/indicators?" + std::string(400, 'a'), bad, client)
                  .result_int();
          if (status != 401 && status != 429) ++unexpected;
        } catch (const std::exception&) {
          ++unexpected;
        }
        ++flood;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the flood is running
  const auto flood_start = std::chrono::steady_clock::now();
  const int flood_before = flood;
  const double flood_p99 = Percentile(ResidentLatencies(*server_, kMessages, kMessages), 0.99);
  const int flooded = flood - flood_before;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - flood_start).count();
  attackers.StopAndJoin();

  std::printf("resident p99: %.1f ms alone, %.1f ms under %d bad-token calls (%.0f/s)\n", base_p99,
              flood_p99, flooded, flooded / seconds);
  EXPECT_EQ(unexpected, 0);
  ASSERT_GE(flooded, kMessages) << "the flood did not run";
  // Generous (the flood's own client threads share the cores with the
  // server), but real: a writer busy with the flood's audit rows adds a
  // queue of commits to every resident's message.
  EXPECT_LE(flood_p99, 3 * base_p99 + 50) << "base p99 " << base_p99 << " ms";
  // The audit took at most its budget of rows a minute, whatever the flood.
  const int minutes = 1 + static_cast<int>(seconds / 60);
  EXPECT_LE(std::stoi(Scalar("SELECT COUNT(*) FROM audit_log")), 60 * (minutes + 1));
}

TEST_F(LimitsTest, MetricsCarryNoCountByBarrierAndAreNotServedThroughTheProxy) {
  Start("{}");
  for (const char* text : {"Bonjour", "4", "1"}) {
    SmsRequest r;
    r.text = text;
    ASSERT_EQ(SendSms(server_->base_url(), r).status, 200) << text;
  }
  ASSERT_EQ(Scalar("SELECT COUNT(*) FROM referrals"), "3");
  const std::string metrics = Metrics();
  EXPECT_NE(metrics.find("\nlevier_referrals_total 3\n"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("barrier"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("mobilite"), std::string::npos) << metrics;
  // Forwarded by the proxy for an outside client: refused; for the host itself: served.
  EXPECT_EQ(ApiGet(*server_, "/metrics", "", "198.51.100.7").result_int(), 403u);
  EXPECT_EQ(ApiGet(*server_, "/metrics", "", "127.0.0.1").result_int(), 200u);
}

}  // namespace
}  // namespace levier::testing
