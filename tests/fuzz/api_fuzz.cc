// Fuzz target: the authenticated /api/v1/ path (levier/webhook/api_handler.h)
// with a real SQLite store (in memory) holding one token per role, as a
// token holder would reach it: any target, query string and headers.
// Invariants: never throws; answers every request exactly once; never 5xx
// (the store is healthy, so an error is the caller's); a JSON response is
// valid UTF-8 that parses. Issue 9's crash (an unknown query key cut inside
// a character, then dump() throwing in a store callback) broke the first two.
//
// Input: byte 0 picks the method (bits 0-1) and the token's role (bits 2-3:
// none, admin, coordinator, professional); then the target ("/api/v1/" is
// prepended when missing) up to the first newline; then one "Name: value"
// header per line.
#include <cstddef>
#include <cstdint>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_fixtures.h"
#include "fuzz_http.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/store/tokens.h"
#include "levier/util/rate_limiter.h"
#include "levier/webhook/api_handler.h"

namespace {

using namespace levier;
namespace http = webhook::http;

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::size_t kMaxHeaderBytes = 1024;
// Every audit row stays in the in-memory database: start a fresh one now
// and then so a long run does not grow without bound.
constexpr int kCallsPerStore = 5000;

std::string TokenFor(int role) { return "lvr_" + std::string(64, "0abc"[role]); }

struct Fixture {
  std::unique_ptr<store::Store> store;
  // Failed authentications allowed per client: high enough that the fuzzer
  // keeps reaching the handlers behind a good token.
  std::unique_ptr<RateLimiter> failed_auth = std::make_unique<RateLimiter>(1'000'000);
  std::unique_ptr<kb::KnowledgeBaseRegistry> knowledge;
  std::unique_ptr<webhook::ApiHandler> api;
};

Fixture MakeFixture() {
  Fixture f;
  f.store = fuzz::ValueOrDie(store::OpenSqliteStore(":memory:"), "store");
  const std::string_view roles[] = {store::kRoleAdmin, store::kRoleCoordinator,
                                    store::kRoleProfessional};
  for (int i = 1; i <= 3; ++i) {
    store::ApiToken token;
    token.token_hash = store::HashApiToken(TokenFor(i));
    token.id = store::ApiTokenId(token.token_hash);
    token.role = std::string(roles[i - 1]);
    token.org = "Fuzz org";
    token.created_at = 1'700'000'000;
    token.expires_at = std::numeric_limits<std::int64_t>::max();
    std::promise<Status> done;
    std::future<Status> inserted = done.get_future();
    f.store->Submit([&](store::Transaction& txn) { return txn.tokens().InsertApiToken(token); },
                    [&](const Status& s) { done.set_value(s); });
    FUZZ_CHECK(inserted.get().ok());
  }
  auto kb = std::shared_ptr<const kb::KnowledgeBase>(&fuzz::SmallKb(), [](const auto*) {});
  f.knowledge = std::make_unique<kb::KnowledgeBaseRegistry>(kb);
  f.api = std::make_unique<webhook::ApiHandler>(*f.store, *f.knowledge, *f.failed_auth, nullptr);
  return f;
}

webhook::HttpRequest MakeRequest(std::string_view input) {
  constexpr http::verb kMethods[] = {http::verb::get, http::verb::head, http::verb::post,
                                     http::verb::delete_};
  const auto selector = static_cast<unsigned char>(input.front());
  input.remove_prefix(1);
  const std::size_t end = input.find('\n');
  std::string target(input.substr(0, end));
  if (target.rfind(kApiPrefix, 0) != 0) target.insert(0, kApiPrefix);
  webhook::HttpRequest req{kMethods[selector & 3], target, 11};
  const int role = (selector >> 2) & 3;
  if (role != 0) req.set(http::field::authorization, "Bearer " + TokenFor(role));
  std::string_view rest = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    fuzz::AddHeader(rest.substr(0, eol), req, kMaxHeaderBytes);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  }
  return req;
}

void CheckResponse(const webhook::HttpResponse& res) {
  FUZZ_CHECK(res.result_int() < 500);
  fuzz::CheckJsonBody(res);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static Fixture fixture = MakeFixture();
  static int calls = 0;
  if (++calls % kCallsPerStore == 0) {
    fixture.api.reset();  // the handler goes before the store it uses
    fixture.store.reset();
    fixture = MakeFixture();
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::optional<webhook::HttpResponse> res =
      fuzz::AnswerOnce("ApiHandler::Handle", [&](webhook::Respond respond) {
        fixture.api->Handle(MakeRequest(input), webhook::RequestContext{}, std::move(respond));
      });
  FUZZ_CHECK(res.has_value());
  CheckResponse(*res);
  return 0;
}
