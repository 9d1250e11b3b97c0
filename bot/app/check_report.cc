// `levier check` (validate the shipped or edited content), `levier report`
// (referral indicators from a database) and `levier backup`/`restore`.
#include <algorithm>
#include <filesystem>
#include <future>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/classifier.h"
#include "levier/store/backup.h"
#include "levier/store/store.h"
#include "levier/store/tokens.h"
#include "levier/util/json_dump.h"
#include "levier/webhook/indicators_format.h"
#include "loaders.h"
#include "open_store.h"

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
  // What coordinators review before publishing: which nodes each language
  // covers, and what each message costs in SMS segments.
  Result<dialogs::CheckOptions> options =
      dialogs::LoadCheckOptions(std::filesystem::path(config->dialogs_dir) / "check.json");
  const dialogs::CheckOptions check_options =
      options.ok() ? *options : dialogs::CheckOptions{};
  std::cout << "Translations (nodes covered per language):\n"
            << dialogs::TranslationTable(*content->script) << "\n"
            << "SMS segments per message (* = UCS-2, ! = over the allowance):\n"
            << dialogs::SegmentTable(
                   dialogs::SegmentsPerNode(*content->script,
                                            {check_options.transliterate, content->kb.get()}),
                   check_options)
            << "\n"
            << "Barrier classifier, on the examples held out from training:\n"
            << dialogs::ClassifierTable(dialogs::ClassifierAccuracy(*content->script)) << "\n";
  std::size_t verified = 0;
  for (const auto& p : content->kb->providers()) verified += p.verified ? 1 : 0;
  std::cout << "ok: script " << config->dialogs_dir << " version " << content->script->version()
            << " (" << content->script->languages().size() << " languages); knowledge base "
            << config->kb_dir << ": " << content->kb->providers().size() << " providers ("
            << verified << " verified), " << content->kb->neighbourhoods().size()
            << " neighbourhoods\n";
  return 0;
}

namespace {

// Runs `work` on a read transaction of `store` and waits for it.
Status ReadAndWait(store::Store& store, const store::Store::ReadWork& work) {
  std::promise<Status> done;
  store.SubmitRead(work, [&](const Status& s) { done.set_value(s); });
  return done.get_future().get();
}

void PrintText(const nlohmann::json& j) {
  auto figure = [](const nlohmann::json& v) {
    return v.is_null() ? std::string("hidden") : v.dump();
  };
  std::cout << "referrals: " << figure(j["referrals"]) << "\nparticipants: "
            << figure(j["participants"]) << "\n";
  // The legacy lines: referrals per barrier, indented.
  for (const auto& [barrier, n] : j["by_barrier"].items()) {
    std::cout << "  " << barrier << ": " << n.dump() << "\n";
  }
  for (const auto& [dimension, rows] : j["breakdowns"].items()) {
    if (dimension == "barrier") continue;
    std::cout << "by " << dimension << " (referrals / participants):\n";
    for (const auto& row : rows) {
      const std::string key = row[dimension].get<std::string>();
      std::cout << "  " << (key.empty() ? "(unknown)" : key) << ": " << row["referrals"].dump()
                << " / " << row["participants"].dump() << "\n";
    }
  }
  std::cout << "most referred providers (referrals / participants):\n";
  for (const auto& row : j["providers"]) {
    std::cout << "  " << row["provider_id"].get<std::string>() << ": "
              << row["referrals"].dump() << " / " << row["participants"].dump() << "\n";
  }
  std::cout << "follow-up answers:\n";
  for (const auto& row : j["followup"]) {
    std::cout << "  " << row["barrier"].get<std::string>() << ": " << row["answers"].dump()
              << " answers, lifted " << row["lifted"].dump() << ", ratings "
              << row["ratings"].dump() << ", could not reach "
              << figure(row["could_not_reach"]) << "\n";
  }
  if (j["suppressed"].get<bool>()) {
    std::cout << "hidden (fewer than " << j["min_participants"].dump()
              << " participants): " << j["hidden"].dump() << "\n";
  }
}

}  // namespace

