// The provider directory's versions (directory.h) in SQLite.
#include "sqlite_directory.h"

#include <sqlite3.h>

namespace levier::store {

Result<std::optional<std::int64_t>> SqliteDirectory::LatestDirectoryId() {
  Result<Statement*> st = db_.Prepare("SELECT coalesce(max(id), 0) FROM directory_versions");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  std::optional<std::int64_t> id;
  if (*row && s.ColumnInt(0) > 0) id = s.ColumnInt(0);
  s.Reset();
  return id;
}

Result<std::optional<DirectoryVersion>> SqliteDirectory::LatestDirectory() {
  Result<Statement*> st = db_.Prepare(
      "SELECT id, providers, neighbourhoods, saved_at, saved_by, message "
      "FROM directory_versions ORDER BY id DESC LIMIT 1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<DirectoryVersion>();
  DirectoryVersion v{s.ColumnInt(0), s.ColumnText(1), s.ColumnText(2),
                     s.ColumnInt(3), s.ColumnText(4), s.ColumnText(5)};
  s.Reset();
  return std::optional<DirectoryVersion>(std::move(v));
}

Result<std::vector<DirectoryVersion>> SqliteDirectory::ListDirectoryVersions(int limit) {
  Result<Statement*> st = db_.Prepare(
      "SELECT id, saved_at, saved_by, message FROM directory_versions "
      "ORDER BY id DESC LIMIT ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(static_cast<std::int64_t>(limit));
  std::vector<DirectoryVersion> versions;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    versions.push_back({s.ColumnInt(0), "", "", s.ColumnInt(1), s.ColumnText(2), s.ColumnText(3)});
  }
  s.Reset();
  return versions;
}

Result<std::int64_t> SqliteDirectory::AppendDirectory(const DirectoryVersion& v,
                                                      std::int64_t expected_latest) {
  // One statement: the check and the insert cannot be separated by another
  // writer (there is one writer, but the rule should not depend on it).
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO directory_versions (providers, neighbourhoods, saved_at, saved_by, message) "
      "SELECT ?1, ?2, ?3, ?4, ?5 "
      "WHERE (SELECT coalesce(max(id), 0) FROM directory_versions) = ?6");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(v.providers, v.neighbourhoods, v.saved_at, v.saved_by, v.message,
                      expected_latest);
  if (Status ran = (*st)->Run(); !ran.ok()) return ran;
  if (sqlite3_changes(db_.raw()) == 0) {
    return Status::FailedPrecondition("the provider directory was changed by someone else");
  }
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.raw()));
}

}  // namespace levier::store
