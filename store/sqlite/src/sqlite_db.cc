#include "sqlite_db.h"

#include <string>

namespace levier::store {

Status SqliteError(int rc, sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return Status::Unavailable(std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Statement::Bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status error = SqliteError(rc, db_, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  Result<bool> r = Step();
  if (!r.ok()) return r.status();
  return Status::Ok();
}

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  const int n = sqlite3_column_bytes(stmt_, index);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), n);
}

std::int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status error = SqliteError(rc, db, "cannot open database '" + path + "'");
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // WAL lets the reader run beside the writer; synchronous=FULL makes every
  // COMMIT durable before the webhook acknowledges the message it carries.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"}) {
    Result<Statement*> st = connection->Prepare(pragma);
    if (!st.ok()) return Status(st.status().code(), path + ": " + st.status().message());
    (*st)->Reset();
    Result<bool> step = (*st)->Step();
    while (step.ok() && *step) step = (*st)->Step();
    if (!step.ok()) return Status(step.status().code(), path + ": " + step.status().message());
  }
  return connection;
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string what = error != nullptr ? error : "exec failed";
  sqlite3_free(error);
  return SqliteError(rc, nullptr, what);
}

Status Connection::ExecCached(const std::string& sql) {
  Result<Statement*> st = Prepare(sql);
  if (!st.ok()) return st.status();
  (*st)->Reset();
  Status status = (*st)->Run();
  (*st)->Reset();
  return status;
}

Result<Statement*> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db_, "prepare");
  auto [pos, inserted] = cache_.emplace(sql, std::make_unique<Statement>(db_, stmt));
  return pos->second.get();
}

Result<std::optional<std::string>> QueryOptionalText(Connection& db, const std::string& sql,
                                                     std::string_view key) {
  Result<Statement*> st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(key);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  std::string text = s.ColumnText(0);
  s.Reset();
  return std::optional<std::string>(std::move(text));
}

Result<bool> RowExists(Connection& db, const std::string& sql, std::string_view first,
                       std::string_view second) {
  Result<Statement*> st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(first, second);
  Result<bool> row = s.Step();
  s.Reset();
  return row;
}

}  // namespace levier::store
