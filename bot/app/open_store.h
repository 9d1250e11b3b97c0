// Which store a `--db` / LEVIER_DB location names: a postgresql:// URI (the
// PostgreSQL backend, for several instances) or an SQLite file (the default).
#pragma once

#include <memory>
#include <string>

#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/util/status.h"

namespace levier::app {

// True for postgresql:// and postgres:// locations.
bool IsPostgres(const std::string& location);

// Opens the store at `location`, creating an SQLite file's directory when
// needed (`sqlite` applies only to SQLite). Messages name the location
// without its password.
Result<std::unique_ptr<store::Store>> OpenStore(const std::string& location,
                                                const store::SqliteOptions& sqlite = {});

// `location` fit for messages and logs: a URI's password becomes "***".
std::string RedactedLocation(const std::string& location);

}  // namespace levier::app
