// Private RAII wrappers over libpq for the PostgreSQL backend.
//
// A PgConnection belongs to exactly one thread. Statements are prepared once
// per connection (named, cached by their SQL) and run with text parameters
// $1, $2... bound in order; a `Bytes` parameter is sent in binary (BYTEA).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "levier/util/status.h"

namespace levier::store {

// Binary data for a BYTEA parameter (sealed addresses).
struct Bytes {
  std::string_view data;
};

// One statement's result; owns the PGresult.
class PgRows {
 public:
  explicit PgRows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  // "" for NULL.
  std::string Text(int row, int column) const;
  // 0 for NULL.
  std::int64_t Int(int row, int column) const;
  // 0 for NULL (AVG, ratios).
  double Double(int row, int column) const;
  // A BYTEA column, decoded ("" for NULL).
  std::string Bytea(int row, int column) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t affected() const;
  const PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// A statement's parameters, as libpq wants them.
class PgParams {
 public:
  void Add(std::string_view text);
  void Add(const std::string& text) { Add(std::string_view(text)); }
  void Add(const char* text) { Add(std::string_view(text)); }
  void Add(std::int64_t value);
  void Add(int value) { Add(static_cast<std::int64_t>(value)); }
  void Add(bool value) { Add(static_cast<std::int64_t>(value ? 1 : 0)); }
  void Add(Bytes value);
  void AddNull();
  template <typename T>
  void Add(const std::optional<T>& value) {
    if (value.has_value()) Add(*value); else AddNull();
  }
  int count() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> Pointers() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }
  // A text value held a NUL byte, which libpq would cut it at: refused.
  bool has_nul() const { return has_nul_; }

 private:
  bool has_nul_ = false;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// Maps a failed result (or a lost connection) to a Status: connection
// loss, serialization failures, deadlocks, lock timeouts and resource
// exhaustion are transient (Unavailable, the platform retries); a unique
// violation is AlreadyExists; the rest are Internal.
Status PgError(PGconn* conn, const PGresult* result, std::string_view what);

class PgConnection {
 public:
  // Connects with `conninfo` (a libpq keyword string or a postgresql:// URI)
  // and runs `setup` (settings such as the search path), again after each
  // reconnection.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& conninfo,
                                                    std::string setup = "");
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // Runs one or more statements with no parameters (simple protocol).
  Status Exec(std::string_view sql);
  // Runs `sql` (prepared on first use on this connection) with `values`
  // bound to $1, $2... in order.
  template <typename... Values>
  Result<PgRows> Query(const std::string& sql, const Values&... values) {
    PgParams params;
    (params.Add(values), ...);
    return Run(sql, params);
  }
  // Query for a statement that returns no rows.
  template <typename... Values>
  Status Command(const std::string& sql, const Values&... values) {
    Result<PgRows> rows = Query(sql, values...);
    return rows.ok() ? Status::Ok() : rows.status();
  }
  // Query for an UPDATE or DELETE: how many rows it changed.
  template <typename... Values>
  Result<std::int64_t> CountChanged(const std::string& sql, const Values&... values) {
    Result<PgRows> rows = Query(sql, values...);
    if (!rows.ok()) return rows.status();
    return rows->affected();
  }
  Result<PgRows> Run(const std::string& sql, const PgParams& params);

  // True when the connection is usable and not inside a failed transaction.
  bool Healthy() const;
  // Inside a transaction block (open or failed).
  bool InTransaction() const;
  // Reconnects after a lost connection; forgets the prepared statements.
  Status Reset();
  PGconn* raw() { return conn_; }

 private:
  PgConnection(PGconn* conn, std::string setup) : conn_(conn), setup_(std::move(setup)) {}
  PGconn* conn_;
  const std::string setup_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

// The first column of the row `sql` finds with $1 = `key`, as text;
// nullopt when there is none.
Result<std::optional<std::string>> QueryOptionalText(PgConnection& db, const std::string& sql,
                                                     std::string_view key);

// The channel of LISTEN/NOTIFY on which every instance hears that a script
// or directory version was published (Store::WatchPublications).
inline constexpr const char* kPublishedChannel = "levier_published";

// Tells every listening instance, once this transaction commits (NOTIFY is
// transactional: a rolled-back publication says nothing).
Status NotifyPublished(PgConnection& db);

// Applies the schema migrations the database has not seen, under an advisory
// lock so that instances starting together do not race.
Status MigratePostgres(PgConnection& connection);

}  // namespace levier::store
