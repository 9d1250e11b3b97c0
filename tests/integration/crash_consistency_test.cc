// Crash consistency: clients send signed messages (SMS, and the keys of
// phone calls) while the server is killed with SIGKILL at random moments
// and restarted on the same database.
// Afterwards every acknowledged message's effects exist exactly once:
// replaying it returns the identical reply and does not advance the dialog,
// and SQLite's integrity check passes.
//
// LEVIER_CRASH_ROUNDS (default 20) sets the number of kill/restart rounds;
// the long mode is e.g. LEVIER_CRASH_ROUNDS=500.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "levier/channels/webchat/api.h"
#include "levier/net/http_client.h"
#include "client_threads.h"
#include "levier/util/crypto.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

int Rounds() {
  const char* env = std::getenv("LEVIER_CRASH_ROUNDS");
  return env != nullptr ? std::max(1, std::atoi(env)) : 20;
}

const std::vector<std::string> kPath = {"Bonjour", "4", "2", "1", "1", "6", "1", "2", "2"};

struct Acked {
  std::string from;
  std::string text;
  std::string body;
};

// The phone line's keys, after the language menu's "1" (French).
const std::vector<std::string> kCallKeys = {"2", "1", "1", "1", "2", "2"};

constexpr std::size_t kWebAddressBytes = channels::webchat::kAddressBytes;

// One web chat message as the page posts it; false when the server is down.
bool PostWebChat(const std::string& base_url, const std::string& cookie, const std::string& body,
                 net::HttpResponse* response) {
  net::HttpRequest req{net::http::verb::post, "/chat/api/messages", 11};
  req.set(net::http::field::content_type, "application/json");
  req.set(net::http::field::origin, ServerProcess::kPublicUrl);
  req.set(net::http::field::cookie, cookie);
  req.body() = body;
  Result<net::HttpResponse> res =
      net::SendHttpRequest(base_url + "/chat/api/messages", std::move(req), std::chrono::seconds(10));
  if (!res.ok()) return false;
  *response = *res;
  return true;
}

struct AckedStep {
  VoiceRequest request;
  std::string body;
};

