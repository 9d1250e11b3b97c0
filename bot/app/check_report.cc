// `levier check` (validate the shipped or edited content) and `levier report`
// (referral indicators from a database).
#include <filesystem>
#include <future>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "levier/store/store.h"
#include "loaders.h"

namespace levier::app {

int RunCheck(const ConfigFlags& flags) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier check: " << config.status().message() << "\n";
    return 2;
  }
  Result<Content> content = LoadContent(*config, /*print_warnings=*/true);
  if (!content.ok()) {
    std::cerr << "levier check: " << content.status().message() << "\n";
    return 1;
  }
  std::size_t verified = 0;
  for (const auto& p : content->kb->providers()) verified += p.verified ? 1 : 0;
  std::cout << "ok: script " << config->dialogs_dir << " version " << content->script->version()
            << " (" << content->script->languages().size() << " languages); knowledge base "
            << config->kb_dir << ": " << content->kb->providers().size() << " providers ("
            << verified << " verified), " << content->kb->neighbourhoods().size()
            << " neighbourhoods\n";
  return 0;
}

int RunReport(const ConfigFlags& flags, bool json) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier report: " << config.status().message() << "\n";
    return 2;
  }
  if (!std::filesystem::exists(config->db_path)) {
    std::cerr << "levier report: database '" << config->db_path << "' does not exist\n";
    return 2;
  }
  Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(config->db_path);
  if (!store.ok()) {
    std::cerr << "levier report: " << store.status().message() << "\n";
    return 1;
  }
  std::promise<Status> done;
  store::ReferralSummary summary;
  (*store)->SubmitRead(
      [&](store::ReadTransaction& read) {
        Result<store::ReferralSummary> r = read.SummarizeReferrals();
        if (!r.ok()) return r.status();
        summary = std::move(*r);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  Status status = done.get_future().get();
  (*store)->Stop();
  if (!status.ok()) {
    std::cerr << "levier report: " << status.message() << "\n";
    return 1;
  }
  if (json) {
    nlohmann::json out = {{"referrals", summary.referrals},
                          {"participants", summary.participants},
                          {"by_barrier", summary.by_barrier}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "referrals: " << summary.referrals << "\nparticipants: " << summary.participants
              << "\n";
    for (const auto& [barrier, n] : summary.by_barrier) {
      std::cout << "  " << barrier << ": " << n << "\n";
    }
  }
  return 0;
}

}  // namespace levier::app
