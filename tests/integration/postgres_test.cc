// The real server on PostgreSQL (--db postgresql://...): one instance, and
// two instances sharing one database, driven over HTTP as Twilio would.
// deploy/test.sh starts the PostgreSQL server (tests/postgres/pg-server.sh)
// and names it in LEVIER_TEST_POSTGRES; each test gets a database of its own.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "client_threads.h"
#include "fake_twilio_api.h"
#include "server_process.h"
#include "twilio_client.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

// The same keys for every instance, as docs/deployment.md asks.
const std::map<std::string, std::string> kSharedKeys = {
    {"LEVIER_SECRET", "8d3f0a6c1e2b4d5f7a9c0e1b3d5f7a9c8d3f0a6c1e2b4d5f7a9c0e1b3d5f7a9c"},
    {"LEVIER_OUTBOX_KEY", "1b3d5f7a9c0e8d3f0a6c1e2b4d5f7a9c1b3d5f7a9c0e8d3f0a6c1e2b4d5f7a9c"},
};

std::string ServerUri() {
  const char* uri = std::getenv("LEVIER_TEST_POSTGRES");
  return uri != nullptr ? uri : "";
}

// `uri` (postgresql://...[/db][?params]) naming database `name` instead.
std::string WithDatabase(const std::string& uri, const std::string& name) {
  const std::size_t authority = uri.find("://") + 3;
  const std::size_t query = uri.find('?', authority);
  const std::size_t path = uri.find('/', authority);
  const std::size_t end = query == std::string::npos ? uri.size() : query;
  const std::size_t start = path == std::string::npos || path > end ? end : path;
  return uri.substr(0, start) + "/" + name + uri.substr(end);
}

// One connection, for the test's own queries.
class Connection {
 public:
  explicit Connection(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw std::runtime_error(std::string("PostgreSQL: ") + PQerrorMessage(conn_));
    }
  }
  ~Connection() { PQfinish(conn_); }
  // The first column of the first row, as text ("" when no row).
  std::string Scalar(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    std::string value;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) value = PQgetvalue(result, 0, 0);
    const std::string error = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      throw std::runtime_error("PostgreSQL: " + sql + ": " + error);
    }
    return value;
  }

 private:
  PGconn* conn_;
};

// A database of its own on the test server, dropped with the object.
class Database {
 public:
  Database() {
    static std::atomic<int> next{0};
    name_ = "levier_it_" + std::to_string(::getpid()) + "_" + std::to_string(next++);
    Connection(ServerUri()).Scalar("CREATE DATABASE " + name_);
    uri_ = WithDatabase(ServerUri(), name_);
  }
  ~Database() {
    try {
      Connection(ServerUri()).Scalar("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The server goes away with the test run anyway.
    }
  }
  const std::string& uri() const { return uri_; }
  std::string Scalar(const std::string& sql) const { return Connection(uri_).Scalar(sql); }

 private:
  std::string name_;
  std::string uri_;
};

class PostgresServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (ServerUri().empty()) {
      GTEST_SKIP() << "LEVIER_TEST_POSTGRES is not set (deploy/test.sh starts a server)";
    }
    db_ = std::make_unique<Database>();
  }

  // An instance on the test's database, with the shared keys (and `config`,
  // a JSON file, when given; `env` added to the keys).
  std::unique_ptr<ServerProcess> Start(const TempDir& dir, const std::filesystem::path& config = {},
                                       const std::map<std::string, std::string>& env = {}) {
    ServerProcess::Options options;
    options.db = db_->uri();
    options.env = kSharedKeys;
    options.env.insert(env.begin(), env.end());
    if (!config.empty()) options.extra_args = {"--config", config.string()};
    return std::make_unique<ServerProcess>(dir.path(), options);
  }

  static SmsReply Say(const ServerProcess& server, const std::string& text,
                      const std::string& from, const std::string& sid = "") {
    SmsRequest request;
    request.from = from;
    request.text = text;
    request.message_sid = sid;
    return SendSms(server.base_url(), request);
  }

  std::unique_ptr<Database> db_;
};

