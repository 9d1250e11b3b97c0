// Storage faults against the real server: a full disk, a read-only file
// system, an I/O error, a database locked by another process. Each must give
// 503 (the platform retries), never a crash, never a half-written state, and
// service must come back by itself once the fault clears.
#include <sqlite3.h>
#include <gtest/gtest.h>

#include <fstream>

#include "levier/net/http_client.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

int Healthz(const ServerProcess& server) {
  net::HttpRequest req{net::http::verb::get, "/healthz", 11};
  Result<net::HttpResponse> res =
      net::SendHttpRequest(server.base_url() + "/healthz", std::move(req),
                               std::chrono::seconds(10));
  return res.ok() ? static_cast<int>(res->result_int()) : -1;
}

class InjectedFaultTest : public ::testing::TestWithParam<const char*> {};

TEST_P(InjectedFaultTest, WriteFaultGives503ThenRecovers) {
  TempDir dir;
  const auto control = dir.path() / "fault";
  std::filesystem::create_directories(dir.path() / "data");
  ServerProcess::Options options;
  options.env = {{"LD_PRELOAD", LEVIER_FAULT_SHIM},
                 {"LEVIER_FAULT_FILE", control.string()},
                 {"ASAN_OPTIONS", "verify_asan_link_order=0"}};
  ServerProcess server(dir.path() / "data", options);

  SmsRequest hello;
  hello.text = "Bonjour";
  ASSERT_EQ(SendSms(server.base_url(), hello).status, 200);

  std::ofstream(control) << GetParam();
  SmsRequest during;
  during.from = "+33622222222";
  during.text = "Bonjour";
  during.message_sid = "SM" + std::string(32, 'f');
  SmsReply refused = SendSms(server.base_url(), during);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(Healthz(server), 200);  // reads still served

  std::filesystem::remove(control);
  // Twilio retries the same message: now it goes through, exactly once.
  SmsReply retried = SendSms(server.base_url(), during);
  EXPECT_EQ(retried.status, 200);
  EXPECT_NE(AllText(retried).find("1 Logement"), std::string::npos);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(QueryScalar(server.db_path(), "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryScalar(server.db_path(),
                        "SELECT COUNT(*) FROM processed_messages WHERE message_id = '" +
                            during.message_sid + "'"),
            "1");
  EXPECT_EQ(QueryScalar(server.db_path(), "SELECT COUNT(*) FROM sessions"), "2");
}

INSTANTIATE_TEST_SUITE_P(Faults, InjectedFaultTest,
                         ::testing::Values("ENOSPC", "EROFS", "EIO"));

TEST(PageLimitTest, DatabaseAtItsSizeCapGives503AndStaysConsistent) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  // A first start stores the published script version (with its classifier
  // models) and the provider directory; the cap leaves room for a few
  // hundred participants beyond that, whatever the size of the shipped content.
  int seeded_pages = 0;
  {
    ServerProcess seeding(dir.path() / "data");
    ASSERT_EQ(seeding.Stop(), 0);
    seeded_pages = std::stoi(QueryScalar(seeding.db_path(), "PRAGMA page_count"));
  }
  std::ofstream(dir.path() / "config.json")
      << R"({"store": {"max_page_count": )" << seeded_pages + 40
      << R"(}, "rate_limits": {"per_sender_per_minute": 0}})";
  ServerProcess::Options options;
  options.extra_args = {"--config", (dir.path() / "config.json").string()};
  ServerProcess server(dir.path() / "data", options);
  int last_status = 200;
  int accepted = 0;
  for (int i = 0; i < 2000 && last_status == 200; ++i) {
    SmsRequest r;
    r.from = "+3369" + std::to_string(1000000 + i);
    r.text = "Bonjour";
    last_status = SendSms(server.base_url(), r).status;
    if (last_status == 200) ++accepted;
  }
  EXPECT_EQ(last_status, 503);
  EXPECT_GT(accepted, 10);
  EXPECT_EQ(Healthz(server), 200);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(QueryScalar(server.db_path(), "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryScalar(server.db_path(), "SELECT COUNT(*) FROM processed_messages"),
            std::to_string(accepted));
}

TEST(LockedDatabaseTest, WriterLockedByAnotherProcessGives503AfterBusyTimeout) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  std::ofstream(dir.path() / "config.json") << R"({"store": {"busy_timeout_ms": 200}})";
  ServerProcess::Options options;
  options.extra_args = {"--config", (dir.path() / "config.json").string()};
  ServerProcess server(dir.path() / "data", options);
  SmsRequest first;
  first.text = "Bonjour";
  ASSERT_EQ(SendSms(server.base_url(), first).status, 200);

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(server.db_path().c_str(), &other), SQLITE_OK);
  // The server may be committing something of its own at this instant (the
  // first message's follow-up bookkeeping, a retention pass): wait for it
  // rather than fail, as any second writer would. A clean-clone CI run of
  // bb8ee1f failed here with SQLITE_BUSY.
  ASSERT_EQ(sqlite3_busy_timeout(other, 5000), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  SmsRequest blocked;
  blocked.from = "+33633333333";
  blocked.text = "Bonjour";
  blocked.message_sid = "SM" + std::string(32, 'b');
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(SendSms(server.base_url(), blocked).status, 503);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
  EXPECT_EQ(Healthz(server), 200);  // the reader connection is not blocked in WAL mode

  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_EQ(SendSms(server.base_url(), blocked).status, 200);
}

}  // namespace
}  // namespace levier::testing
