// The database across its life, on the real binary: `levier backup` while
// serving and `levier restore`, the upgrade of a database made by the first
// schema version, and the refusal of a database newer than the binary.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "levier/bot/pseudonym.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

int Referrals(const std::filesystem::path& db) {
  CommandResult report = RunLevier(
      {"report", "--db", db.string(), "--kb", LEVIER_SOURCE_DIR "/knowledge-base/data", "--json"});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  return nlohmann::json::parse(report.out, nullptr, false).value("referrals", -1);
}

SmsRequest Message(const std::string& from, const std::string& text, const std::string& sid) {
  SmsRequest r;
  r.from = from;
  r.text = text;
  r.message_sid = sid;
  return r;
}

// Transport, Tours: three referrals.
std::vector<SmsRequest> Conversation(const std::string& from, char sid_digit) {
  std::vector<SmsRequest> messages;
  int n = 0;
  for (const char* text : {"Bonjour", "4", "1"}) {
    messages.push_back(
        Message(from, text, "SM" + std::string(31, sid_digit) + std::to_string(n++)));
  }
  return messages;
}

TEST(DatabaseLifecycleTest, BackupWhileServingThenRestoreRoundTrips) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  const auto backup = dir.path() / "backup.db";
  const std::vector<SmsRequest> before = Conversation("+33671000001", '1');
  const std::vector<SmsRequest> after = Conversation("+33671000002", '2');
  std::vector<SmsReply> replies_before;
  {
    ServerProcess server(dir.path() / "data");
    for (const SmsRequest& m : before) replies_before.push_back(SendSms(server.base_url(), m));
    ASSERT_EQ(replies_before.back().status, 200);

    const mode_t old_umask = ::umask(022);  // what a shell usually has
    CommandResult r = RunLevier({"backup", "--db", server.db_path().string(), backup.string()});
    ::umask(old_umask);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    struct stat st {};
    ASSERT_EQ(::stat(backup.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "a backup holds every session";
    // A second backup to the same file is refused, the first untouched.
    CommandResult again = RunLevier({"backup", "--db", server.db_path().string(), backup.string()});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;

    for (const SmsRequest& m : after) ASSERT_EQ(SendSms(server.base_url(), m).status, 200);
    EXPECT_EQ(Referrals(server.db_path()), 6);
  }
  const auto db = dir.path() / "data" / "levier.db";
  CommandResult restored = RunLevier({"restore", "--db", db.string(), backup.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(Referrals(db), 3);
  EXPECT_EQ(QueryScalar(db, "PRAGMA integrity_check"), "ok");

  ServerProcess server(dir.path() / "data");
  // What the backup held is still known: a redelivery gets the stored reply...
  SmsReply redelivered = SendSms(server.base_url(), before[2]);
  EXPECT_EQ(redelivered.body, replies_before[2].body);
  // ...and what came after it is gone: that message is new again.
  EXPECT_EQ(QueryScalar(db, "SELECT COUNT(*) FROM processed_messages WHERE message_id = '" +
                                after[0].message_sid + "'"),
            "0");
}

TEST(DatabaseLifecycleTest, DatabaseOfTheFirstSchemaVersionIsUpgradedWithItsData) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  const auto db = dir.path() / "data" / "levier.db";
  ExecSql(db,
          ReadFile(std::string(LEVIER_SOURCE_DIR) + "/tests/integration/fixtures/schema_v1.sql"));
  ASSERT_EQ(QueryScalar(db, "PRAGMA user_version"), "1");
  // The stored message made the sender's (an id is its sender's own) and
  // recent (older replies are blanked past the redelivery window).
  constexpr const char* kSecret = "5b8d2fa1c6e04937b1d8a2c4e6f80913579bdf02468ace13579bdf02468ace1f";
  const std::string sender = "+33671000003";
  ExecSql(db, "UPDATE processed_messages SET pseudonym = '" +
                  bot::Pseudonymize(kSecret, "sms", sender) +
                  "', created_at = CAST(strftime('%s', 'now') AS INTEGER)");
  ServerProcess::Options options;
  options.env = {{"LEVIER_SECRET", kSecret}};

  // The version a new database gets, whatever the count of migrations.
  std::string current;
  {
    std::filesystem::create_directories(dir.path() / "fresh");
    ServerProcess fresh(dir.path() / "fresh");
    current = QueryScalar(fresh.db_path(), "PRAGMA user_version");
  }
  ServerProcess server(dir.path() / "data", options);
  EXPECT_EQ(QueryScalar(db, "PRAGMA user_version"), current);
  EXPECT_EQ(QueryScalar(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Referrals(db), 2);
  // The message id stored by schema 1 still dedupes, with its stored reply.
  SmsReply redelivered =
      SendSms(server.base_url(), Message(sender, "Bonjour", "SM" + std::string(32, '1')));
  EXPECT_EQ(redelivered.status, 200);
  EXPECT_EQ(AllText(redelivered), "reply stored by schema 1\n");
  // And the upgraded database serves new residents.
  SmsReply fresh = SendSms(server.base_url(), Message("+33671000004", "Bonjour", ""));
  EXPECT_NE(AllText(fresh).find("1 Logement"), std::string::npos) << fresh.body;
  EXPECT_EQ(QueryScalar(db, "SELECT COUNT(*) FROM sessions"), "1");
}

TEST(DatabaseLifecycleTest, DatabaseNewerThanTheBinaryIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  const auto db = dir.path() / "data" / "levier.db";
  {
    ServerProcess server(dir.path() / "data");  // the current schema
  }
  ExecSql(db, "PRAGMA user_version = 99");
  std::string said;
  try {
    ServerProcess server(dir.path() / "data");
    ADD_FAILURE() << "levier serve started on a newer database";
  } catch (const std::runtime_error& e) {
    said = e.what();
  }
  EXPECT_NE(said.find("database schema version 99 is newer than this program ("), std::string::npos)
      << said;
  EXPECT_NE(said.find("): upgrade Levier"), std::string::npos) << said;
  EXPECT_EQ(QueryScalar(db, "PRAGMA user_version"), "99");  // left as it was
}

}  // namespace
}  // namespace levier::testing