TEST_F(PostgresServerTest, AConversationIsStoredAndARedeliveryGetsTheStoredReply) {
  TempDir dir;
  auto server = Start(dir);
  const std::string from = "+33611000001";
  EXPECT_NE(AllText(Say(*server, "Bonjour", from)).find("4 Transport"), std::string::npos);
  EXPECT_NE(AllText(Say(*server, "4", from)).find("1 Tours"), std::string::npos);
  const std::string sid = "SM" + std::string(32, 'a');
  SmsReply providers = Say(*server, "1", from, sid);
  ASSERT_EQ(providers.status, 200);
  EXPECT_NE(AllText(providers).find("Wimoov"), std::string::npos) << AllText(providers);
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals WHERE barrier = 'mobilite' AND "
                        "commune = 'Tours' AND channel = 'sms'"),
            "3");

  SmsReply again = Say(*server, "1", from, sid);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.messages, providers.messages);
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals"), "3");
  // Pseudonyms only: the number is nowhere in the database.
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM sessions WHERE state LIKE '%611000001%' OR "
                        "pseudonym LIKE '%611000001%'"),
            "0");
  EXPECT_EQ(server->Stop(), 0);
}

TEST_F(PostgresServerTest, TwoInstancesCarryOneConversationAndStepAMessageOnce) {
  TempDir dir_a;
  TempDir dir_b;
  auto a = Start(dir_a);
  auto b = Start(dir_b);
  // One participant's messages alternate between the instances: each
  // continues where the other left off.
  const std::string from = "+33611000002";
  EXPECT_NE(AllText(Say(*a, "Bonjour", from)).find("4 Transport"), std::string::npos);
  EXPECT_NE(AllText(Say(*b, "4", from)).find("1 Tours"), std::string::npos);
  EXPECT_NE(AllText(Say(*a, "1", from)).find("Wimoov"), std::string::npos);
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals"), "3");

  // The same message delivered to both at once (a platform retrying on
  // another instance) is stepped once, and both answer with its reply.
  const std::string other = "+33611000003";
  for (int round = 0; round < 5; ++round) {
    const std::string sid = "SM" + std::string(31, 'b') + std::to_string(round);
    auto on_a = std::async(std::launch::async, [&] { return Say(*a, "Bonjour", other, sid); });
    auto on_b = std::async(std::launch::async, [&] { return Say(*b, "Bonjour", other, sid); });
    SmsReply reply_a = on_a.get();
    SmsReply reply_b = on_b.get();
    ASSERT_EQ(reply_a.status, 200) << reply_a.body;
    ASSERT_EQ(reply_b.status, 200) << reply_b.body;
    EXPECT_EQ(reply_a.messages, reply_b.messages);
    EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM processed_messages WHERE message_id = '" + sid + "'"),
              "1");
  }
  EXPECT_EQ(a->Stop(), 0);
  EXPECT_EQ(b->Stop(), 0);
}

