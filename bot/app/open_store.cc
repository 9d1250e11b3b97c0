#include "open_store.h"

#include <filesystem>
#include <system_error>

#include "levier/store/postgres.h"

namespace levier::app {

bool IsPostgres(const std::string& location) { return store::IsPostgresLocation(location); }

Result<std::unique_ptr<store::Store>> OpenStore(const std::string& location,
                                                const store::SqliteOptions& sqlite) {
  if (IsPostgres(location)) {
    Result<std::unique_ptr<store::Store>> opened = store::OpenPostgresStore(location);
    if (!opened.ok()) {
      // libpq's messages may quote the URI; say which database in our words.
      return Status(opened.status().code(), RedactedLocation(location) + ": " +
                                                RedactedLocation(opened.status().message()));
    }
    return opened;
  }
  if (location != ":memory:") {
    std::error_code ec;
    const auto dir = std::filesystem::path(location).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  return store::OpenSqliteStore(location, sqlite);
}

std::string RedactedLocation(const std::string& location) {
  // postgresql://user:password@host/db -> postgresql://user:***@host/db
  const std::size_t scheme = location.find("://");
  if (scheme == std::string::npos) return location;
  const std::size_t at = location.find('@', scheme + 3);
  if (at == std::string::npos) return location;
  const std::size_t colon = location.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon + 1) + "***" + location.substr(at);
}

}  // namespace levier::app
