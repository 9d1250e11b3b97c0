// The workspace's providers over HTTP against the real `levier serve`: the
// directory in service with its watch; "verified" stamps the date and the
// account and takes the entry off the watch; "retired" keeps the entry but
// never shows it; a change made on an old version, one the directory's
// rules refuse, or one asked by a professional is refused and changes
// nothing; every change is a stored version that survives the server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "levier/util/time_util.h"
#include "server_process.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace fs = std::filesystem;
using nlohmann::json;

json Entry(const std::string& id, bool verified, const std::string& confidence,
           const std::string& phone) {
  return {{"id", id},
          {"name", "Structure " + id},
          {"summary", {{"fr", "Aide pour " + id}}},
          {"barriers", {"mobilite"}},
          {"communes", json::array()},
          {"address", ""},
          {"phone", phone},
          {"website", ""},
          {"email", ""},
          {"source", "https://example.org/" + id},
          {"source_date", "2025"},
          {"confidence", confidence},
          {"verified", verified},
          {"notes", ""}};
}

json Find(const json& providers, const std::string& id) {
  for (const json& p : providers) {
    if (p["id"] == id) return p;
  }
  return json();
}

bool Lists(const json& list, const std::string& id) {
  for (const json& item : list) {
    if (item["id"] == id) return true;
  }
  return false;
}

// A directory of three providers in `dir`/kb, and a coordinator and a
// professional of the same organisation.
fs::path MakeDirectoryAndAccounts(const fs::path& dir) {
  const fs::path kb = dir / "kb";
  fs::create_directories(kb);
  fs::copy_file(fs::path(LEVIER_SOURCE_DIR) / "knowledge-base/data/neighbourhoods.json",
                kb / "neighbourhoods.json");
  std::ofstream(kb / "providers.json")
      << json{{"format", "levier-kb/2"},
              {"providers", {Entry("a-verifier", false, "moyenne", "02 47 00 00 00"),
                             Entry("sans-contact", false, "basse", ""),
                             Entry("en-service", true, "haute", "02 47 11 11 11")}}}
             .dump(2);
  for (const auto& [email, role] : {std::pair{"coord@example.org", "coordinator"},
                                    std::pair{"pro@example.org", "professional"}}) {
    CommandResult r = RunLevier({"user", "create", "--email", email, "--role", role, "--org",
                                 "Ville de Tours", "--password-stdin", "--db",
                                 (dir / "levier.db").string()},
                                {}, std::string("a long passphrase for ") + role + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  return kb;
}

TEST(ProvidersApiTest, VerifyAndRetireAreStampedStoredAndRefusedWhenTheyShouldBe) {
  TempDir dir;
  const fs::path kb = MakeDirectoryAndAccounts(dir.path());
  ServerProcess::Options options;
  options.kb_dir = kb.string();
  ServerProcess server(dir.path(), options);
  Browser coordinator(server);
  ASSERT_EQ(coordinator.Login("coord@example.org", "a long passphrase for coordinator").status, 200);
  const std::string today = FormatIso8601(NowUnixSeconds()).substr(0, 10);

  Answer listed = coordinator.Get("/workspace/api/providers");
  ASSERT_EQ(listed.status, 200) << listed.body.dump();
  const std::int64_t first = listed.body["version"];
  EXPECT_TRUE(Lists(listed.body["watch"]["unverified"], "a-verifier")) << listed.body["watch"];

  // "Verified": stamped with the day and the account, off the watch.
  Answer verified =
      coordinator.Post("/workspace/api/providers/verify", {{"version", first}, {"id", "a-verifier"}});
  ASSERT_EQ(verified.status, 200) << verified.body.dump();
  const std::int64_t second = verified.body["version"];
  EXPECT_GT(second, first);
  listed = coordinator.Get("/workspace/api/providers");
  EXPECT_EQ(listed.body["version"], second);
  const json entry = Find(listed.body["providers"], "a-verifier");
  EXPECT_EQ(entry["verified"], true);
  EXPECT_EQ(entry["last_verified"], today);
  EXPECT_EQ(entry["verified_by"], "coord@example.org");
  EXPECT_FALSE(Lists(listed.body["watch"]["unverified"], "a-verifier")) << listed.body["watch"];

  // A page still showing the first version is told, and changes nothing.
  Answer stale =
      coordinator.Post("/workspace/api/providers/retire", {{"version", first}, {"id", "en-service"}});
  EXPECT_EQ(stale.status, 409) << stale.body.dump();
  EXPECT_EQ(stale.body["code"], "directory_changed");
  EXPECT_EQ(stale.body["version"], second);
  // The directory's rules: no verified entry without a contact or with low confidence.
  Answer refused = coordinator.Post("/workspace/api/providers/verify",
                                    {{"version", second}, {"id", "sans-contact"}});
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_NE(refused.body["detail"].get<std::string>().find("sans-contact"), std::string::npos)
      << refused.body.dump();
  EXPECT_EQ(coordinator.Post("/workspace/api/providers/verify",
                             {{"version", second}, {"id", "inconnue"}})
                .status,
            404);
  EXPECT_EQ(coordinator.Get("/workspace/api/providers").body["version"], second);

  // "Retired": kept, never verified, off the watch.
  Answer retired = coordinator.Post("/workspace/api/providers/retire",
                                    {{"version", second}, {"id", "en-service"}});
  ASSERT_EQ(retired.status, 200) << retired.body.dump();
  EXPECT_EQ(retired.body["provider"]["retired"], today);
  EXPECT_EQ(retired.body["provider"]["verified"], false);

  // A professional cannot reach the directory's page, reading or writing.
  Browser professional(server);
  ASSERT_EQ(professional.Login("pro@example.org", "a long passphrase for professional").status, 200);
  EXPECT_EQ(professional.Get("/workspace/api/providers").status, 403);
  EXPECT_EQ(professional
                .Post("/workspace/api/providers/retire",
                      {{"version", retired.body["version"]}, {"id", "a-verifier"}})
                .status,
            403);

  // Publishing the files now would undo the coordinator's work: refused,
  // saying how to bring it into the files first; nothing changes.
  const std::vector<std::string> publish = {"kb", "publish", "--kb", kb.string(), "--db",
                                            (dir.path() / "levier.db").string()};
  CommandResult undo = RunLevier(publish);
  EXPECT_EQ(undo.exit_code, 1);
  EXPECT_NE(undo.err.find("saved in the workspace by coord@example.org"), std::string::npos)
      << undo.err;
  EXPECT_NE(undo.err.find("levier kb export --from-store"), std::string::npos) << undo.err;
  EXPECT_EQ(coordinator.Get("/workspace/api/providers").body["version"], retired.body["version"]);

  // Stored: the directory in the database carries both changes after the server stops.
  ASSERT_EQ(server.Stop(), 0);
  const fs::path out = dir.path() / "exported";
  CommandResult exported = RunLevier({"kb", "export", "--from-store", "--format", "levier", "--out",
                                      out.string(), "--db", (dir.path() / "levier.db").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(out / "providers.json");
  const json stored = json::parse(in);
  EXPECT_EQ(Find(stored["providers"], "a-verifier")["verified_by"], "coord@example.org");
  EXPECT_EQ(Find(stored["providers"], "en-service")["retired"], today);
  // Replacing it anyway takes a deliberate --force.
  std::vector<std::string> forced = publish;
  forced.push_back("--force");
  CommandResult replaced = RunLevier(forced);
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(replaced.out.find("published directory version"), std::string::npos) << replaced.out;
}

}  // namespace
}  // namespace levier::testing
