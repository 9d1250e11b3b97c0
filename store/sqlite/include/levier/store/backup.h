// Online backup and restore of the SQLite database, with SQLite's backup API:
// a consistent copy even while the server writes (WAL mode).
#pragma once

#include <string>

#include "levier/util/status.h"

namespace levier::store {

// Copies the database at `db_path` into a new file `dest_path` (which must
// not exist), then checks the copy with PRAGMA integrity_check. Safe while
// `levier serve` runs on `db_path`.
Status BackupDatabase(const std::string& db_path, const std::string& dest_path);

// Replaces the content of `db_path` with the backup at `backup_path` after
// checking the backup's integrity. REQUIRES: no server running on `db_path`.
Status RestoreDatabase(const std::string& backup_path, const std::string& db_path);

}  // namespace levier::store
