// Publishing a new dialog script while residents are mid-conversation:
// SIGHUP and --watch reload, sessions stay on the version they started with
// (also across a restart), and an invalid version is refused while the
// current one keeps serving.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

const std::string kOldQuestion = "Où habitez-vous ?";
const std::string kNewQuestion = "Dans quelle commune habitez-vous ?";

class ScriptVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dialogs_ = dir_.path() / "dialogs";
    std::filesystem::copy(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", dialogs_,
                          std::filesystem::copy_options::recursive);
    std::filesystem::create_directories(dir_.path() / "data");
  }

  // Rewrites a text of the French file in the copy.
  void ReplaceInFrench(const std::string& from, const std::string& to) {
    const auto path = dialogs_ / "lang" / "fr.json";
    std::string text = ReadFile(path);
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
    std::ofstream(path, std::ios::trunc) << text;
  }

  SmsReply Say(ServerProcess& server, const std::string& from, const std::string& text) {
    SmsRequest r;
    r.from = from;
    r.text = text;
    return SendSms(server.base_url(), r);
  }


  TempDir dir_;
  std::filesystem::path dialogs_;
};

TEST_F(ScriptVersionsTest, SighupPublishesNewVersionAndPinnedSessionsFinishOnTheirs) {
  ServerProcess::Options options;
  options.dialogs_dir = dialogs_.string();
  auto server = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  Say(*server, "+33600000001", "Bonjour");  // pinned to the first version

  ReplaceInFrench(kOldQuestion, kNewQuestion);
  server->Signal(SIGHUP);
  ASSERT_TRUE(server->WaitForLog("event=script_published"));

  EXPECT_NE(AllText(Say(*server, "+33600000001", "4")).find(kOldQuestion), std::string::npos);
  Say(*server, "+33600000002", "Bonjour");
  EXPECT_NE(AllText(Say(*server, "+33600000002", "4")).find(kNewQuestion), std::string::npos);

  // After a restart on the new files, the first participant's version is
  // found in the database: still the old question text.
  server.reset();
  server = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  EXPECT_NE(AllText(Say(*server, "+33600000001", "MENU")).find("1 Logement"), std::string::npos);
  EXPECT_NE(AllText(Say(*server, "+33600000001", "4")).find(kOldQuestion), std::string::npos);
  EXPECT_EQ(QueryScalar(server->db_path(), "SELECT COUNT(*) FROM script_versions"), "2");
}

TEST_F(ScriptVersionsTest, InvalidNewVersionIsRefusedAndCurrentKeepsServing) {
  ServerProcess::Options options;
  options.dialogs_dir = dialogs_.string();
  ServerProcess server(dir_.path() / "data", options);
  // A transition to a node that does not exist.
  std::string flow = ReadFile(dialogs_ / "flow.json");
  const auto pos = flow.find("\"next\": \"ask_barrier\"");
  ASSERT_NE(pos, std::string::npos);
  flow.replace(pos, std::string("\"next\": \"ask_barrier\"").size(), "\"next\": \"ask_barier\"");
  std::ofstream(dialogs_ / "flow.json", std::ios::trunc) << flow;
  server.Signal(SIGHUP);
  ASSERT_TRUE(server.WaitForLog("event=script_reload_refused"));
  EXPECT_NE(ReadFile(server.log_path()).find("ask_barier"), std::string::npos);
  SmsReply r = Say(server, "+33600000003", "Bonjour");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(AllText(r).find("1 Logement"), std::string::npos);
}

TEST_F(ScriptVersionsTest, WatchReloadsWhenAFileChanges) {
  ServerProcess::Options options;
  options.dialogs_dir = dialogs_.string();
  options.extra_args = {"--watch"};
  ServerProcess server(dir_.path() / "data", options);
  // Make sure the modification time moves past the server's first look.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ReplaceInFrench(kOldQuestion, kNewQuestion);
  ASSERT_TRUE(server.WaitForLog("event=script_published")) << ReadFile(server.log_path());
  Say(server, "+33600000004", "Bonjour");
  EXPECT_NE(AllText(Say(server, "+33600000004", "4")).find(kNewQuestion), std::string::npos);
}

}  // namespace
}  // namespace levier::testing
