// Fuzz target: the coordinators' workspace (/workspace/..., levier::workspace)
// through the real Router, with a real SQLite store in memory, the shipped
// script and a small directory. The browser is signed in as a coordinator
// or a professional (a session row written straight into the store: no
// password hashing per run), or not at all; any method, target, headers and
// body, with or without the Origin and CSRF token a change needs.
// Invariants: never throws; answers every request exactly once; never 500
// (an exception or a broken invariant behind the handler); a JSON response
// is valid UTF-8 that parses.
//
// Input: byte 0 picks the method (bits 0-1: GET, POST, DELETE, PUT) and
// the browser (bits 2-3: nobody, a coordinator with Origin and CSRF token,
// a professional with both, a coordinator with neither); then the target
// ("/workspace/api/" is prepended unless it starts with "/workspace/") up to
// the first newline; then one "Name: value" header per line up to an empty
// line; then the body.
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_fixtures.h"
#include "fuzz_http.h"
#include "levier/bot/script_registry.h"
#include "levier/kb/registry.h"
#include "levier/store/accounts.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/webhook/client_address.h"
#include "levier/webhook/router.h"
#include "levier/webhook/web_session.h"
#include "levier/workspace/workspace.h"

namespace {

using namespace levier;
namespace http = webhook::http;

constexpr std::string_view kOrigin = "http://levier.test";
constexpr std::size_t kMaxHeaderBytes = 1024;
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
// Every audit row and draft stays in the in-memory database: start afresh
// now and then, and whenever a request ended the fixture's sessions.
constexpr int kCallsPerFixture = 2000;

struct Browser {
  std::string token;  // the cookie's value
  std::string csrf;
};

struct Fixture {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<bot::ScriptRegistry> scripts;
  std::unique_ptr<kb::KnowledgeBaseRegistry> knowledge;
  webhook::ServerLimits limits;
  std::unique_ptr<webhook::RouteSource> workspace;
  std::unique_ptr<webhook::Router> router;
  Browser coordinator;
  Browser professional;
};

Status Write(store::Store& store, store::Store::Work work) {
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  store.Submit(std::move(work), [&](const Status& s) { done.set_value(s); });
  return result.get();
}

Browser SignIn(store::Store& store, std::string_view role, char tag) {
  // The cookie's token is 64 lowercase hex digits: `tag` is one.
  Browser browser{std::string(64, tag), "csrf-" + std::string(1, tag)};
  const UnixSeconds now = NowUnixSeconds();
  FUZZ_CHECK(Write(store, [&](store::Transaction& txn) -> Status {
               store::Account account;
               account.email = std::string(role) + "@levier.test";
               // Never matches a password: the login route is fuzzed for
               // what it does with what it cannot verify.
               account.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
               account.role = std::string(role);
               account.org = "Fuzz org";
               account.created_at = now;
               Result<std::int64_t> id = txn.accounts().InsertAccount(account);
               if (!id.ok()) return id.status();
               store::WebSession session;
               session.token_hash = webhook::WebSessionHash(browser.token);
               session.account_id = *id;
               session.csrf_token = browser.csrf;
               session.created_at = now;
               session.last_seen_at = now;
               return txn.accounts().InsertWebSession(session);
             }).ok());
  return browser;
}

std::unique_ptr<Fixture> MakeFixture() {
  auto f = std::make_unique<Fixture>();
  f->store = fuzz::ValueOrDie(store::OpenSqliteStore(":memory:"), "store");
  f->scripts = std::make_unique<bot::ScriptRegistry>(std::shared_ptr<const dialogs::Script>(
      &fuzz::ShippedScript(), [](const dialogs::Script*) {}));
  f->knowledge = std::make_unique<kb::KnowledgeBaseRegistry>(
      std::shared_ptr<const kb::KnowledgeBase>(&fuzz::SmallKb(), [](const auto*) {}));
  workspace::Settings settings;
  settings.origin = std::string(kOrigin);
  settings.secure_cookie = false;
  settings.totp_key = std::string(32, 'k');
  // High enough that the fuzzer keeps reaching the handlers.
  settings.logins_per_client_per_minute = 1'000'000;
  workspace::ScriptEditing editing;
  editing.registry = f->scripts.get();
  editing.knowledge = f->knowledge.get();
  workspace::InvitationChannels channels;
  channels.public_url = std::string(kOrigin);
  channels.webchat = true;
  channels.sms_number = "+33600000000";
  f->workspace = workspace::CreateWorkspace(settings, *f->store, f->limits, nullptr,
                                            std::move(editing), std::move(channels));
  Result<webhook::ClientAddresses> clients = webhook::ClientAddresses::Create({});
  FUZZ_CHECK(clients.ok());
  f->router = fuzz::ValueOrDie(
      webhook::Router::Create(*f->store, *clients, {f->workspace.get()}, nullptr, nullptr),
      "router");
  f->coordinator = SignIn(*f->store, store::kRoleCoordinator, 'c');
  f->professional = SignIn(*f->store, store::kRoleProfessional, 'd');
  return f;
}

webhook::HttpRequest MakeRequest(std::string_view input, const Fixture& f, bool* signed_in) {
  constexpr http::verb kMethods[] = {http::verb::get, http::verb::post, http::verb::delete_,
                                     http::verb::put};
  const auto selector = static_cast<unsigned char>(input.front());
  input.remove_prefix(1);
  std::string target(fuzz::NextLine(input));
  if (target.rfind("/workspace/", 0) != 0) target.insert(0, "/workspace/api/");
  webhook::HttpRequest req{kMethods[selector & 3], target, 11};
  const int who = (selector >> 2) & 3;
  *signed_in = who != 0;
  if (who != 0) {
    const Browser& browser = who == 2 ? f.professional : f.coordinator;
    req.set(http::field::cookie, std::string(webhook::kWorkspaceCookie) + "=" + browser.token);
    if (who != 3) {
      req.set(http::field::origin, kOrigin);
      req.set("X-CSRF-Token", browser.csrf);
    }
  }
  for (std::string_view line = fuzz::NextLine(input); !line.empty(); line = fuzz::NextLine(input)) {
    fuzz::AddHeader(line, req, kMaxHeaderBytes);
  }
  if (!input.empty()) {
    if (req[http::field::content_type].empty()) {
      req.set(http::field::content_type, "application/json");
    }
    req.body() = std::string(input.substr(0, kMaxBodyBytes));
    req.prepare_payload();
  }
  return req;
}

void CheckResponse(const webhook::HttpResponse& res) {
  FUZZ_CHECK(res.result_int() != 500);
  fuzz::CheckJsonBody(res);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static std::unique_ptr<Fixture> fixture = MakeFixture();
  static int calls = 0;
  if (++calls % kCallsPerFixture == 0) {
    fixture.reset();  // the workspace and router go before the store they use
    fixture = MakeFixture();
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  bool signed_in = false;
  webhook::HttpRequest request = MakeRequest(input, *fixture, &signed_in);
  webhook::RequestContext context;
  context.remote_address = "127.0.0.1";
  context.client_address = "127.0.0.1";
  const std::optional<webhook::HttpResponse> res =
      fuzz::AnswerOnce("Router::Handle (workspace)", [&](webhook::Respond respond) {
        fixture->router->Handle(std::move(request), context, std::move(respond));
      });
  FUZZ_CHECK(res.has_value());
  CheckResponse(*res);
  // Signed out (a logout, a password change): the next input gets a fixture
  // whose browsers are signed in again.
  if (signed_in && res->result_int() == 401) calls = kCallsPerFixture - 1;
  return 0;
}