TEST(CrashConsistencyTest, AcknowledgedMessagesSurviveSigkillExactlyOnce) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  std::ofstream(dir.path() / "config.json") << R"({"rate_limits": {"per_sender_per_minute": 0}})";
  ServerProcess::Options options;
  options.extra_args = {"--config", (dir.path() / "config.json").string()};
  options.env = {{"LEVIER_WEBCHAT_MESSAGES_PER_MINUTE", "100000"}};

  std::mutex mutex;
  std::unique_ptr<ServerProcess> server;  // guarded by mutex
  std::string base_url;                  // guarded by mutex
  std::map<std::string, Acked> acked;    // message sid -> acknowledged reply, guarded by mutex
  // "<CallSid>/<step>" -> acknowledged step of a call, guarded by mutex
  std::map<std::string, AckedStep> acked_steps;
  {
    std::lock_guard lock(mutex);
    server = std::make_unique<ServerProcess>(dir.path() / "data", options);
    base_url = server->base_url();
  }

  std::atomic<bool> done{false};
  // Calls `send(base_url)` until it answers (returns true), the test is over,
  // or 50 attempts 20 ms apart: a killed server refuses connections until
  // its successor is up, and an unanswered request is sent again unchanged
  // (as Twilio retries a delivery; as a caller presses the key again).
  const auto until_answered = [&](const std::function<bool(const std::string&)>& send) {
    for (int attempt = 0; attempt < 50 && !done; ++attempt) {
      std::string url;
      {
        std::lock_guard lock(mutex);
        url = base_url;
      }
      try {
        if (send(url)) return true;
      } catch (const std::exception&) {
        // Connection refused or reset: the server is down.
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  constexpr int kClients = 4;
  std::map<std::string, std::pair<std::string, std::string>> acked_web;  // id -> (request, body)
  ClientThreads clients(done);  // declared last: joined before what they use goes
  for (int c = 0; c < kClients; ++c) {
    clients.Add([&, c] {
      int sender = 0;
      while (!done) {
        const std::string from = "+3367" + std::to_string(c) + std::to_string(100000 + sender++);
        for (std::size_t step = 0; step < kPath.size() && !done; ++step) {
          SmsRequest r;
          r.from = from;
          r.text = kPath[step];
          r.message_sid = "SM" + std::to_string(c) + "x" + std::to_string(sender) + "x" +
                          std::to_string(step) + std::string(20, '0');
          until_answered([&](const std::string& url) {
            SmsReply reply = SendSms(url, r);
            if (reply.status != 200) return false;
            std::lock_guard lock(mutex);
            acked[r.message_sid] = {from, r.text, reply.body};
            return true;
          });
        }
      }
    });
  }

  // One caller on the phone line: each step follows the last answer's <Gather>.
  clients.Add([&] {
    int call = 0;
    while (!done) {
      VoiceRequest r;
      r.call_sid = "CA" + std::to_string(100000 + call++) + std::string(26, '0');
      r.from = "+336990" + std::to_string(100000 + call);
      r.target = "/webhooks/twilio/voice?step=1";
      for (std::size_t step = 0; step <= kCallKeys.size() && !done; ++step) {
        r.digits = step == 0 ? "1" : kCallKeys[step - 1];
        const bool answered = until_answered([&](const std::string& url) {
          VoiceReply reply = SendVoice(url, r);
          if (reply.status != 200) return false;
          std::lock_guard lock(mutex);
          acked_steps[r.call_sid + "/" + std::to_string(step + 1)] = {r, reply.body};
          r.target = reply.gather_action;
          return true;
        });
        if (!answered || r.target.empty()) break;
      }
    }
  });

  // One resident on the web chat: its cookie chosen up front (as a browser
  // that already has one), so a first message whose answer is lost to a kill
  // keeps its address when it is sent again.
  clients.Add([&] {
    int resident = 0;
    while (!done) {
      const std::string cookie =
          "levier_chat=" + crypto::HexEncode(crypto::RandomBytes(kWebAddressBytes));
      ++resident;
      for (std::size_t step = 0; step < kPath.size() && !done; ++step) {
        // The page's ids are 16 to 64 letters, digits, '-' or '_'.
        const std::string id =
            "web-message-" + std::to_string(100000 + resident) + "-" + std::to_string(step);
        const std::string body =
            nlohmann::json{{"id", id}, {"text", kPath[step]}}.dump();
        const bool answered = until_answered([&](const std::string& url) {
          net::HttpResponse res;
          if (!PostWebChat(url, cookie, body, &res) || res.result_int() != 200) return false;
          std::lock_guard lock(mutex);
          acked_web[id] = {cookie + "\n" + body, res.body()};
          return true;
        });
        if (!answered) break;
      }
    }
  });

  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> pause_ms(50, 300);
  for (int round = 0; round < Rounds(); ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    std::lock_guard lock(mutex);
    server->Kill();
    server = std::make_unique<ServerProcess>(dir.path() / "data", options);
    base_url = server->base_url();
  }
  clients.StopAndJoin();

  std::lock_guard lock(mutex);
  ASSERT_GT(acked.size(), 20u);
  const std::string processed_before =
      QueryScalar(server->db_path(), "SELECT COUNT(*) FROM processed_messages");
  const std::string sessions_before = QueryScalar(server->db_path(), "SELECT group_concat(state, '|') FROM (SELECT state FROM sessions ORDER BY pseudonym)");
  for (const auto& [sid, ack] : acked) {
    SmsRequest replay;
    replay.from = ack.from;
    replay.text = ack.text;
    replay.message_sid = sid;
    SmsReply again = SendSms(server->base_url(), replay);
    ASSERT_EQ(again.status, 200) << sid;
    EXPECT_EQ(again.body, ack.body) << sid;
  }
  ASSERT_GT(acked_web.size(), 5u);
  for (const auto& [id, ack] : acked_web) {
    const std::size_t nl = ack.first.find('\n');
    net::HttpResponse again;
    ASSERT_TRUE(PostWebChat(server->base_url(), ack.first.substr(0, nl), ack.first.substr(nl + 1),
                            &again));
    ASSERT_EQ(again.result_int(), 200) << id;
    EXPECT_EQ(again.body(), ack.second) << id;
  }
  ASSERT_GT(acked_steps.size(), 5u);
  for (const auto& [id, ack] : acked_steps) {
    VoiceReply again = SendVoice(server->base_url(), ack.request);
    ASSERT_EQ(again.status, 200) << id;
    EXPECT_EQ(again.body, ack.body) << id;
  }
  EXPECT_EQ(QueryScalar(server->db_path(), "SELECT COUNT(*) FROM processed_messages"),
            processed_before);
  EXPECT_EQ(QueryScalar(server->db_path(), "SELECT group_concat(state, '|') FROM (SELECT state FROM sessions ORDER BY pseudonym)"),
            sessions_before);
  EXPECT_EQ(server->Stop(), 0);
  EXPECT_EQ(QueryScalar(server->db_path(), "PRAGMA integrity_check"), "ok");
  for (const auto& [sid, ack] : acked) {
    EXPECT_EQ(QueryScalar(server->db_path(),
                          "SELECT COUNT(*) FROM processed_messages WHERE message_id = '" + sid + "'"),
              "1");
  }
  for (const auto& [id, ack] : acked_steps) {
    EXPECT_EQ(QueryScalar(server->db_path(),
                          "SELECT COUNT(*) FROM processed_messages WHERE message_id = '" + id + "'"),
              "1");
  }
  for (const auto& [id, ack] : acked_web) {
    // The web chat keys a message by its page id under the resident's address.
    const std::string address =
        ack.first.substr(std::string("levier_chat=").size(), 2 * kWebAddressBytes);
    const std::string stored_id = channels::webchat::MessageIdFor(address, id);
    EXPECT_EQ(QueryScalar(server->db_path(),
                          "SELECT COUNT(*) FROM processed_messages WHERE message_id = '" +
                              stored_id + "'"),
              "1");
  }
  std::cout << "crash rounds: " << Rounds() << ", acknowledged messages: " << acked.size()
            << ", acknowledged call steps: " << acked_steps.size()
            << ", acknowledged web chat messages: " << acked_web.size() << "\n";
}

}  // namespace
}  // namespace levier::testing
