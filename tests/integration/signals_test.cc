// Reload (SIGHUP) and shutdown (SIGTERM) while requests are in flight: every
// request that reached the server gets its one answer, its message is
// committed exactly once, and a redelivery afterwards is answered from the
// store, never stepped again. A slow disk (the fault shim's "SLOW") holds
// the requests in their commit while the signal arrives.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "levier/util/crypto.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr int kInFlight = 8;
constexpr const char* kSlowSync = "SLOW 400";  // ms per fsync: two group commits ≈ 0.8 s

struct Sent {
  SmsRequest request;
  SmsReply reply;  // status 0: the connection failed
};

class SignalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dialogs_ = dir_.path() / "dialogs";
    std::filesystem::copy(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", dialogs_,
                          std::filesystem::copy_options::recursive);
    std::filesystem::create_directories(dir_.path() / "data");
  }

  std::unique_ptr<ServerProcess> Start(bool slow_disk_shim) {
    ServerProcess::Options options;
    options.dialogs_dir = dialogs_.string();
    if (slow_disk_shim) {
      options.env = {{"LD_PRELOAD", LEVIER_FAULT_SHIM},
                     {"LEVIER_FAULT_FILE", control().string()},
                     {"ASAN_OPTIONS", "verify_asan_link_order=0"}};
    }
    return std::make_unique<ServerProcess>(dir_.path() / "data", options);
  }
  std::filesystem::path control() const { return dir_.path() / "fault"; }

  // Sends kInFlight first messages from distinct residents at once, then,
  // once they wait for their commit, `signal`; returns every outcome.
  std::vector<Sent> SendAllThenSignal(ServerProcess& server, int signal) {
    std::vector<Sent> sent(kInFlight);
    for (int i = 0; i < kInFlight; ++i) {
      sent[i].request.from = "+3361000000" + std::to_string(i);
      sent[i].request.text = "Bonjour";
      sent[i].request.message_sid = "SM" + crypto::HexEncode(crypto::RandomBytes(16));
    }
    std::ofstream(control()) << kSlowSync;
    std::vector<std::thread> clients;
    for (auto& s : sent) {
      clients.emplace_back([&s, url = server.base_url()] {
        try {
          s.reply = SendSms(url, s.request);
        } catch (const std::exception&) {
          s.reply.status = 0;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server.Signal(signal);
    for (auto& t : clients) t.join();
    std::filesystem::remove(control());
    return sent;
  }

  std::string Query(ServerProcess& server, const std::string& sql) {
    return QueryScalar(server.db_path(), sql);
  }

  // Each message is stored once, and its redelivery gets the same reply
  // without a second step.
  void ExpectEachAnsweredOnce(ServerProcess& server, const std::vector<Sent>& sent) {
    EXPECT_EQ(Query(server, "SELECT COUNT(*) FROM processed_messages"), std::to_string(kInFlight));
    EXPECT_EQ(Query(server, "SELECT COUNT(*) FROM sessions"), std::to_string(kInFlight));
    const std::string sessions_before =
        Query(server, "SELECT group_concat(state, '|') FROM sessions");
    for (const Sent& s : sent) {
      SmsReply again = SendSms(server.base_url(), s.request);
      EXPECT_EQ(again.status, 200);
      EXPECT_EQ(again.body, s.reply.body) << s.request.from;
    }
    EXPECT_EQ(Query(server, "SELECT COUNT(*) FROM processed_messages"), std::to_string(kInFlight));
    EXPECT_EQ(Query(server, "SELECT group_concat(state, '|') FROM sessions"), sessions_before);
  }

  TempDir dir_;
  std::filesystem::path dialogs_;
};

TEST_F(SignalsTest, ShutdownWithRequestsInFlightAnswersEachOnceAndLosesNone) {
  auto server = Start(/*slow_disk_shim=*/true);
  const std::vector<Sent> sent = SendAllThenSignal(*server, SIGTERM);
  EXPECT_EQ(server->Stop(), 0) << ReadFile(server->log_path());
  for (const Sent& s : sent) {
    EXPECT_EQ(s.reply.status, 200) << s.request.from << ": lost in the shutdown";
    EXPECT_NE(AllText(s.reply).find("1 Logement"), std::string::npos) << s.reply.body;
  }
  auto restarted = Start(/*slow_disk_shim=*/false);
  ExpectEachAnsweredOnce(*restarted, sent);
}

TEST_F(SignalsTest, ReloadWithRequestsInFlightAnswersEachOnceAndKeepsServing) {
  auto server = Start(/*slow_disk_shim=*/true);
  // A real change, so the reload publishes a version mid-flight.
  const auto french = dialogs_ / "lang" / "fr.json";
  std::string text = ReadFile(french);
  const std::string from = "Avez-vous le permis de conduire ?";
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), "Avez-vous un permis de conduire valide ?");
  std::ofstream(french, std::ios::trunc) << text;

  const std::vector<Sent> sent = SendAllThenSignal(*server, SIGHUP);
  for (const Sent& s : sent) {
    EXPECT_EQ(s.reply.status, 200) << s.request.from << ": lost in the reload";
    EXPECT_NE(AllText(s.reply).find("1 Logement"), std::string::npos) << s.reply.body;
  }
  EXPECT_TRUE(server->WaitForLog("event=script_published"));
  ExpectEachAnsweredOnce(*server, sent);
  EXPECT_EQ(Query(*server, "SELECT COUNT(*) FROM script_versions"), "2");
}

}  // namespace
}  // namespace levier::testing
