// DirectoryWrites (directory.h) over one SQLite connection. Private to the store.
#pragma once

#include "levier/store/directory.h"
#include "sqlite_db.h"

namespace levier::store {

class SqliteDirectory final : public DirectoryWrites {
 public:
  explicit SqliteDirectory(Connection& connection) : db_(connection) {}
  Result<std::optional<std::int64_t>> LatestDirectoryId() override;
  Result<std::optional<DirectoryVersion>> LatestDirectory() override;
  Result<std::vector<DirectoryVersion>> ListDirectoryVersions(int limit) override;
  Result<std::int64_t> AppendDirectory(const DirectoryVersion& version,
                                       std::int64_t expected_latest) override;

 private:
  Connection& db_;
};

}  // namespace levier::store