int RunReport(const ConfigFlags& flags, const ReportOptions& options) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier report: " << config.status().message() << "\n";
    return 2;
  }
  if (options.csv && !webhook::IsIndicatorsTable(options.table)) {
    std::cerr << "levier report: --table '" << options.table << "' is not one of "
              << webhook::kIndicatorsTables << "\n";
    return 2;
  }
  Result<store::Period> period =
      webhook::PeriodOfMonths(options.from, options.to, "--from", "--to");
  if (!period.ok()) {
    std::cerr << "levier report: " << period.status().message() << "\n";
    return 2;
  }
  if (!IsPostgres(config->db_path) && !std::filesystem::exists(config->db_path)) {
    std::cerr << "levier report: database '" << config->db_path << "' does not exist\n";
    return 2;
  }
  // The database holds provider ids only; their names come from the directory.
  Result<kb::KnowledgeBase> kb = kb::KnowledgeBase::LoadFromDirectory(config->kb_dir);
  if (!kb.ok()) {
    std::cerr << "levier report: " << kb.status().message()
              << " (--kb names the knowledge base directory)\n";
    return 2;
  }
  Result<std::unique_ptr<store::Store>> store = OpenStore(config->db_path);
  if (!store.ok()) {
    std::cerr << "levier report: " << store.status().message() << "\n";
    return 1;
  }
  store::Indicators indicators;
  Status status = ReadAndWait(**store, [&](store::ReadTransaction& read) {
    Result<store::Indicators> r = read.reports().ComputeIndicators(*period);
    if (!r.ok()) return r.status();
    indicators = std::move(*r);
    return Status::Ok();
  });
  (*store)->Stop();
  if (!status.ok()) {
    std::cerr << "levier report: " << status.message() << "\n";
    return 1;
  }
  // Whoever runs this reads the database file itself, so full figures by
  // default; --suppress makes the version to share outside.
  const webhook::IndicatorsFormat format{options.suppress, NowUnixSeconds(), &*kb, options.from,
                                         options.to};
  if (options.csv) {
    Result<std::string> csv = webhook::IndicatorsToCsv(indicators, options.table, format);
    if (!csv.ok()) {
      std::cerr << "levier report: " << csv.status().message() << "\n";
      return 2;
    }
    std::cout << *csv;
    return 0;
  }
  const nlohmann::json out = webhook::IndicatorsToJson(indicators, format);
  if (options.json) {
    std::cout << DumpJson(out) << "\n";
  } else {
    PrintText(out);
  }
  return 0;
}

namespace {

// `levier backup` and `restore` copy an SQLite file: PostgreSQL has its own
// tools, which also cover point-in-time recovery. True (and says so) for a
// PostgreSQL location.
bool RefusedForPostgres(const char* command, const std::string& location) {
  if (!IsPostgres(location)) return false;
  std::cerr << command << ": the database is PostgreSQL: use pg_dump and pg_restore "
                          "(docs/deployment.md, \"Backups\")\n";
  return true;
}

}  // namespace

int RunBackup(const ConfigFlags& flags, const std::string& dest) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier backup: " << config.status().message() << "\n";
    return 2;
  }
  if (RefusedForPostgres("levier backup", config->db_path)) return 2;
  Status s = store::BackupDatabase(config->db_path, dest);
  if (!s.ok()) {
    std::cerr << "levier backup: " << s.message() << "\n";
    return 1;
  }
  std::cout << "backed up " << config->db_path << " to " << dest << " (integrity ok)\n";
  return 0;
}

int RunRestore(const ConfigFlags& flags, const std::string& backup) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier restore: " << config.status().message() << "\n";
    return 2;
  }
  if (RefusedForPostgres("levier restore", config->db_path)) return 2;
  Status s = store::RestoreDatabase(backup, config->db_path);
  if (!s.ok()) {
    std::cerr << "levier restore: " << s.message() << "\n";
    return 1;
  }
  std::cout << "restored " << config->db_path << " from " << backup << "\n";
  return 0;
}

}  // namespace levier::app
