// Private RAII wrappers over the SQLite C API for the store.
//
// A Connection and its Statements belong to exactly one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "levier/util/status.h"

namespace levier::store {

// Maps an SQLite result code to a Status: lock, full-disk, read-only and I/O
// errors are transient (Unavailable) so the platform retries; the rest are Internal.
Status SqliteError(int rc, sqlite3* db, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Resets the statement and clears its bindings; call before each use.
  void Reset();
  void Bind(int index, std::string_view text);
  void Bind(int index, std::int64_t value);
  // Reset, then `values` bound to ?1, ?2... in order: the start of most uses.
  template <typename... Values>
  void ResetAndBind(const Values&... values) {
    Reset();
    int index = 0;
    (Bind(++index, values), ...);
  }
  // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else -> error.
  Result<bool> Step();
  // Runs to completion (no rows expected).
  Status Run();
  std::string ColumnText(int index) const;
  std::int64_t ColumnInt(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens `path` read-write (create when `create`), with WAL and
  // synchronous=FULL, and the given busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                  int busy_timeout_ms);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Status Exec(std::string_view sql);
  // Exec for one statement run many times (SAVEPOINT, RELEASE...): prepared
  // once and cached, so the hot path does not re-parse SQL.
  Status ExecCached(const std::string& sql);
  // A cached prepared statement for `sql` (prepared on first use).
  Result<Statement*> Prepare(const std::string& sql);
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// Runs `s` (bound) to the end, calling `row` for each row.
template <typename RowFn>
Status EachRow(Statement& s, RowFn row) {
  for (;;) {
    Result<bool> more = s.Step();
    if (!more.ok()) {
      s.Reset();
      return more.status();
    }
    if (!*more) break;
    row(s);
  }
  s.Reset();
  return Status::Ok();
}

// Runs `sql` once with `values` bound to ?1, ?2...: how many rows it changed.
template <typename... Values>
Result<std::int64_t> ChangedRows(Connection& db, const std::string& sql,
                                 const Values&... values) {
  Result<Statement*> st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(values...);
  if (Status ran = (*st)->Run(); !ran.ok()) return ran;
  return static_cast<std::int64_t>(sqlite3_changes(db.raw()));
}

// The first column of the row `sql` finds with ?1 = `key`, as text;
// nullopt when there is none.
Result<std::optional<std::string>> QueryOptionalText(Connection& db, const std::string& sql,
                                                     std::string_view key);

// Whether `sql` finds a row with ?1 = `first` and ?2 = `second`.
Result<bool> RowExists(Connection& db, const std::string& sql, std::string_view first,
                       std::string_view second);

// Applies the migrations the database has not seen (PRAGMA user_version).
Status Migrate(Connection& connection);

}  // namespace levier::store
