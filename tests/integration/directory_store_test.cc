// The provider directory lives in the database (bot/app/directory_store.h):
// the files seed a first start, then change nothing until published with
// `levier kb publish` (SIGHUP, which reloads the dialogs, leaves the
// directory alone); a running server picks up a version published by
// another process, and broken files never replace a good one.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "api_client.h"
#include "server_process.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ServedDirectoryTest : public ::testing::Test {
 protected:
  ServedDirectoryTest() {
    fs::copy(fs::path(LEVIER_SOURCE_DIR) / "knowledge-base" / "data", kb_dir());
    options_.kb_dir = kb_dir().string();
  }
  fs::path kb_dir() const { return dir_.path() / "kb"; }

  // Un-verifies France Travail in the files (it then leaves the coverage).
  void UnverifyFranceTravailInTheFiles() {
    json providers = json::parse(Slurp(kb_dir() / "providers.json"));
    bool found = false;
    for (json& p : providers["providers"]) {
      if (p["id"] == "france-travail") {
        p["verified"] = false;
        found = true;
      }
    }
    ASSERT_TRUE(found);
    std::ofstream(kb_dir() / "providers.json") << providers.dump(2) << "\n";
  }
  std::string Coverage(const ServerProcess& server, const std::string& token) {
    net::HttpResponse r = ApiGet(server, "/api/v1/coverage", "Bearer " + token);
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return r.body();
  }
  CommandResult Publish(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"kb", "publish", "--kb", kb_dir().string(), "--db",
                                     (dir_.path() / "levier.db").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunLevier(args);
  }

  TempDir dir_;
  ServerProcess::Options options_;
};

TEST_F(ServedDirectoryTest, FilesSeedTheFirstStartThenChangeNothingUntilPublished) {
  std::string seeded_coverage;
  {
    ServerProcess server(dir_.path(), options_);
    ASSERT_TRUE(server.WaitForLog("event=directory_seeded version=1"));
    seeded_coverage = Coverage(server, CreateToken(server.db_path(), "coordinator"));
  }
  UnverifyFranceTravailInTheFiles();
  ServerProcess server(dir_.path(), options_);
  // The store's version serves, and the log says how to publish the files.
  ASSERT_TRUE(server.WaitForLog("event=kb_directory_not_published"));
  const std::string token = CreateToken(server.db_path(), "coordinator");
  EXPECT_EQ(Coverage(server, token), seeded_coverage);

  // Published by another process: the running server uses it within seconds.
  CommandResult published = Publish({"-m", "France Travail à revérifier"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(published.out.find("published directory version 2"), std::string::npos)
      << published.out;
  ASSERT_TRUE(server.WaitForLog("event=directory_published version=2"));
  EXPECT_NE(Coverage(server, token), seeded_coverage);

  // Publishing the same files again changes nothing.
  CommandResult again = Publish();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("unchanged"), std::string::npos) << again.out;
}

TEST_F(ServedDirectoryTest, BrokenFilesNeverReplaceTheDirectoryAndSighupLeavesItAlone) {
  ServerProcess server(dir_.path(), options_);
  ASSERT_TRUE(server.WaitForLog("event=directory_seeded"));
  const std::string token = CreateToken(server.db_path(), "coordinator");
  const std::string seeded_coverage = Coverage(server, token);

  // Broken files: refused by `kb publish`, naming the file; nothing changes.
  std::ofstream(kb_dir() / "providers.json") << R"({"format": "levier-kb/2", "providers": [})";
  CommandResult refused = Publish();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("providers.json"), std::string::npos) << refused.err;
  EXPECT_EQ(Coverage(server, token), seeded_coverage);

  // SIGHUP reloads the dialogs only: changed files are not published.
  fs::remove(kb_dir() / "providers.json");
  fs::copy_file(fs::path(LEVIER_SOURCE_DIR) / "knowledge-base/data/providers.json",
                kb_dir() / "providers.json");
  UnverifyFranceTravailInTheFiles();
  server.Signal(SIGHUP);
  ASSERT_TRUE(server.WaitForLog("event=script_reload_requested"));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // past the store follower's 2 s
  EXPECT_EQ(Coverage(server, token), seeded_coverage);
  // The same files published explicitly: in service (the positive control).
  ASSERT_EQ(Publish().exit_code, 0);
  ASSERT_TRUE(server.WaitForLog("event=directory_published version=2"));
  EXPECT_NE(Coverage(server, token), seeded_coverage);
}

TEST_F(ServedDirectoryTest, ExportFromTheStoreGivesBackTheFilesByteForByte) {
  {
    ServerProcess server(dir_.path(), options_);
    ASSERT_TRUE(server.WaitForLog("event=directory_seeded"));
  }
  const fs::path out = dir_.path() / "exported";
  CommandResult exported = RunLevier({"kb", "export", "--from-store", "--format", "levier", "--out",
                                      out.string(), "--db", (dir_.path() / "levier.db").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  for (const char* name : {"providers.json", "neighbourhoods.json"}) {
    EXPECT_EQ(Slurp(out / name), Slurp(kb_dir() / name)) << name;
  }
}

}  // namespace
}  // namespace levier::testing
