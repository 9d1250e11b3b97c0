// The workspace's accounts, sessions and protections over HTTP against the
// real `levier serve`: sign-in (and its generic failure), the cookie, CSRF,
// the second factor admins must use, attempt limits, roles (403 at the API,
// not only hidden buttons), disabling, idle sessions, the audit, and the
// `levier user` commands.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "levier/net/http_client.h"
#include "levier/util/crypto.h"
#include "levier/util/time_util.h"
#include "levier/util/totp.h"
#include "server_process.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

using nlohmann::json;
constexpr const char* kCoordinatorPassword = "a long coordinator passphrase";
constexpr const char* kAdminPassword = "an even longer admin passphrase";

class WorkspaceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    CreateUser("coord@example.org", "coordinator", "Mission Locale", kCoordinatorPassword);
    CreateUser("admin@example.org", "admin", "Ville de Tours", kAdminPassword);
    ServerProcess::Options options;
    options.env = {{"LEVIER_WORKSPACE_IDLE_MINUTES", "30"}};
    server_ = new ServerProcess(dir_->path(), options);
  }
  static void TearDownTestSuite() {
    admin_.reset();
    delete server_;
    delete dir_;
  }
  static void CreateUser(const std::string& email, const std::string& role, const std::string& org,
                         const std::string& password) {
    CommandResult r = RunLevier({"user", "create", "--email", email, "--role", role, "--org", org,
                                 "--password-stdin", "--db", (dir_->path() / "levier.db").string()},
                                {}, password + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // Runs `sql` on the live database, as a second process would.
  static void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(server_->db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
  // The first column of the first row of `sql` on the live database, as text.
  static std::string Scalar(const std::string& sql) {
    sqlite3* db = nullptr;
    std::string value;
    if (sqlite3_open(server_->db_path().c_str(), &db) != SQLITE_OK) return value;
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
  }
  // The admin, signed in with a second factor (set up on first use). One
  // session for the whole suite: each TOTP code works once, and only the
  // codes of the current 30-second step and its neighbours are accepted.
  static Browser& SignedInAdmin();
  static std::unique_ptr<Browser> admin_;
  static std::string admin_totp_secret_;
  static TempDir* dir_;
  static ServerProcess* server_;
};
TempDir* WorkspaceTest::dir_ = nullptr;
ServerProcess* WorkspaceTest::server_ = nullptr;
std::string WorkspaceTest::admin_totp_secret_;
std::unique_ptr<Browser> WorkspaceTest::admin_;

// A code the server has not seen yet for `secret`: the current step's, or the
// next one's when the current one was used (codes are accepted once).
std::string FreshCode(const std::string& secret, std::int64_t* last_step) {
  std::int64_t step = totp::StepAt(NowUnixSeconds());
  if (step <= *last_step) step = *last_step + 1;
  *last_step = step;
  return totp::CodeAt(secret, step);
}
std::int64_t admin_last_step = 0;

Browser& WorkspaceTest::SignedInAdmin() {
  if (admin_ != nullptr) return *admin_;
  admin_ = std::make_unique<Browser>(*server_);
  Browser* admin = admin_.get();
  {
    Answer login = admin->Login("admin@example.org", kAdminPassword);
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_TRUE(login.body["must_set_up_totp"].get<bool>());
    Answer setup = admin->Post("/workspace/api/totp/setup", json::object());
    EXPECT_EQ(setup.status, 200) << setup.body;
    std::string secret;
    EXPECT_TRUE(totp::Base32Decode(setup.body["secret"].get<std::string>(), &secret));
    EXPECT_NE(setup.body["uri"].get<std::string>().find("otpauth://totp/Levier:"),
              std::string::npos);
    Answer confirmed =
        admin->Post("/workspace/api/totp/confirm", {{"code", FreshCode(secret, &admin_last_step)}});
    EXPECT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_FALSE(confirmed.body["must_set_up_totp"].get<bool>());
    admin_totp_secret_ = secret;
  }
  return *admin_;
}

TEST_F(WorkspaceTest, PagesComeWithAStrictContentSecurityPolicy) {
  Browser browser(*server_);
  for (const char* target :
       {"/workspace/", "/workspace/app.js", "/workspace/app.css", "/workspace/charts.js"}) {
    net::HttpRequest req{net::http::verb::get, target, 11};
    Result<net::HttpResponse> res = net::SendHttpRequest(server_->base_url() + target,
                                                         std::move(req), std::chrono::seconds(10));
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->result_int(), 200u) << target;
    const std::string csp((*res)["Content-Security-Policy"]);
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ((*res)["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ((*res)["Referrer-Policy"], "no-referrer");
  }
  Answer redirect = browser.Get("/workspace");
  EXPECT_EQ(redirect.status, 308);
  EXPECT_EQ(redirect.raw[net::http::field::location], "/workspace/");
}

TEST_F(WorkspaceTest, SignInSetsAStrictCookieAndFailuresSayTheSameWhateverWasWrong) {
  Browser stranger(*server_);
  Answer unknown = stranger.Login("nobody@example.org", kCoordinatorPassword);
  Answer wrong = stranger.Login("coord@example.org", "not the right password");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);  // nothing tells whether the account exists
  EXPECT_TRUE(unknown.set_cookie.empty());

  Browser coordinator(*server_);
  Answer ok = coordinator.Login("coord@example.org", kCoordinatorPassword);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.body["role"], "coordinator");
  EXPECT_EQ(ok.body["org"], "Mission Locale");
  EXPECT_FALSE(ok.body.contains("password_hash"));
  for (const char* attribute : {"; Path=/", "; HttpOnly", "; SameSite=Strict", "; Secure"}) {
    EXPECT_NE(ok.set_cookie.find(attribute), std::string::npos) << ok.set_cookie;
  }
  EXPECT_EQ(coordinator.Get("/workspace/api/me").body["email"], "coord@example.org");
  // The same session reads the API with its account's role.
  EXPECT_EQ(coordinator.Get("/api/v1/indicators").status, 200);
}

TEST_F(WorkspaceTest, ChangesWithoutTheCsrfTokenOrFromAnotherOriginAreRefused) {
  Browser coordinator(*server_);
  ASSERT_EQ(coordinator.Login("coord@example.org", kCoordinatorPassword).status, 200);
  EXPECT_EQ(coordinator.Send(net::http::verb::post, "/workspace/api/logout", "{}", false).status,
            403);
  const std::string real = coordinator.csrf();
  coordinator.csrf() = std::string(64, 'a');
  EXPECT_EQ(coordinator.Post("/workspace/api/logout", json::object()).status, 403);
  coordinator.csrf() = real;
  EXPECT_EQ(
      coordinator
          .Send(net::http::verb::post, "/workspace/api/logout", "{}", true, "https://evil.example")
          .status,
      403);
  EXPECT_EQ(coordinator.Send(net::http::verb::post, "/workspace/api/logout", "{}", true, "").status,
            403);
  // A login form on another site cannot sign a browser in either.
  Browser elsewhere(*server_);
  EXPECT_EQ(
      elsewhere
          .Send(net::http::verb::post, "/workspace/api/login",
                json{{"email", "coord@example.org"}, {"password", kCoordinatorPassword}}.dump(),
                false, "https://evil.example")
          .status,
      403);
  // Still signed in: the refused requests changed nothing.
  EXPECT_EQ(coordinator.Get("/workspace/api/me").status, 200);
  Answer out = coordinator.Post("/workspace/api/logout", json::object());
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.set_cookie.find("Max-Age=0"), std::string::npos);
}

