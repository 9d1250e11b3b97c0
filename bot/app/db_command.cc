#include "db_command.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "levier/store/postgres_import.h"
#include "open_store.h"

namespace levier::app {
namespace {

struct MigrateOptions {
  std::string from;
  std::string to;
};

int RunMigrate(const MigrateOptions& options) {
  std::string from = options.from;
  if (from.starts_with("sqlite:")) from = from.substr(std::string("sqlite:").size());
  if (IsPostgres(from) || !std::filesystem::is_regular_file(from)) {
    std::cerr << "levier db migrate: --from must name an existing SQLite file (sqlite:PATH), not '"
              << RedactedLocation(options.from) << "'\n";
    return 2;
  }
  if (!IsPostgres(options.to)) {
    std::cerr << "levier db migrate: --to must be a postgresql:// URI\n";
    return 2;
  }
  Result<std::vector<store::ImportedTable>> copied = store::ImportSqliteDatabase(from, options.to);
  if (!copied.ok()) {
    std::cerr << "levier db migrate: " << RedactedLocation(copied.status().message()) << "\n";
    return 1;
  }
  std::int64_t rows = 0;
  std::int64_t repaired = 0;
  for (const store::ImportedTable& table : *copied) {
    std::cout << "  " << std::left << std::setw(22) << table.name << std::right << std::setw(9)
              << table.rows << " rows  checksum " << table.checksum;
    if (table.repaired > 0) std::cout << "  (" << table.repaired << " texts repaired)";
    std::cout << "\n";
    rows += table.rows;
    repaired += table.repaired;
  }
  std::cout << "copied " << rows << " rows of " << copied->size() << " tables from " << from
            << " to " << RedactedLocation(options.to)
            << ": counts and checksums match on both sides\n";
  if (repaired > 0) {
    std::cout << repaired << " text values were not valid UTF-8 and now hold U+FFFD in place of "
                             "the bad bytes\n";
  }
  std::cout << "next: give every instance the keys of this installation (LEVIER_SECRET, "
               "LEVIER_OUTBOX_KEY, LEVIER_TWILIO_AUTH_TOKEN) and start them with --db "
            << RedactedLocation(options.to) << "\n";
  return 0;
}

}  // namespace

CLI::App* AddDbCommands(CLI::App& app, int* exit_code) {
  CLI::App* db = app.add_subcommand("db", "move the database to another backend");
  db->require_subcommand(1);
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* migrate = db->add_subcommand(
      "migrate",
      "copy an SQLite installation into an empty PostgreSQL database, verified by counts and "
      "checksums (stop the server first)");
  migrate->add_option("--from", options->from, "the SQLite file: sqlite:PATH")->required();
  migrate->add_option("--to", options->to, "the PostgreSQL database: postgresql://...")
      ->required();
  migrate->callback([options, exit_code] { *exit_code = RunMigrate(*options); });
  return db;
}

}  // namespace levier::app
