// The workspace's dialog editor over HTTP against the real `levier serve`:
// a coordinator's edits go to a shared draft (residents see nothing until
// it is published), every edit is checked, a broken link blocks publishing,
// two editors never overwrite each other silently, publishing and rolling
// back change what new SMS conversations get, conversation tests run
// against the draft and are recorded from a preview, professionals are
// refused at the API, and `levier dialogs import/export` keep the file
// format.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "server_process.h"
#include "twilio_client.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

using nlohmann::json;
constexpr const char* kCoordinatorPassword = "a long coordinator passphrase";
constexpr const char* kOtherPassword = "another coordinator passphrase";
constexpr const char* kProfessionalPassword = "a long professional passphrase";
const std::string kNewFrenchGreeting =
    "Bonjour, ici Levier, le service de la Métropole. Envoyez STOP pour finir.";
const std::string kNewArabicGreeting = "مرحبا، هنا Levier، خدمة المدينة. أرسل STOP للتوقف.";

class ScriptEditorTest : public ::testing::Test {
 protected:
  // The accounts and their signed-in sessions are made once: each password
  // hash costs 64 MiB and a tenth of a second, much more under the
  // sanitizers. Every test starts its own server on a copy of that
  // database, so each has its own script and draft, and the sessions (rows
  // of the database) are valid there too.
  static void SetUpTestSuite() {
    accounts_ = new TempDir();
    CreateUser("coord@example.org", "coordinator", kCoordinatorPassword);
    CreateUser("other@example.org", "coordinator", kOtherPassword);
    CreateUser("pro@example.org", "professional", kProfessionalPassword);
    ServerProcess server(accounts_->path());
    for (const auto& [email, password] :
         {std::pair{"coord@example.org", kCoordinatorPassword},
          std::pair{"other@example.org", kOtherPassword},
          std::pair{"pro@example.org", kProfessionalPassword}}) {
      Browser browser(server);
      Answer login = browser.Login(email, password);
      ASSERT_EQ(login.status, 200) << login.body.dump();
      (*sessions_)[email] = {browser.cookie(), browser.csrf()};
    }
    ASSERT_EQ(server.Stop(), 0);
  }
  static void TearDownTestSuite() { delete accounts_; }
  static void CreateUser(const std::string& email, const std::string& role,
                         const std::string& password) {
    CommandResult r = RunLevier(
        {"user", "create", "--email", email, "--role", role, "--org", "Ville de Tours",
         "--password-stdin", "--db", (accounts_->path() / "levier.db").string()},
        {}, password + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void SetUp() override {
    for (const auto& entry : std::filesystem::directory_iterator(accounts_->path())) {
      if (entry.path().filename().string().rfind("levier.db", 0) == 0) {
        std::filesystem::copy_file(entry.path(), dir_.path() / entry.path().filename());
      }
    }
    server_ = std::make_unique<ServerProcess>(dir_.path());
  }

  std::string DbPath() const { return (dir_.path() / "levier.db").string(); }

  // A browser of this test's server, signed in as `email`.
  Browser SignedIn(const std::string& email) {
    Browser browser(*server_);
    browser.cookie() = (*sessions_)[email].first;
    browser.csrf() = (*sessions_)[email].second;
    return browser;
  }

  // The replies of a new SMS conversation's first message.
  std::string FirstReply(const std::string& from) {
    SmsRequest r;
    r.from = from;
    r.text = "Bonjour";
    return AllText(SendSms(server_->base_url(), r));
  }
  std::string Reply(const std::string& from, const std::string& text) {
    SmsRequest r;
    r.from = from;
    r.text = text;
    return AllText(SendSms(server_->base_url(), r));
  }

  // The body of an edit of one text.
  static json TextEdit(int revision, const std::string& lang, const std::string& key,
                       const std::string& value) {
    return {{"revision", revision}, {"op", "text"}, {"lang", lang}, {"key", key}, {"value", value}};
  }

  static int Errors(const json& findings) {
    int errors = 0;
    for (const json& f : findings) errors += f["severity"] == "error";
    return errors;
  }

  static TempDir* accounts_;
  // e-mail -> (session cookie, CSRF token)
  static inline auto* sessions_ = new std::map<std::string, std::pair<std::string, std::string>>();
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};
TempDir* ScriptEditorTest::accounts_ = nullptr;

// The conversation tests and `levier dialogs import/export`: a suite of its
// own, so ctest runs it beside the other (each suite is one ctest test).
class ScriptEditorFilesTest : public ScriptEditorTest {};

TEST_F(ScriptEditorTest, EditsWaitInTheDraftUntilPublishedThenNewConversationsGetThem) {
  Browser coordinator = SignedIn("coord@example.org");
  Answer script = coordinator.Get("/workspace/api/script");
  ASSERT_EQ(script.status, 200) << script.body.dump();
  EXPECT_EQ(script.body["revision"], 0);
  EXPECT_TRUE(script.body["draft"].is_null());
  EXPECT_EQ(Errors(script.body["findings"]), 0) << script.body["findings"].dump();
  EXPECT_EQ(script.body["languages"].size(), 7u);
  EXPECT_EQ(script.body["languages"][2]["direction"], "rtl");
  const std::string old_greeting = script.body["texts"]["fr"]["greeting"];

  Answer fr = coordinator.Post("/workspace/api/script/edit",
                               TextEdit(0, "fr", "greeting", kNewFrenchGreeting));
  ASSERT_EQ(fr.status, 200) << fr.body.dump();
  EXPECT_EQ(fr.body["revision"], 1);
  Answer ar = coordinator.Post("/workspace/api/script/edit",
                               TextEdit(1, "ar", "greeting", kNewArabicGreeting));
  ASSERT_EQ(ar.status, 200) << ar.body.dump();

  // The draft keeps the two files it changed, not the script's 3 MB of models.
  EXPECT_LT(std::stoi(QueryScalar(server_->db_path(), "SELECT length(files) FROM script_draft")),
            100 * 1024);
  // Residents see nothing of the draft.
  EXPECT_NE(FirstReply("+33600000101").find(old_greeting.substr(0, 40)), std::string::npos);

  Answer changes = coordinator.Get("/workspace/api/script/changes");
  ASSERT_EQ(changes.status, 200);
  ASSERT_EQ(changes.body["changes"].size(), 2u) << changes.body.dump();
  EXPECT_EQ(changes.body["changes"][0]["key"], "greeting");
  EXPECT_EQ(changes.body["changes"][0]["after"], kNewArabicGreeting);  // files in name order
  EXPECT_EQ(changes.body["changes"][1]["before"], old_greeting);

  Answer unexplained = coordinator.Post("/workspace/api/script/publish", {{"revision", 2}});
  EXPECT_EQ(unexplained.status, 400);
  EXPECT_EQ(unexplained.body["field"], "message");
  Answer published = coordinator.Post("/workspace/api/script/publish",
                                      {{"revision", 2}, {"message", "Un accueil plus court"}});
  ASSERT_EQ(published.status, 200) << published.body.dump();

  EXPECT_NE(FirstReply("+33600000102").find(kNewFrenchGreeting), std::string::npos);
  // The resident who started before carries on where they were.
  EXPECT_NE(Reply("+33600000101", "4").find("habitez"), std::string::npos);

  Answer versions = coordinator.Get("/workspace/api/script/versions");
  ASSERT_EQ(versions.body["versions"].size(), 2u);
  EXPECT_EQ(versions.body["versions"][0]["published_by"], "coord@example.org");
  EXPECT_EQ(versions.body["versions"][0]["message"], "Un accueil plus court");
  EXPECT_EQ(versions.body["versions"][0]["current"], true);
  EXPECT_EQ(Answer(coordinator.Get("/workspace/api/script")).body["draft"], json());
  EXPECT_EQ(QueryScalar(server_->db_path(),
                        "SELECT COUNT(*) FROM audit_log WHERE account = 'coord@example.org' AND "
                        "detail LIKE 'script published: version %: Un accueil plus court'"),
            "1");

  // Survives a restart: the database, not the shipped files, says what is current.
  server_.reset();
  server_ = std::make_unique<ServerProcess>(dir_.path());
  EXPECT_NE(FirstReply("+33600000103").find(kNewFrenchGreeting), std::string::npos);
}

TEST_F(ScriptEditorTest, ABrokenLinkIsReportedAtOnceAndBlocksPublishingUntilFixed) {
  Browser coordinator = SignedIn("coord@example.org");
  json choices = json::array();
  for (const char* barrier : {"logement", "langue", "handicap", "mobilite", "numerique", "sante",
                              "garde-enfants", "estime-de-soi", "rapport-emploi"}) {
    choices.push_back({{"barrier", barrier}});
  }
  choices.push_back({{"label", "choice_other"}, {"keywords", "kw_other"}, {"next", "autre_chose"}});
  Answer broken = coordinator.Post(
      "/workspace/api/script/edit",
      {{"revision", 0}, {"op", "choices"}, {"node", "ask_barrier"}, {"choices", choices}});
  ASSERT_EQ(broken.status, 200) << broken.body.dump();
  bool reported = false;
  for (const json& f : broken.body["findings"]) {
    if (f["severity"] == "error" && f["node"] == "ask_barrier" &&
        f["message"].get<std::string>().find("autre_chose") != std::string::npos) {
      reported = true;
    }
  }
  EXPECT_TRUE(reported) << broken.body["findings"].dump();

  Answer refused = coordinator.Post("/workspace/api/script/publish",
                                    {{"revision", 1}, {"message", "Nouvelle étape"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body["code"], "check_errors");

  choices.back()["next"] = "other";
  Answer fixed = coordinator.Post(
      "/workspace/api/script/edit",
      {{"revision", 1}, {"op", "choices"}, {"node", "ask_barrier"}, {"choices", choices}});
  ASSERT_EQ(fixed.status, 200);
  EXPECT_EQ(Errors(fixed.body["findings"]), 0) << fixed.body["findings"].dump();
  // Same script as the published one: nothing to publish, said so.
  Answer same = coordinator.Post("/workspace/api/script/publish",
                                 {{"revision", 2}, {"message", "Retour à l'état publié"}});
  EXPECT_EQ(same.status, 409);
  EXPECT_EQ(same.body["code"], "nothing_to_publish");

  // An edit the script cannot take is refused with the reason, nothing saved.
  Answer bad = coordinator.Post(
      "/workspace/api/script/edit",
      {{"revision", 2}, {"op", "choices"}, {"node", "greeting"}, {"choices", choices}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body["detail"].get<std::string>().find("asks no choice"), std::string::npos);
  EXPECT_EQ(Answer(coordinator.Get("/workspace/api/script")).body["revision"], 2);
}

TEST_F(ScriptEditorTest, TwoEditorsNeverOverwriteEachOtherSilently) {
  Browser first = SignedIn("coord@example.org");
  Browser second = SignedIn("other@example.org");
  ASSERT_EQ(first.Get("/workspace/api/script").body["revision"], 0);
  ASSERT_EQ(second.Get("/workspace/api/script").body["revision"], 0);
  ASSERT_EQ(first
                .Post("/workspace/api/script/edit", TextEdit(0, "fr", "yes", "Oui, d'accord"))
                .status,
            200);
  Answer late = second.Post("/workspace/api/script/edit",
                            TextEdit(0, "fr", "yes", "Oui !"));
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.body["code"], "draft_changed");
  EXPECT_EQ(late.body["updated_by"], "coord@example.org");
  Answer reread = second.Get("/workspace/api/script");
  EXPECT_EQ(reread.body["texts"]["fr"]["yes"], "Oui, d'accord");
  // Publishing or discarding an out-of-date revision is refused the same way.
  EXPECT_EQ(second.Post("/workspace/api/script/discard", {{"revision", 0}}).status, 409);
  EXPECT_EQ(second.Post("/workspace/api/script/publish", {{"revision", 0}, {"message", "x"}}).status,
            409);
}

TEST_F(ScriptEditorTest, RollingBackMakesAnEarlierVersionCurrentForNewConversations) {
  Browser coordinator = SignedIn("coord@example.org");
  const std::string first_version =
      coordinator.Get("/workspace/api/script/versions").body["versions"][0]["version"];
  ASSERT_EQ(coordinator
                .Post("/workspace/api/script/edit",
                      TextEdit(0, "fr", "greeting", kNewFrenchGreeting))
                .status,
            200);
  ASSERT_EQ(coordinator
                .Post("/workspace/api/script/publish", {{"revision", 1}, {"message", "Essai"}})
                .status,
            200);
  EXPECT_NE(FirstReply("+33600000201").find(kNewFrenchGreeting), std::string::npos);

  Answer missing = coordinator.Post("/workspace/api/script/rollback",
                                    {{"version", "0000000000000000"}, {"message", "x"}});
  EXPECT_EQ(missing.status, 404);
  Answer back = coordinator.Post("/workspace/api/script/rollback",
                                 {{"version", first_version}, {"message", "L'essai ne va pas"}});
  ASSERT_EQ(back.status, 200) << back.body.dump();
  EXPECT_EQ(back.body["version"], first_version);
  EXPECT_EQ(FirstReply("+33600000202").find(kNewFrenchGreeting), std::string::npos);
  Answer versions = coordinator.Get("/workspace/api/script/versions");
  ASSERT_EQ(versions.body["versions"].size(), 3u);
  EXPECT_EQ(versions.body["versions"][0]["version"], first_version);
  EXPECT_EQ(versions.body["versions"][0]["message"],
            "rollback to " + first_version + ": L'essai ne va pas");
  Answer again = coordinator.Post("/workspace/api/script/rollback",
                                  {{"version", first_version}, {"message", "encore"}});
  EXPECT_EQ(again.body["code"], "nothing_to_publish");
}

TEST_F(ScriptEditorTest, ThePreviewShowsEachChannelTheBarriersAndTheProviders) {
  Browser coordinator = SignedIn("coord@example.org");
  Answer preview = coordinator.Post("/workspace/api/script/preview",
                                    {{"lang", "fr"}, {"messages", {"Bonjour", "4", "1"}}});
  ASSERT_EQ(preview.status, 200) << preview.body.dump();
  const json& turns = preview.body["turns"];
  ASSERT_EQ(turns.size(), 3u);
  EXPECT_NE(turns[0]["channels"]["sms"].dump().find("1 Logement"), std::string::npos);
  // Ten choices: a WhatsApp list, not numbered text.
  const json& whatsapp = turns[0]["channels"]["whatsapp"].back();
  EXPECT_EQ(whatsapp["type"], "interactive");
  EXPECT_EQ(whatsapp["interactive"]["type"], "list");
  EXPECT_EQ(turns[1]["barriers"], json::array({"mobilite"}));
  ASSERT_FALSE(turns[2]["referrals"].empty());
  EXPECT_EQ(turns[2]["referrals"][0]["id"], "wimoov-tours");
  EXPECT_EQ(turns[2]["referrals"][0]["name"], "Wimoov Tours");
  // Nothing of a preview is stored.
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals"), "0");

  EXPECT_EQ(coordinator.Post("/workspace/api/script/preview", {{"messages", json::array()}}).status,
            400);
}

TEST_F(ScriptEditorFilesTest, ConversationTestsRunAgainstTheDraftAndAreRecordedFromAPreview) {
  Browser coordinator = SignedIn("coord@example.org");
  // Seeded at the first start from dialogs/default/transcripts.
  std::size_t shipped = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(LEVIER_SOURCE_DIR) + "/dialogs/default/transcripts")) {
    shipped += entry.path().extension() == ".json";
  }
  Answer listed = coordinator.Get("/workspace/api/script/transcripts");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.body["transcripts"].size(), shipped);
  Answer run = coordinator.Post("/workspace/api/script/transcripts/run", json::object());
  ASSERT_EQ(run.status, 200) << run.body.dump();
  EXPECT_EQ(run.body["passed"], shipped) << run.body.dump();

  // A new greeting breaks the tests that expect the old one, naming the message.
  ASSERT_EQ(coordinator
                .Post("/workspace/api/script/edit",
                      TextEdit(0, "fr", "greeting", kNewFrenchGreeting))
                .status,
            200);
  run = coordinator.Post("/workspace/api/script/transcripts/run", json::object());
  EXPECT_LT(run.body["passed"].get<int>(), static_cast<int>(shipped));
  bool named = false;
  for (const json& r : run.body["results"]) {
    if (r["name"] != "fr-parcours-transport") continue;
    EXPECT_FALSE(r["ok"].get<bool>());
    ASSERT_FALSE(r["mismatches"].empty());
    EXPECT_EQ(r["mismatches"][0]["line"], 1);
    EXPECT_EQ(r["mismatches"][0]["resident"], "Bonjour");
    EXPECT_EQ(r["mismatches"][0]["field"], "replies");
    named = true;
  }
  EXPECT_TRUE(named) << run.body.dump();

  // Recorded from the preview's messages: it passes on the draft it was recorded on.
  const json recording{{"name", "fr-nouvel-accueil"},
                       {"title", "Le nouvel accueil, puis le transport"},
                       {"lang", "fr"},
                       {"messages", {"Bonjour", "4", "1"}}};
  Answer recorded = coordinator.Post("/workspace/api/script/transcripts/record", recording);
  ASSERT_EQ(recorded.status, 201) << recorded.body.dump();
  EXPECT_EQ(recorded.body["lines"], 3);
  EXPECT_EQ(coordinator.Post("/workspace/api/script/transcripts/record", recording).body["code"],
            "transcript_exists");
  json bad = recording;
  bad["name"] = "../evil";
  EXPECT_EQ(coordinator.Post("/workspace/api/script/transcripts/record", bad).body["field"], "name");
  // "replace" that is not true or false is not a yes: answered, and the server goes on.
  json odd = recording;
  odd["replace"] = "oui";
  EXPECT_EQ(coordinator.Post("/workspace/api/script/transcripts/record", odd).body["code"],
            "transcript_exists");
  EXPECT_EQ(coordinator.Get("/workspace/api/me").status, 200);
  run = coordinator.Post("/workspace/api/script/transcripts/run", json::object());
  EXPECT_EQ(run.body["total"], shipped + 1);
  for (const json& r : run.body["results"]) {
    if (r["name"] == "fr-nouvel-accueil") {
      EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
    }
  }
  const std::string stored = QueryScalar(
      server_->db_path(), "SELECT content FROM script_transcripts WHERE name = 'fr-nouvel-accueil'");
  EXPECT_NE(stored.find(kNewFrenchGreeting), std::string::npos);
  EXPECT_NE(stored.find("wimoov-tours"), std::string::npos);

  // `levier dialogs export` writes them beside the script.
  const std::filesystem::path exported = dir_.path() / "exported";
  ASSERT_EQ(RunLevier({"dialogs", "export", exported.string(), "--db", DbPath()}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(exported / "transcripts" / "fr-nouvel-accueil.json"));
  EXPECT_EQ(ReadFile(exported / "transcripts" / "fr-parcours-transport.json"),
            ReadFile(std::string(LEVIER_SOURCE_DIR) +
                     "/dialogs/default/transcripts/fr-parcours-transport.json"));
}

TEST_F(ScriptEditorTest, ProfessionalsAreRefusedAtTheApiAndChangesNeedTheCsrfToken) {
  Browser professional = SignedIn("pro@example.org");
  for (const char* target : {"/workspace/api/script", "/workspace/api/script/versions"}) {
    Answer refused = professional.Get(target);
    EXPECT_EQ(refused.status, 403) << target;
    EXPECT_EQ(refused.body["code"], "editors_only");
  }
  EXPECT_EQ(professional
                .Post("/workspace/api/script/edit", TextEdit(0, "fr", "yes", "Oui"))
                .status,
            403);
  Browser coordinator = SignedIn("coord@example.org");
  Answer no_token = coordinator.Send(net::http::verb::post, "/workspace/api/script/edit",
                                     TextEdit(0, "fr", "yes", "Oui").dump(),
                                     /*with_csrf=*/false);
  EXPECT_EQ(no_token.status, 403);
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM script_draft"), "0");
}

TEST_F(ScriptEditorFilesTest, ImportAndExportKeepTheFileFormatAndARunningServerFollows) {
  const std::filesystem::path exported = dir_.path() / "exported";
  CommandResult out = RunLevier({"dialogs", "export", exported.string(), "--db", DbPath()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::string shipped = std::string(LEVIER_SOURCE_DIR) + "/dialogs/default/";
  for (const char* file : {"flow.json", "lang/fr.json", "lang/ar.json", "models/fr.ftz"}) {
    EXPECT_EQ(ReadFile(exported / file), ReadFile(shipped + file)) << file;
  }
  // Into a directory that has files: refused without --force.
  EXPECT_EQ(RunLevier({"dialogs", "export", exported.string(), "--db", DbPath()}).exit_code, 2);

  // A changed greeting, imported while the server runs: it follows within seconds.
  std::string fr = ReadFile(exported / "lang/fr.json");
  const std::string marker = "\"greeting\": \"";
  const auto at = fr.find(marker) + marker.size();
  fr.replace(at, fr.find('"', at) - at, kNewFrenchGreeting);
  std::ofstream(exported / "lang/fr.json", std::ios::trunc) << fr;
  const std::string kb = std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data";
  CommandResult imported = RunLevier({"dialogs", "import", exported.string(), "--db", DbPath(),
                                      "--kb", kb, "-m", "Accueil revu dans git"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("published version"), std::string::npos);
  // Each try is a new resident: one who already started stays on the version
  // they started with.
  int n = 0;
  EXPECT_TRUE(WaitUntil(
      [&] {
        return FirstReply("+33600003" + std::to_string(1000 + ++n)).find(kNewFrenchGreeting) !=
               std::string::npos;
      },
      10));
  CommandResult again =
      RunLevier({"dialogs", "import", exported.string(), "--db", DbPath(), "--kb", kb});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("unchanged"), std::string::npos);

  // A script with a broken link is refused, naming it; nothing published.
  std::string flow = ReadFile(exported / "flow.json");
  flow.replace(flow.find("\"next\": \"ask_barrier\""), 21, "\"next\": \"ask_barier\"");
  std::ofstream(exported / "flow.json", std::ios::trunc) << flow;
  CommandResult refused =
      RunLevier({"dialogs", "import", exported.string(), "--db", DbPath(), "--kb", kb});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("ask_barier"), std::string::npos) << refused.err;
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM script_publications"), "2");
}

}  // namespace
}  // namespace levier::testing