TEST_F(WorkspaceTest, MalformedOversizedAndWrongTypeBodiesAreRefused) {
  Browser browser(*server_);
  EXPECT_EQ(browser.Send(net::http::verb::post, "/workspace/api/login", "{\"email\":").status, 400);
  EXPECT_EQ(browser.Send(net::http::verb::post, "/workspace/api/login", "[]").status, 400);
  EXPECT_EQ(browser
                .Send(net::http::verb::post, "/workspace/api/login", "email=a", true, kOrigin,
                      "application/x-www-form-urlencoded")
                .status,
            415);
  EXPECT_EQ(browser
                .Send(net::http::verb::post, "/workspace/api/login",
                      "{\"email\":\"" + std::string(20000, 'a') + "\"}")
                .status,
            413);
  EXPECT_EQ(browser.Get("/workspace/api/me").status, 401);
  EXPECT_EQ(browser.Get("/workspace/api/accounts").status, 401);
}

TEST_F(WorkspaceTest, AnAdminMustSetUpASecondFactorBeforeAnythingElse) {
  Browser admin(*server_);
  if (admin_ == nullptr) {
    Answer login = admin.Login("admin@example.org", kAdminPassword);
    ASSERT_EQ(login.status, 200);
    EXPECT_TRUE(login.body["must_set_up_totp"].get<bool>());
    Answer accounts = admin.Get("/workspace/api/accounts");
    EXPECT_EQ(accounts.status, 403);
    EXPECT_TRUE(accounts.body["must_set_up_totp"].get<bool>());
    EXPECT_EQ(admin.Get("/api/v1/indicators").status, 403);
  }
  Browser& ready = SignedInAdmin();
  // The secret is kept sealed: neither it nor its base32 form is in the database.
  const std::string sealed =
      Scalar("SELECT totp_sealed FROM accounts WHERE email = 'admin@example.org'");
  EXPECT_GT(sealed.size(), 2 * admin_totp_secret_.size());
  EXPECT_EQ(sealed.find(crypto::HexEncode(admin_totp_secret_)), std::string::npos);
  EXPECT_EQ(sealed.find(totp::Base32Encode(admin_totp_secret_)), std::string::npos);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM accounts WHERE password_hash NOT LIKE '$argon2id$%'"),
            "0");
  EXPECT_EQ(ready.Get("/workspace/api/accounts").status, 200);
  // From now on a sign-in needs the code, and each code works once.
  Browser again(*server_);
  Answer without = again.Login("admin@example.org", kAdminPassword);
  EXPECT_EQ(without.status, 401);
  EXPECT_TRUE(without.body["code_required"].get<bool>());
  Answer reused = again.Login("admin@example.org", kAdminPassword,
                              totp::CodeAt(admin_totp_secret_, admin_last_step));
  EXPECT_EQ(reused.status, 401);
  EXPECT_TRUE(reused.body["code_required"].get<bool>());
  EXPECT_EQ(again
                .Login("admin@example.org", kAdminPassword,
                       FreshCode(admin_totp_secret_, &admin_last_step))
                .status,
            200);
}

