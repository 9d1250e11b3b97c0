// Moving an installation from its SQLite file to PostgreSQL
// (`levier db migrate --from sqlite:PATH --to postgresql://...`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "levier/store/postgres.h"
#include "levier/util/status.h"

namespace levier::store {

// What was copied of one table, with its checksum on both sides.
struct ImportedTable {
  std::string name;
  std::int64_t rows = 0;
  std::string checksum;  // hex; the same on both sides, or the import failed
  // Text values that were not valid UTF-8 (or held NUL), which PostgreSQL
  // refuses: stored with U+FFFD in place of the bad bytes, and counted so.
  std::int64_t repaired = 0;
};

// Copies every table of the SQLite database at `sqlite_path` (first brought
// to the current schema) into the PostgreSQL database `conninfo` (created
// to the current schema if needed), which must hold no Levier data yet. All
// in one PostgreSQL transaction that commits only when every table's row
// count and checksum (an order-independent hash of its rows' values) match
// the SQLite file's: otherwise nothing is kept. Run it with the server
// stopped. Identity counters continue after the copied ids.
Result<std::vector<ImportedTable>> ImportSqliteDatabase(const std::string& sqlite_path,
                                                        const std::string& conninfo,
                                                        const PostgresOptions& options = {});

}  // namespace levier::store
