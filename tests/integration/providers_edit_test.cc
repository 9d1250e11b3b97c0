// The workspace's edit form and file import over HTTP against the real
// `levier serve`: an edit is validated as `levier kb check` loads the file
// and a refusal names the field; a new provider starts unverified; an
// import shows what it would add, change and retire and changes nothing
// until applied, at the version it was previewed on; a file with one bad
// line changes nothing and the refusal names the line; the import route
// alone takes bodies past the server's usual bound.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "levier/util/time_util.h"
#include "server_process.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace fs = std::filesystem;
using nlohmann::json;

json Entry(const std::string& id, bool verified, const std::string& phone) {
  return {{"id", id},          {"name", "Structure " + id},
          {"summary", {{"fr", "Aide pour " + id}}},
          {"barriers", {"mobilite"}},
          {"phone", phone},    {"source", "https://example.org/" + id},
          {"source_date", "2025"}, {"confidence", "haute"},
          {"verified", verified}};
}

json Find(const json& providers, const std::string& id) {
  for (const json& p : providers) {
    if (p["id"] == id) return p;
  }
  return json();
}

std::vector<std::string> Ids(const json& list) {
  std::vector<std::string> ids;
  for (const json& item : list) ids.push_back(item["id"]);
  return ids;
}

class ProvidersEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path kb = dir_.path() / "kb";
    fs::create_directories(kb);
    fs::copy_file(fs::path(LEVIER_SOURCE_DIR) / "knowledge-base/data/neighbourhoods.json",
                  kb / "neighbourhoods.json");
    std::ofstream(kb / "providers.json")
        << json{{"format", "levier-kb/2"},
                {"providers", {Entry("garage", false, "02 47 00 00 00"),
                               Entry("auto-ecole", true, "02 47 11 11 11")}}}
               .dump(2);
    CommandResult r = RunLevier({"user", "create", "--email", "coord@example.org", "--role",
                                 "coordinator", "--org", "Ville de Tours", "--password-stdin",
                                 "--db", (dir_.path() / "levier.db").string()},
                                {}, "a long passphrase here\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ServerProcess::Options options;
    options.kb_dir = kb.string();
    server_.emplace(dir_.path(), options);
    coordinator_.emplace(*server_);
    ASSERT_EQ(coordinator_->Login("coord@example.org", "a long passphrase here").status, 200);
  }

  std::int64_t Version() { return coordinator_->Get("/workspace/api/providers").body["version"]; }
  json Providers() { return coordinator_->Get("/workspace/api/providers").body["providers"]; }

  TempDir dir_;
  std::optional<ServerProcess> server_;
  std::optional<Browser> coordinator_;
  const std::string today_ = FormatIso8601(NowUnixSeconds()).substr(0, 10);
};