TEST_F(PostgresServerTest, APublishedScriptReachesEveryInstanceAtOnce) {
  TempDir dir_a;
  TempDir dir_b;
  auto a = Start(dir_a);
  auto b = Start(dir_b);
  TempDir content;
  const auto dialogs = content.path() / "dialogs";
  std::filesystem::copy(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", dialogs,
                        std::filesystem::copy_options::recursive);
  const auto french = dialogs / "lang" / "fr.json";
  std::string text = ReadFile(french);
  const std::string old_question = "Où habitez-vous ?";
  const std::string new_question = "Dans quelle commune habitez-vous ?";
  ASSERT_NE(text.find(old_question), std::string::npos);
  text.replace(text.find(old_question), old_question.size(), new_question);
  std::ofstream(french, std::ios::trunc) << text;

  CommandResult imported =
      RunLevier({"dialogs", "import", dialogs.string(), "--db", db_->uri(), "--kb",
                 std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto published = std::chrono::steady_clock::now();
  // Told by PostgreSQL (LISTEN/NOTIFY), not found by the 30-second poll.
  ASSERT_TRUE(a->WaitForLog("event=script_published")) << a->LogTail();
  ASSERT_TRUE(b->WaitForLog("event=script_published")) << b->LogTail();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - published);
  std::cout << "both instances serve the new version " << took.count() << " ms after it was published\n";
  EXPECT_LT(took.count(), 5000);
  const std::string from = "+33611000004";
  Say(*a, "Bonjour", from);
  EXPECT_NE(AllText(Say(*b, "4", from)).find(new_question), std::string::npos);
}

TEST_F(PostgresServerTest, AnSqliteInstallationMovesToPostgresqlAndCarriesOn) {
  TempDir sqlite_dir;
  const std::string done = "+33611000005";
  const std::string midway = "+33611000006";
  {
    ServerProcess::Options options;
    options.env = kSharedKeys;  // the installation's keys, given again to PostgreSQL's instances
    ServerProcess sqlite(sqlite_dir.path(), options);
    for (const char* text : {"Bonjour", "4", "1"}) Say(sqlite, text, done);
    Say(sqlite, "Bonjour", midway);
    EXPECT_NE(AllText(Say(sqlite, "4", midway)).find("1 Tours"), std::string::npos);
    ASSERT_EQ(sqlite.Stop(), 0);
  }
  const std::string file = (sqlite_dir.path() / "levier.db").string();
  CommandResult migrated = RunLevier({"db", "migrate", "--from", "sqlite:" + file, "--to", db_->uri()});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("counts and checksums match"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("referrals"), std::string::npos) << migrated.out;
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals"), "3");
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM sessions"), "2");

  // The resident left midway carries on with PostgreSQL's instance: same
  // pseudonym, same session; new referrals take ids after the copied ones.
  TempDir pg_dir;
  auto server = Start(pg_dir);
  EXPECT_NE(AllText(Say(*server, "1", midway)).find("Wimoov"), std::string::npos)
      << server->LogTail();
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals"), "6");
  EXPECT_EQ(server->Stop(), 0);

  // A database that already holds data is never merged into.
  CommandResult again = RunLevier({"db", "migrate", "--from", "sqlite:" + file, "--to", db_->uri()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already holds Levier data"), std::string::npos) << again.err;
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM referrals"), "6");
}

// Wrong guesses are counted across instances, for an account and for an
// e-mail no account has alike: five spread over both instances (three on one,
// two on the other, each under the limit of five a minute on its own), then
// either instance refuses the sixth, even the right password, with the same
// answer. Were the stranger's guesses counted per instance, a sixth guess
// sent to the other one would tell who has an account (401 against 429).
TEST_F(PostgresServerTest, SignInGuessesAreLimitedAcrossInstancesWhetherTheAccountExistsOrNot) {
  CommandResult created = RunLevier({"user", "create", "--email", "target@example.org", "--role",
                                     "coordinator", "--org", "Org", "--password-stdin", "--db",
                                     db_->uri()},
                                    {}, "the target's passphrase\n");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  TempDir dir_a;
  TempDir dir_b;
  auto a = Start(dir_a);
  auto b = Start(dir_b);
  for (const std::string email : {"target@example.org", "nobody@example.org"}) {
    SCOPED_TRACE(email);
    for (int i = 0; i < 5; ++i) {
      Browser attacker(i % 2 == 0 ? *a : *b);
      EXPECT_EQ(attacker.Login(email, "guess " + std::to_string(i)).status, 401);
    }
    for (ServerProcess* server : {a.get(), b.get()}) {
      Browser browser(*server);
      Answer answer = browser.Login(email, "the target's passphrase");
      EXPECT_EQ(answer.status, 429);
      // One token back every 12 s (five a minute): the longest to wait.
      EXPECT_EQ(answer.raw[net::http::field::retry_after], "12");
    }
  }
  // One allowance per e-mail, whether it has an account or not, under a
  // keyed hash: what the stranger typed is not kept.
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM allowances WHERE key LIKE '%nobody%' OR "
                        "key LIKE '%target%'"),
            "0");
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM allowances WHERE key LIKE 'sign-in:%'"), "2");
}

TEST_F(PostgresServerTest, ASendersAllowanceIsSharedByTheInstances) {
  TempDir config_dir;
  const std::filesystem::path config = config_dir.path() / "levier.json";
  std::ofstream(config) << R"({"rate_limits": {"per_sender_per_minute": 4}})";
  TempDir dir_a;
  TempDir dir_b;
  auto a = Start(dir_a, config);
  auto b = Start(dir_b, config);
  // Eight new messages of one resident, alternately to each instance: four
  // are read (two on each), the next four acknowledged with no reply and
  // not stored, although each instance saw only four.
  const std::string from = "+33611000020";
  std::vector<std::size_t> replies;
  for (int i = 0; i < 8; ++i) {
    SmsReply reply = Say(i % 2 == 0 ? *a : *b, "Bonjour", from,
                         "SM" + std::string(31, 'c') + std::to_string(i));
    ASSERT_EQ(reply.status, 200) << reply.body;
    replies.push_back(reply.messages.size());
  }
  for (int i = 0; i < 4; ++i) EXPECT_GT(replies[i], 0u) << "message " << i;
  for (int i = 4; i < 8; ++i) EXPECT_EQ(replies[i], 0u) << "message " << i;
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM processed_messages"), "4");
  // Another resident has an allowance of their own.
  EXPECT_GT(Say(*b, "Bonjour", "+33611000021").messages.size(), 0u);
  EXPECT_EQ(a->Stop(), 0);
  EXPECT_EQ(b->Stop(), 0);
}

TEST_F(PostgresServerTest, TwoOutboxWorkersSendEachFollowupOnce) {
  FakeTwilioApi api;
  TempDir config_dir;
  const std::filesystem::path config = config_dir.path() / "levier.json";
  std::ofstream(config) << R"({"followup": {"delay_s": 0, "timezone": "UTC", )"
                        << R"("window_start": "00:00", "window_end": "24:00", "per_minute": 0},)"
                        << R"( "twilio": {"api_base_url": ")" << api.base_url()
                        << R"(", "from": "+33700000000"}})";
  const std::map<std::string, std::string> account = {{"LEVIER_TWILIO_ACCOUNT_SID", kAccountSid}};
  TempDir dir_a;
  TempDir dir_b;
  auto a = Start(dir_a, config, account);
  auto b = Start(dir_b, config, account);
  // Residents consent on either instance; each follow-up is due at once,
  // and both instances' dispatchers look for due rows every second: the
  // whole path with two workers (claim, lease, send, record). Two claims of
  // one row at the same instant are rarely produced this way: that race is
  // TwoInstancesTest.AnOutboxRowIsClaimedByOneInstanceOnly's (tests/store).
  constexpr int kResidents = 8;
  for (int i = 0; i < kResidents; ++i) {
    ServerProcess& server = i % 2 == 0 ? *a : *b;
    const std::string from = "+3361100010" + std::to_string(i);
    for (const char* text : {"Bonjour", "4", "1"}) ASSERT_EQ(Say(server, text, from).status, 200);
    ASSERT_EQ(Say(server, "1", from).status, 200);  // yes, write to me in two weeks
  }
  ASSERT_TRUE(WaitUntil([&] { return api.sent().size() >= kResidents; }, 30))
      << api.sent().size() << " sent\n" << a->LogTail() << b->LogTail();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // several more polls of both
  std::set<std::string> recipients;
  for (const ReceivedMessage& message : api.sent()) recipients.insert(message.to);
  EXPECT_EQ(api.sent().size(), static_cast<std::size_t>(kResidents)) << "a follow-up went twice";
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kResidents));
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'followup' AND status = 'sent' "
                        "AND attempts = 1"),
            std::to_string(kResidents));
}

