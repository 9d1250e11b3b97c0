// `levier token create|list|revoke`: API access (docs/api.md, "Tokens").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>

#include "commands.h"
#include "open_store.h"
#include "levier/store/store.h"
#include "levier/store/tokens.h"

namespace levier::app {
namespace {

constexpr UnixSeconds kDay = 24 * 60 * 60;

std::unique_ptr<store::Store> OpenTokenStore(const ConfigFlags& flags, const char* what,
                                             int* exit_code) {
  return OpenCommandStore(flags, std::string("levier token ") + what, exit_code);
}

Status Write(store::Store& store, store::Store::Work work) {
  return SubmitAndWait(store, std::move(work));
}

std::string Date(std::optional<UnixSeconds> t) {
  return t ? FormatIso8601(*t).substr(0, 10) : std::string("never");
}

}  // namespace

std::unique_ptr<store::Store> OpenCommandStore(const ConfigFlags& flags,
                                               const std::string& command, int* exit_code) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << command << ": " << config.status().message() << "\n";
    *exit_code = 2;
    return nullptr;
  }
  Result<std::unique_ptr<store::Store>> store = OpenStore(config->db_path);
  if (!store.ok()) {
    std::cerr << command << ": " << store.status().message() << "\n";
    *exit_code = 1;
    return nullptr;
  }
  return std::move(*store);
}

Status SubmitAndWait(store::Store& store, store::Store::Work work) {
  std::promise<Status> done;
  store.Submit(std::move(work), [&](const Status& s) { done.set_value(s); });
  return done.get_future().get();
}

int RunTokenCreate(const ConfigFlags& flags, const TokenOptions& options) {
  if (!store::IsApiRole(options.role)) {
    std::cerr << "levier token create: --role '" << options.role
              << "' must be admin, coordinator or professional\n";
    return 2;
  }
  const bool printable = std::all_of(options.org.begin(), options.org.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  if (options.org.empty() || options.org.size() > store::kMaxOrgLength || !printable) {
    std::cerr << "levier token create: --org must be 1 to " << store::kMaxOrgLength
              << " bytes of printable text\n";
    return 2;
  }
  if (options.expires_days < 1 || options.expires_days > kMaxTokenDays) {
    std::cerr << "levier token create: --expires must be 1 to " << kMaxTokenDays << " days\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenTokenStore(flags, "create", &exit_code);
  if (store == nullptr) return exit_code;
  const std::string token = store::GenerateApiToken();
  store::ApiToken record;
  record.token_hash = store::HashApiToken(token);
  record.role = options.role;
  record.org = options.org;
  record.created_at = NowUnixSeconds();
  record.expires_at = record.created_at + options.expires_days * kDay;
  Status status =
      Write(*store, [&](store::Transaction& txn) { return txn.tokens().InsertApiToken(record); });
  store->Stop();
  if (!status.ok()) {
    std::cerr << "levier token create: " << status.message() << "\n";
    return 1;
  }
  std::cout << "created " << options.role << " token " << store::ApiTokenId(record.token_hash)
            << " for \"" << options.org << "\", valid until " << Date(record.expires_at)
            << "\n"
            << "only its SHA-256 is stored: copy it now, it cannot be shown again.\n"
            << "use it as the header  Authorization: Bearer <token>\n"
            << token << "\n";
  return 0;
}

int RunTokenList(const ConfigFlags& flags) {
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenTokenStore(flags, "list", &exit_code);
  if (store == nullptr) return exit_code;
  std::vector<store::ApiToken> tokens;
  std::promise<Status> done;
  store->SubmitRead(
      [&](store::ReadTransaction& read) {
        Result<std::vector<store::ApiToken>> listed = read.tokens().ListApiTokens();
        if (!listed.ok()) return listed.status();
        tokens = std::move(*listed);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  Status status = done.get_future().get();
  store->Stop();
  if (!status.ok()) {
    std::cerr << "levier token list: " << status.message() << "\n";
    return 1;
  }
  const UnixSeconds now = NowUnixSeconds();
  std::printf("%-12s  %-12s  %-10s  %-10s  %-10s  %-8s  %s\n", "ID", "ROLE", "CREATED",
              "EXPIRES", "LAST USED", "STATE", "ORG");
  for (const store::ApiToken& t : tokens) {
    const char* state = t.revoked_at ? "revoked" : now >= t.expires_at ? "expired" : "active";
    std::printf("%-12s  %-12s  %-10s  %-10s  %-10s  %-8s  %s\n", t.id.c_str(), t.role.c_str(),
                Date(t.created_at).c_str(), Date(t.expires_at).c_str(),
                Date(t.last_used_at).c_str(), state, t.org.c_str());
  }
  return 0;
}

int RunTokenRevoke(const ConfigFlags& flags, const std::string& id) {
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenTokenStore(flags, "revoke", &exit_code);
  if (store == nullptr) return exit_code;
  const UnixSeconds now = NowUnixSeconds();
  Status status =
      Write(*store, [&](store::Transaction& txn) { return txn.tokens().RevokeApiToken(id, now); });
  store->Stop();
  if (!status.ok()) {
    std::cerr << "levier token revoke: " << status.message() << "\n";
    return 1;
  }
  std::cout << "revoked token " << id << "\n";
  return 0;
}

}  // namespace levier::app