TEST_F(WorkspaceTest, RolesAreEnforcedAtTheApiNotOnlyInThePage) {
  Browser* admin = &SignedInAdmin();
  Answer created = admin->Post(
      "/workspace/api/accounts",
      {{"email", "Pro@Example.org"}, {"role", "professional"}, {"org", "Centre social Pasteur"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body["account"]["email"], "pro@example.org");
  const std::string password = created.body["password"];
  EXPECT_EQ(password.size(), 23u);
  EXPECT_EQ(admin
                ->Post("/workspace/api/accounts",
                       {{"email", "pro@example.org"}, {"role", "professional"}, {"org", "X"}})
                .status,
            409);
  EXPECT_EQ(admin
                ->Post("/workspace/api/accounts",
                       {{"email", "x@example.org"}, {"role", "root"}, {"org", "X"}})
                .status,
            400);

  Browser pro(*server_);
  ASSERT_EQ(pro.Login("pro@example.org", password).status, 200);
  Answer refused = pro.Get("/workspace/api/accounts");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body["code"], "admin_only");
  EXPECT_EQ(pro.Get("/workspace/api/audit").status, 403);
  EXPECT_EQ(pro.Post("/workspace/api/accounts",
                     {{"email", "y@example.org"}, {"role", "admin"}, {"org", "X"}})
                .status,
            403);
  EXPECT_EQ(pro.Get("/api/v1/indicators").status, 403);
  Browser coordinator(*server_);
  ASSERT_EQ(coordinator.Login("coord@example.org", kCoordinatorPassword).status, 200);
  EXPECT_EQ(coordinator.Get("/workspace/api/accounts").status, 403);

  // Disabled: the open session ends at once, and signing in fails as for a stranger.
  EXPECT_EQ(admin->Post("/workspace/api/accounts/disable", {{"email", "pro@example.org"}}).status,
            200);
  EXPECT_EQ(pro.Get("/workspace/api/me").status, 401);
  Browser pro_again(*server_);
  EXPECT_EQ(pro_again.Login("pro@example.org", password).status, 401);
  EXPECT_EQ(admin->Post("/workspace/api/accounts/disable", {{"email", "admin@example.org"}}).status,
            409);

  // Every change is in the audit, with who did it.
  Answer audit = admin->Get("/workspace/api/audit");
  ASSERT_EQ(audit.status, 200);
  const std::string entries = audit.body["entries"].dump();
  EXPECT_NE(entries.find("account created: pro@example.org (professional, Centre social Pasteur)"),
            std::string::npos);
  EXPECT_NE(entries.find("account disabled: pro@example.org"), std::string::npos);
  EXPECT_NE(entries.find("second factor: enabled"), std::string::npos);
  EXPECT_NE(entries.find("\"who\":\"admin@example.org\""), std::string::npos);
  EXPECT_EQ(entries.find(password), std::string::npos);
}

TEST_F(WorkspaceTest, ChangingThePasswordNeedsTheCurrentOneAndSignsOutOtherBrowsers) {
  CreateUser("changer@example.org", "coordinator", "Org", "the first passphrase");
  Browser here(*server_);
  Browser elsewhere(*server_);
  ASSERT_EQ(here.Login("changer@example.org", "the first passphrase").status, 200);
  ASSERT_EQ(elsewhere.Login("changer@example.org", "the first passphrase").status, 200);
  Answer wrong = here.Post("/workspace/api/password",
                           {{"current", "not the passphrase"}, {"new", "the second passphrase"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.body["field"], "current");
  Answer weak =
      here.Post("/workspace/api/password", {{"current", "the first passphrase"}, {"new", "short"}});
  EXPECT_EQ(weak.body["field"], "password");
  EXPECT_EQ(here.Post("/workspace/api/password",
                      {{"current", "the first passphrase"}, {"new", "the second passphrase"}})
                .status,
            200);
  EXPECT_EQ(here.Get("/workspace/api/me").status, 200);
  EXPECT_EQ(elsewhere.Get("/workspace/api/me").status, 401);
  Browser later(*server_);
  EXPECT_EQ(later.Login("changer@example.org", "the first passphrase").status, 401);
  EXPECT_EQ(later.Login("changer@example.org", "the second passphrase").status, 200);
}

TEST_F(WorkspaceTest, SignInAttemptsAreLimitedPerAccount) {
  CreateUser("target@example.org", "coordinator", "Org", "the target's passphrase");
  Browser attacker(*server_);
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    Answer a = attacker.Login("target@example.org", "guess number " + std::to_string(i));
    if (a.status == 429) {
      ++limited;
      EXPECT_FALSE(a.raw[net::http::field::retry_after].empty());
    } else {
      EXPECT_EQ(a.status, 401);
    }
  }
  EXPECT_GE(limited, 2);
  // Even the right password waits now; another account is not affected.
  EXPECT_EQ(attacker.Login("target@example.org", "the target's passphrase").status, 429);
  Browser other(*server_);
  EXPECT_EQ(other.Login("coord@example.org", kCoordinatorPassword).status, 200);
}

TEST_F(WorkspaceTest, AnIdleSessionEnds) {
  Browser coordinator(*server_);
  ASSERT_EQ(coordinator.Login("coord@example.org", kCoordinatorPassword).status, 200);
  ASSERT_EQ(coordinator.Get("/workspace/api/me").status, 200);
  // As if the last request were 31 minutes ago (the limit is 30).
  Sql("UPDATE web_sessions SET last_seen_at = last_seen_at - 31 * 60 WHERE account_id = "
      "(SELECT id FROM accounts WHERE email = 'coord@example.org')");
  Answer ended = coordinator.Get("/workspace/api/me");
  EXPECT_EQ(ended.status, 401);
  EXPECT_NE(ended.set_cookie.find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(coordinator.Get("/api/v1/indicators").status, 401);
}

TEST_F(WorkspaceTest, UserCommandsCheckWhatTheyAreGiven) {
  const std::string db = server_->db_path().string();
  EXPECT_EQ(RunLevier({"user", "create", "--email", "coord@example.org", "--role", "coordinator",
                       "--org", "X", "--db", db})
                .exit_code,
            2);
  EXPECT_EQ(RunLevier({"user", "create", "--email", "new@example.org", "--role", "boss", "--org",
                       "X", "--db", db})
                .exit_code,
            2);
  CommandResult weak = RunLevier({"user", "create", "--email", "new@example.org", "--role",
                                  "coordinator", "--org", "X", "--password-stdin", "--db", db},
                                 {}, "short\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("at least 12"), std::string::npos) << weak.err;
  CommandResult made = RunLevier({"user", "create", "--email", "new@example.org", "--role",
                                  "coordinator", "--org", "X", "--db", db});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string generated = made.out.substr(made.out.rfind('\n', made.out.size() - 2) + 1, 23);
  Browser fresh(*server_);
  EXPECT_EQ(fresh.Login("new@example.org", generated).status, 200) << made.out;
  CommandResult list = RunLevier({"user", "list", "--db", db});
  EXPECT_NE(list.out.find("new@example.org"), std::string::npos);
  EXPECT_EQ(list.out.find("$argon2id"), std::string::npos);
  EXPECT_EQ(RunLevier({"user", "disable", "new@example.org", "--db", db}).exit_code, 0);
  EXPECT_EQ(fresh.Get("/workspace/api/me").status, 401);
  EXPECT_EQ(RunLevier({"user", "disable", "ghost@example.org", "--db", db}).exit_code, 2);
}

// With a second factor, a sign-in is two steps: the password (answered
// "code required"), then the password and the code. The first step is no
// guess, so it must not wear the limit on guesses down: before 2026-12-06
// the sixth sign-in of a minute was refused (429) with the right password.
TEST(SignInLimitTest, TheRightPasswordWithoutItsCodeIsNoGuess) {
  TempDir dir;
  CommandResult created =
      RunLevier({"user", "create", "--email", "second@example.org", "--role", "admin", "--org",
                 "Org", "--password-stdin", "--db", (dir.path() / "levier.db").string()},
                {}, "the second factor's passphrase\n");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ServerProcess server(dir.path());
  std::int64_t last_step = 0;
  std::string secret;
  {
    Browser admin(server);
    ASSERT_EQ(admin.Login("second@example.org", "the second factor's passphrase").status, 200);
    Answer setup = admin.Post("/workspace/api/totp/setup", json::object());
    ASSERT_EQ(setup.status, 200) << setup.body;
    ASSERT_TRUE(totp::Base32Decode(setup.body["secret"].get<std::string>(), &secret));
    ASSERT_EQ(admin.Post("/workspace/api/totp/confirm", {{"code", FreshCode(secret, &last_step)}})
                  .status,
              200);
  }
  for (int i = 0; i < 7; ++i) {
    Browser browser(server);
    Answer first = browser.Login("second@example.org", "the second factor's passphrase");
    EXPECT_EQ(first.status, 401) << "sign-in " << i;
    EXPECT_TRUE(first.body.contains("code_required")) << "sign-in " << i << ": " << first.body;
  }
  Browser browser(server);
  EXPECT_EQ(browser
                .Login("second@example.org", "the second factor's passphrase",
                       FreshCode(secret, &last_step))
                .status,
            200);
}

// Whether an e-mail has an account must not show in the limit: five wrong
// guesses, then 429, then one more try 12 s later, for both alike. Before,
// an account's refusals were counted over the last minute from the audit:
// a stranger's e-mail had its try back after 12 s, the account's did not.
TEST(SignInLimitTest, EndsAlikeForAnAccountAndAStranger) {
  // A server of its own: the suite's shares one client address's allowance.
  TempDir dir;
  CommandResult created =
      RunLevier({"user", "create", "--email", "twin@example.org", "--role", "coordinator", "--org",
                 "Org", "--password-stdin", "--db", (dir.path() / "levier.db").string()},
                {}, "the twin's passphrase\n");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ServerProcess server(dir.path());
  const std::vector<std::string> emails = {"twin@example.org", "stranger@example.org"};
  std::vector<std::string> retry_after;
  for (const std::string& email : emails) {
    Browser attacker(server);
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(attacker.Login(email, "guess " + std::to_string(i)).status, 401) << email;
    }
    // However long the failures took (an account's are slower: their audit
    // commit), the refusal says the same: the full wait, not what is left
    // of it. Before, a second and a half later it said 11.
    std::this_thread::sleep_for(std::chrono::milliseconds(1'500));
    Answer refused = attacker.Login(email, "guess 5");
    EXPECT_EQ(refused.status, 429) << email;
    retry_after.emplace_back(refused.raw[net::http::field::retry_after]);
  }
  EXPECT_EQ(retry_after[0], "12");
  EXPECT_EQ(retry_after[0], retry_after[1]);
  // What Retry-After says holds: one token back every 12 s (5 a minute).
  EXPECT_LE(std::stoi(retry_after[0]), 12);
  std::this_thread::sleep_for(std::chrono::milliseconds(12'500));
  for (const std::string& email : emails) {
    Browser attacker(server);
    EXPECT_EQ(attacker.Login(email, "guess 6").status, 401) << email;
    EXPECT_EQ(attacker.Login(email, "guess 7").status, 429) << email;
  }
}

}  // namespace
}  // namespace levier::testing