TEST_F(PostgresServerTest, KillingOneInstanceUnderLoadLosesNoAcknowledgedMessage) {
  // Residents' messages go to one instance or the other (as nginx spreads
  // them) while one instance is killed with SIGKILL and restarted, again
  // and again; a message whose instance is down goes to the other one, as
  // nginx retries a refused connection. Afterwards each acknowledged
  // message was stepped once: replayed, it gets its reply and changes nothing.
  TempDir config_dir;
  const auto config = config_dir.path() / "levier.json";
  std::ofstream(config) << R"({"rate_limits": {"per_sender_per_minute": 0}})";
  auto start = [&](const TempDir& dir) { return Start(dir, config); };
  TempDir dir_a;
  TempDir dir_b;
  std::mutex mutex;
  std::unique_ptr<ServerProcess> killed = start(dir_a);  // guarded by mutex
  const std::unique_ptr<ServerProcess> steady = start(dir_b);
  std::string killed_url = killed->base_url();  // guarded by mutex
  struct Acked {
    std::string from, text, body;
  };
  std::map<std::string, Acked> acked;  // message sid -> acknowledged reply, guarded by mutex
  std::atomic<bool> done{false};
  const std::vector<std::string> path = {"Bonjour", "4", "1", "2", "2"};
  ClientThreads clients(done);
  for (int c = 0; c < 3; ++c) {
    clients.Add([&, c] {
      for (int resident = 0; !done; ++resident) {
        const std::string from = "+3366" + std::to_string(c) + std::to_string(100000 + resident);
        for (std::size_t step = 0; step < path.size() && !done; ++step) {
          SmsRequest request;
          request.from = from;
          request.text = path[step];
          request.message_sid = "SM" + std::to_string(c) + "r" + std::to_string(resident) + "s" +
                                std::to_string(step) + std::string(24, '0');
          for (int attempt = 0; !done; ++attempt) {
            std::string url = steady->base_url();
            if ((step + static_cast<std::size_t>(attempt)) % 2 == 0) {
              std::lock_guard lock(mutex);
              url = killed_url;
            }
            SmsReply reply;
            try {
              reply = SendSms(url, request);
            } catch (const std::exception&) {
              continue;  // refused or reset: that instance is down, try the other
            }
            if (reply.status != 200) continue;
            std::lock_guard lock(mutex);
            acked[request.message_sid] = {from, request.text, reply.body};
            break;
          }
        }
      }
    });
  }
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> pause_ms(100, 400);
  for (int round = 0; round < 8; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    std::lock_guard lock(mutex);
    killed->Kill();
    killed = start(dir_a);
    killed_url = killed->base_url();
  }
  clients.StopAndJoin();

  std::lock_guard lock(mutex);
  ASSERT_GT(acked.size(), 20u);
  const std::string processed = db_->Scalar("SELECT COUNT(*) FROM processed_messages");
  const std::string sessions =
      db_->Scalar("SELECT md5(string_agg(state, '|' ORDER BY pseudonym)) FROM sessions");
  for (const auto& [sid, ack] : acked) {
    SmsRequest replay;
    replay.from = ack.from;
    replay.text = ack.text;
    replay.message_sid = sid;
    for (ServerProcess* server : {killed.get(), steady.get()}) {
      SmsReply again = SendSms(server->base_url(), replay);
      ASSERT_EQ(again.status, 200) << sid;
      EXPECT_EQ(again.body, ack.body) << sid;
    }
  }
  std::string sids;
  for (const auto& [sid, ack] : acked) sids += (sids.empty() ? "'" : ",'") + sid + "'";
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM processed_messages WHERE message_id IN (" + sids + ")"),
            std::to_string(acked.size()));
  EXPECT_EQ(db_->Scalar("SELECT COUNT(*) FROM processed_messages"), processed);
  EXPECT_EQ(db_->Scalar("SELECT md5(string_agg(state, '|' ORDER BY pseudonym)) FROM sessions"),
            sessions);
  std::cout << "kills: 8, acknowledged messages: " << acked.size() << "\n";
}

TEST_F(PostgresServerTest, AnInstanceWithoutTheSharedKeysRefusesToStart) {
  CommandResult result = RunLevier({"serve", "--listen", "127.0.0.1:0", "--db", db_->uri()},
                                   {{"LEVIER_TWILIO_AUTH_TOKEN", ServerProcess::kAuthToken}});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("LEVIER_SECRET"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("levier secret generate"), std::string::npos) << result.err;
}

TEST_F(PostgresServerTest, AnUnreachableDatabaseIsAClearErrorWithoutThePassword) {
  CommandResult result = RunLevier(
      {"serve", "--listen", "127.0.0.1:0", "--db",
       "postgresql://levier:hunter2secret@127.0.0.1:1/levier?connect_timeout=2"},
      kSharedKeys);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("PostgreSQL"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("hunter2secret"), std::string::npos) << result.err;
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::testing
