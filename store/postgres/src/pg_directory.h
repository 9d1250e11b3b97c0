// DirectoryWrites (directory.h) over one PostgreSQL connection. Private to the store.
#pragma once

#include "levier/store/directory.h"
#include "pg_db.h"

namespace levier::store {

class PgDirectory final : public DirectoryWrites {
 public:
  explicit PgDirectory(PgConnection& connection) : db_(connection) {}
  Result<std::optional<std::int64_t>> LatestDirectoryId() override;
  Result<std::optional<DirectoryVersion>> LatestDirectory() override;
  Result<std::vector<DirectoryVersion>> ListDirectoryVersions(int limit) override;
  Result<std::int64_t> AppendDirectory(const DirectoryVersion& version,
                                       std::int64_t expected_latest) override;

 private:
  PgConnection& db_;
};

}  // namespace levier::store