TEST_F(ProvidersEditTest, AnEditIsValidatedWholeAndANewProviderStartsUnverified) {
  Browser& c = *coordinator_;
  const std::int64_t first = Version();
  const std::string save = "/workspace/api/providers/save";

  Answer edited = c.Post(save, {{"version", first},
                                {"provider", {{"id", "auto-ecole"}, {"phone", "02 47 99 99 99"}}}});
  ASSERT_EQ(edited.status, 200) << edited.body.dump();
  EXPECT_EQ(edited.body["provider"]["phone"], "02 47 99 99 99");
  EXPECT_EQ(edited.body["provider"]["updated"], today_);
  EXPECT_EQ(edited.body["provider"]["verified"], true) << "an edit keeps the verification";
  const std::int64_t second = edited.body["version"];
  EXPECT_GT(second, first);

  // Refusals change nothing: a field the loader refuses (named), a field the
  // form does not own, a stale version.
  Answer bad = c.Post(save, {{"version", second},
                             {"provider", {{"id", "garage"}, {"phone", "le matin seulement"}}}});
  EXPECT_EQ(bad.status, 422) << bad.body.dump();
  EXPECT_EQ(bad.body["code"], "provider_refused");
  EXPECT_NE(bad.body["detail"].get<std::string>().find("\"phone\""), std::string::npos)
      << bad.body.dump();
  Answer not_form = c.Post(save, {{"version", second},
                                  {"provider", {{"id", "garage"}, {"verified", true}}}});
  EXPECT_EQ(not_form.status, 400) << not_form.body.dump();
  EXPECT_EQ(not_form.body["field"], "verified");
  EXPECT_EQ(c.Post(save, {{"version", first}, {"provider", {{"id", "garage"}, {"phone", "02"}}}})
                .status,
            409);
  EXPECT_EQ(Version(), second);
  EXPECT_EQ(Find(Providers(), "garage")["phone"], "02 47 00 00 00");

  json fresh = Entry("velo-solidaire", true, "02 47 22 22 22");
  fresh.erase("verified");
  Answer added = c.Post(save, {{"version", second}, {"provider", fresh}, {"new", true}});
  ASSERT_EQ(added.status, 200) << added.body.dump();
  EXPECT_EQ(added.body["provider"]["verified"], false);
  EXPECT_EQ(Find(Providers(), "velo-solidaire")["name"], "Structure velo-solidaire");
  Answer twice = c.Post(save, {{"version", added.body["version"]}, {"provider", fresh}, {"new", true}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.body["code"], "provider_exists");
}

TEST_F(ProvidersEditTest, AnImportIsPreviewedThenAppliedAndABadLineChangesNothing) {
  Browser& c = *coordinator_;
  const std::int64_t first = Version();
  const std::string import = "/workspace/api/providers/import";
  const std::string header =
      "identifiant;nom;resume_fr;freins;telephone;source;date_source;confiance;verifiee\n";
  // auto-ecole as the directory holds it but for its name; garage left out.
  const std::string file = header +
                           "auto-ecole;Auto-école sociale;Aide pour auto-ecole;mobilite;"
                           "02 47 11 11 11;https://example.org/auto-ecole;2025;haute;oui\n"
                           "nouvelle;Nouvelle;Aide;logement;02 47 33 33 33;https://example.org/n;"
                           "2026;moyenne;non\n";
  json body = {{"version", first}, {"format", "csv"}, {"csv", file}, {"retire_missing", true}};

  Answer preview = c.Post(import, body);
  ASSERT_EQ(preview.status, 200) << preview.body.dump();
  EXPECT_EQ(Ids(preview.body["added"]), std::vector<std::string>{"nouvelle"});
  EXPECT_EQ(Ids(preview.body["changed"]), std::vector<std::string>{"auto-ecole"});
  EXPECT_EQ(preview.body["changed"][0]["fields"], json::array({"name"}));
  EXPECT_EQ(Ids(preview.body["retired"]), std::vector<std::string>{"garage"});
  EXPECT_EQ(preview.body["applied"], false);
  EXPECT_EQ(Version(), first) << "a preview saves nothing";

  // One bad line: refused, the line named, nothing changed.
  json broken = body;
  broken["csv"] = file + "cassee;Cassée;Aide;logement;pas un numéro;https://example.org/c;2026;haute;non\n";
  broken["file_name"] = "annuaire.csv";
  broken["apply"] = true;
  Answer refused = c.Post(import, broken);
  EXPECT_EQ(refused.status, 422) << refused.body.dump();
  EXPECT_EQ(refused.body["code"], "import_refused");
  EXPECT_NE(refused.body["detail"].get<std::string>().find("annuaire.csv: line 4"),
            std::string::npos)
      << refused.body.dump();
  EXPECT_EQ(Version(), first);

  body["apply"] = true;
  Answer applied = c.Post(import, body);
  ASSERT_EQ(applied.status, 200) << applied.body.dump();
  EXPECT_EQ(applied.body["applied"], true);
  EXPECT_GT(applied.body["version"].get<std::int64_t>(), first);
  const json now = Providers();
  EXPECT_EQ(Find(now, "garage")["retired"], today_) << "retired, never deleted";
  EXPECT_EQ(Find(now, "nouvelle")["verified"], false);
  EXPECT_EQ(Find(now, "auto-ecole")["name"], "Auto-école sociale");
  // Applying the same preview again, on the version it was made on: refused.
  EXPECT_EQ(c.Post(import, body).status, 409);

  // The directory as a spreadsheet, imported back whole: nothing to change.
  Answer download = c.Get("/workspace/api/providers.csv");
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.raw[net::http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_NE(download.raw[net::http::field::content_disposition].find("attachment"),
            std::string::npos);
  Answer round_trip = c.Post(import, {{"version", Version()}, {"format", "csv"},
                                      {"csv", download.raw.body()}, {"retire_missing", true}});
  ASSERT_EQ(round_trip.status, 200) << round_trip.body.dump();
  EXPECT_EQ(round_trip.body["added"].size() + round_trip.body["changed"].size() +
                round_trip.body["retired"].size(),
            0u)
      << round_trip.body.dump();
  EXPECT_EQ(round_trip.body["unchanged"], 3);
}

TEST_F(ProvidersEditTest, OnlyTheImportTakesALargeBodyAndEvenItHasABound) {
  Browser& c = *coordinator_;
  const std::string large(200 * 1024, 'x');
  // Past the server's 64 KiB bound, read by the import route: the file's
  // content is what is refused (a notes cell far over its limit).
  Answer read = c.Post("/workspace/api/providers/import",
                       {{"version", Version()}, {"format", "csv"},
                        {"csv", "identifiant;nom;notes\nx;X;" + large + "\n"}});
  EXPECT_EQ(read.status, 422) << read.body.dump();
  EXPECT_EQ(c.Post("/workspace/api/providers/save",
                   {{"version", Version()}, {"provider", {{"id", "garage"}, {"notes", large}}}})
                .status,
            413);
  EXPECT_EQ(c.Post("/workspace/api/providers/import",
                   {{"version", Version()}, {"format", "csv"},
                    {"csv", std::string(2 * 1024 * 1024, 'x')}})
                .status,
            413);
  // The larger body is no way around the guards: no session, no CSRF token, or
  // a professional's session are refused as on every change.
  const json small = {{"version", Version()}, {"format", "csv"}, {"csv", "identifiant\n"}};
  Browser stranger(*server_);
  EXPECT_EQ(stranger.Post("/workspace/api/providers/import", small).status, 401);
  EXPECT_EQ(c.Send(net::http::verb::post, "/workspace/api/providers/import", small.dump(), false)
                .status,
            403);
  CommandResult pro = RunLevier({"user", "create", "--email", "pro@example.org", "--role",
                                 "professional", "--org", "Mission Locale", "--password-stdin",
                                 "--db", (dir_.path() / "levier.db").string()},
                                {}, "a long passphrase here\n");
  ASSERT_EQ(pro.exit_code, 0) << pro.err;
  Browser professional(*server_);
  ASSERT_EQ(professional.Login("pro@example.org", "a long passphrase here").status, 200);
  EXPECT_EQ(professional.Post("/workspace/api/providers/import", small).status, 403);
  EXPECT_EQ(professional
                .Post("/workspace/api/providers/save",
                      {{"version", Version()}, {"provider", {{"id", "garage"}, {"phone", "02"}}}})
                .status,
            403);
  EXPECT_EQ(professional.Get("/workspace/api/providers.csv").status, 403);
}

}  // namespace
}  // namespace levier::testing
