// The `levier` subcommands as a user runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <sstream>

#include "levier/kb/knowledge_base.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

std::vector<std::string> Content() {
  return {"--dialogs", std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", "--kb",
          std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"};
}

std::vector<std::string> With(std::vector<std::string> args) {
  for (auto& a : Content()) args.push_back(a);
  return args;
}

TEST(CliTest, CheckPassesOnShippedContent) {
  CommandResult r = RunLevier(With({"check"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok: script"), std::string::npos);
}

// A newcomer's first start (deploy/start.sh runs `levier check`) is clean.
TEST(CliTest, CheckOnTheShippedContentPrintsNoWarning) {
  CommandResult r = RunLevier(With({"check"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

TEST(CliTest, CheckFailsNamingMissingDirectory) {
  CommandResult r = RunLevier({"check", "--dialogs", "/nonexistent/dialogs", "--kb",
                               std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nonexistent/dialogs"), std::string::npos) << r.err;
}

TEST(CliTest, ServeRefusesToStartWithBrokenKnowledgeBase) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "kb");
  { std::ofstream(dir.path() / "kb" / "providers.json") << "{\"format\": \"levier-kb/1\", \"providers\": [}"; }
  { std::ofstream(dir.path() / "kb" / "neighbourhoods.json") << "{\"format\": \"levier-kb/1\", \"neighbourhoods\": []}"; }
  CommandResult r = RunLevier({"serve", "--listen", "127.0.0.1:0", "--db",
                               (dir.path() / "levier.db").string(), "--dialogs",
                               std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", "--kb",
                               (dir.path() / "kb").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("providers.json"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "levier.db"));
}

TEST(CliTest, ServeRefusesBadListenAddressAndUnknownConfigKey) {
  TempDir dir;
  CommandResult bad_listen = RunLevier(With({"serve", "--listen", "localhost", "--db",
                                             (dir.path() / "levier.db").string()}));
  EXPECT_EQ(bad_listen.exit_code, 2);
  EXPECT_NE(bad_listen.err.find("HOST:PORT"), std::string::npos) << bad_listen.err;

  { std::ofstream(dir.path() / "config.json") << R"({"listn": "127.0.0.1:1"})"; }
  CommandResult bad_key = RunLevier(With({"serve", "--config", (dir.path() / "config.json").string()}));
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_NE(bad_key.err.find("unknown setting \"listn\""), std::string::npos) << bad_key.err;
}

// The platform's API gets the account's token and residents' numbers: plain
// HTTP is allowed only to a loopback address, where the tests fake it.
TEST(CliTest, ServeRefusesAPlainHttpPlatformUrlOutsideLoopback) {
  TempDir dir;
  const auto config_with = [&](const std::string& url) {
    const std::filesystem::path config = dir.path() / "config.json";
    std::ofstream(config) << R"({"twilio": {"api_base_url": ")" << url << R"("}})";
    return config.string();
  };
  // Through ServerProcess, so a server that starts anyway fails the test
  // instead of leaving it waiting.
  ServerProcess::Options refused;
  refused.extra_args = {"--config", config_with("http://api.twilio.com")};
  try {
    ServerProcess server(dir.path(), refused);
    ADD_FAILURE() << "levier serve started with a plain http:// platform URL";
  } catch (const std::runtime_error& e) {
    const std::string log = e.what();
    EXPECT_NE(log.find("twilio.api_base_url"), std::string::npos) << log;
    EXPECT_NE(log.find("https://"), std::string::npos) << log;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "levier.db"));

  // Loopback (the tests' fake platform) and https:// start.
  for (const std::string url : {"http://127.0.0.1:9", "https://api.twilio.com"}) {
    TempDir serve_dir;
    ServerProcess::Options options;
    options.extra_args = {"--config", config_with(url)};
    ServerProcess server(serve_dir.path(), options);
    EXPECT_EQ(server.Stop(), 0) << url;
  }
}

TEST(CliTest, SimulateJsonReportsLanguageNodeBarriersAndReferrals) {
  CommandResult r = RunLevier(With({"simulate", "--json"}), {}, "Bonjour\n4\n1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["in"], "Bonjour");
  EXPECT_EQ(lines[0]["lang"], "fr");
  EXPECT_EQ(lines[1]["barriers"], nlohmann::json::array({"mobilite"}));
  EXPECT_EQ(lines[1]["referrals"].size(), 0u);  // the commune question comes first
  EXPECT_EQ(lines[2]["referrals"].size(), 3u);
  for (const auto& ref : lines[2]["referrals"]) EXPECT_EQ(ref["barrier"], "mobilite");
  EXPECT_EQ(lines[2]["ended"], false);
  for (const auto& l : lines) {
    for (const char* key :
         {"in", "replies", "choices", "lang", "node", "barriers", "referrals", "ended"}) {
      EXPECT_TRUE(l.contains(key)) << key;
    }
  }
}

// --json carries each reply's choices as a channel with buttons shows them:
// the barrier question's choices, numbered in "replies" as SMS sends them.
TEST(CliTest, SimulateJsonCarriesTheStructuredChoices) {
  CommandResult r = RunLevier(With({"simulate", "--json"}), {}, "Bonjour\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json line = nlohmann::json::parse(r.out);
  ASSERT_EQ(line["replies"].size(), 2u);
  ASSERT_EQ(line["choices"].size(), 2u);  // one list per reply
  EXPECT_TRUE(line["choices"][0].empty());  // the greeting offers none
  const nlohmann::json& offered = line["choices"][1];
  ASSERT_GE(offered.size(), 2u);
  const std::string question = line["replies"][1];
  for (std::size_t i = 0; i < offered.size(); ++i) {
    EXPECT_FALSE(offered[i]["id"].get<std::string>().empty());
    const std::string label = offered[i]["label"];
    EXPECT_NE(question.find(std::to_string(i + 1) + " " + label), std::string::npos) << label;
  }
}

TEST(CliTest, SimulateLangFlagStartsInThatLanguage) {
  CommandResult r = RunLevier(With({"simulate", "--json", "--lang", "en"}), {}, "1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["lang"], "en");
}

TEST(CliTest, SendTalksToServerAndReportCountsReferrals) {
  TempDir dir;
  ServerProcess server(dir.path());
  const std::map<std::string, std::string> env = {
      {"LEVIER_TWILIO_AUTH_TOKEN", ServerProcess::kAuthToken},
      {"LEVIER_PUBLIC_URL", ServerProcess::kPublicUrl}};
  for (const char* text : {"Bonjour", "4", "1", "2"}) {
    CommandResult r = RunLevier({"send", "--url", server.base_url(), "--from", "+33611112222",
                                 text}, env);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(r.out.empty());
  }
  const std::string kb_dir = std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data";
  CommandResult report =
      RunLevier({"report", "--db", server.db_path().string(), "--kb", kb_dir, "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  nlohmann::json j = nlohmann::json::parse(report.out);
  EXPECT_EQ(j["referrals"], 3);
  EXPECT_EQ(j["participants"], 1);
  EXPECT_EQ(j["by_barrier"]["mobilite"], 3);
  // Each provider is named as in the knowledge base, never "".
  Result<kb::KnowledgeBase> kb = kb::KnowledgeBase::LoadFromDirectory(kb_dir);
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  ASSERT_EQ(j["providers"].size(), 3u) << report.out;
  for (const auto& p : j["providers"]) {
    const kb::Provider* known = kb->FindProvider(p["provider_id"].get<std::string>());
    ASSERT_NE(known, nullptr) << p;
    EXPECT_EQ(p["name"], known->name) << p;
    EXPECT_NE(p["name"], "") << p;
  }
}

TEST(CliTest, ReportRefusesAKnowledgeBaseItCannotRead) {
  TempDir dir;
  ServerProcess server(dir.path());
  CommandResult r = RunLevier(
      {"report", "--db", server.db_path().string(), "--kb", "/nonexistent/kb", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--kb"), std::string::npos) << r.err;
}

TEST(CliTest, SendWithWrongTokenIsRefused) {
  TempDir dir;
  ServerProcess server(dir.path());
  CommandResult r = RunLevier({"send", "--url", server.base_url(), "Bonjour"},
                              {{"LEVIER_TWILIO_AUTH_TOKEN", "wrong-token-xxxxxxxxxxxxxxxxxxxxxx"},
                               {"LEVIER_PUBLIC_URL", ServerProcess::kPublicUrl}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("HTTP 403"), std::string::npos) << r.err;
}

TEST(CliTest, ReportRefusesMissingDatabase) {
  CommandResult r = RunLevier({"report", "--db", "/nonexistent/levier.db", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace levier::testing
