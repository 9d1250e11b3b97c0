// The provider directory's versions (directory.h) in PostgreSQL.
#include <optional>

#include "pg_transaction.h"

namespace levier::store {

Result<std::optional<std::int64_t>> PgDirectory::LatestDirectoryId() {
  Result<PgRows> rows = db_.Query("SELECT max(id) FROM directory_versions");
  if (!rows.ok()) return rows.status();
  std::optional<std::int64_t> id;
  if (!rows->IsNull(0, 0)) id = rows->Int(0, 0);
  return id;
}

Result<std::optional<DirectoryVersion>> PgDirectory::LatestDirectory() {
  Result<PgRows> rows = db_.Query(
      "SELECT id, providers, neighbourhoods, saved_at, saved_by, message "
      "FROM directory_versions ORDER BY id DESC LIMIT 1");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<DirectoryVersion>();
  return std::optional<DirectoryVersion>(DirectoryVersion{rows->Int(0, 0), rows->Text(0, 1),
                                                          rows->Text(0, 2), rows->Int(0, 3),
                                                          rows->Text(0, 4), rows->Text(0, 5)});
}

Result<std::vector<DirectoryVersion>> PgDirectory::ListDirectoryVersions(int limit) {
  // SQLite reads a negative LIMIT as none; PostgreSQL refuses it, and reads NULL so.
  std::optional<std::int64_t> most;
  if (limit >= 0) most = limit;
  Result<PgRows> rows = db_.Query(
      "SELECT id, saved_at, saved_by, message FROM directory_versions "
      "ORDER BY id DESC LIMIT $1::bigint",
      most);
  if (!rows.ok()) return rows.status();
  std::vector<DirectoryVersion> versions;
  for (int r = 0; r < rows->size(); ++r) {
    versions.push_back(
        {rows->Int(r, 0), "", "", rows->Int(r, 1), rows->Text(r, 2), rows->Text(r, 3)});
  }
  return versions;
}

Result<std::int64_t> PgDirectory::AppendDirectory(const DirectoryVersion& v,
                                                  std::int64_t expected_latest) {
  // The new id is expected_latest + 1, inserted only while expected_latest
  // is the newest. Another instance appending over the same version at the
  // same time takes the same id: the primary key makes this statement wait
  // for it and, once it commits, insert nothing (ON CONFLICT), so the loser
  // is refused as a stale writer, as with SQLite's single writer.
  Result<PgRows> rows = db_.Query(
      "INSERT INTO directory_versions (id, providers, neighbourhoods, saved_at, saved_by, message) "
      "SELECT $6::bigint + 1, $1::text, $2::text, $3::bigint, $4::text, $5::text "
      "WHERE (SELECT coalesce(max(id), 0) FROM directory_versions) = $6::bigint "
      "ON CONFLICT (id) DO NOTHING RETURNING id",
      v.providers, v.neighbourhoods, v.saved_at, v.saved_by, v.message, expected_latest);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return Status::FailedPrecondition("the provider directory was changed by someone else");
  }
  if (Status told = NotifyPublished(db_); !told.ok()) return told;
  return rows->Int(0, 0);
}

}  // namespace levier::store
