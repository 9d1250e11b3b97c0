// ImportSqliteDatabase: an SQLite installation copied into PostgreSQL and
// verified, in one transaction (postgres_import.h).
//
// The tables and columns come from the PostgreSQL schema (information_schema),
// so a later migration needs no change here; the SQLite file, first brought
// to the current schema, must have the same ones (but for the unlogged
// tables, which hold only what a crash may lose).
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "levier/store/postgres_import.h"
#include "levier/store/sqlite.h"
#include "levier/util/crypto.h"
#include "levier/util/utf8.h"
#include "pg_db.h"

namespace levier::store {
namespace {

enum class Kind { kInteger, kText, kBytes };

struct Column {
  std::string name;
  Kind kind = Kind::kText;
  bool identity = false;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  bool has_identity = false;
};

// An order-independent checksum of a table: the sum, modulo 2^64, of the
// first 8 bytes of SHA-256 over each row's values. Each value is its
// decimal or text form, or hex for bytes, with NULL apart from "".
class RowSum {
 public:
  void Add(const std::vector<std::optional<std::string>>& row) {
    std::string canonical;
    for (const std::optional<std::string>& value : row) {
      canonical += value ? "v" + std::to_string(value->size()) + ":" + *value : std::string("n");
    }
    const std::string digest = crypto::Sha256(canonical);
    std::uint64_t head = 0;
    std::memcpy(&head, digest.data(), sizeof head);
    sum_ += head;
    ++rows_;
  }
  std::int64_t rows() const { return rows_; }
  std::string hex() const {
    return crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(&sum_), sizeof sum_));
  }

 private:
  std::uint64_t sum_ = 0;
  std::int64_t rows_ = 0;
};

std::string SelectList(const Table& table) {
  std::string list;
  for (const Column& c : table.columns) list += (list.empty() ? "" : ", ") + c.name;
  return list;
}

// The schema's tables, each after the tables its foreign keys name.
Result<std::vector<Table>> ReadSchema(PgConnection& pg) {
  Result<PgRows> columns = pg.Query(
      "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name <> 'levier_schema' "
      // Unlogged tables hold what a crash may lose (allowances): not copied.
      "AND table_name NOT IN (SELECT c.relname FROM pg_class c JOIN pg_namespace n "
      "  ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relpersistence = 'u') "
      "ORDER BY table_name, ordinal_position");
  if (!columns.ok()) return columns.status();
  std::map<std::string, Table> tables;
  for (int r = 0; r < columns->size(); ++r) {
    Table& table = tables[columns->Text(r, 0)];
    table.name = columns->Text(r, 0);
    const std::string type = columns->Text(r, 2);
    Column column{columns->Text(r, 1),
                  type == "bytea"                               ? Kind::kBytes
                  : type == "bigint" || type == "integer"       ? Kind::kInteger
                                                                : Kind::kText,
                  columns->Text(r, 3) == "YES"};
    table.has_identity = table.has_identity || column.identity;
    table.columns.push_back(std::move(column));
  }
  Result<PgRows> keys = pg.Query(
      "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
      "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace");
  if (!keys.ok()) return keys.status();
  std::multimap<std::string, std::string> parents;
  for (int r = 0; r < keys->size(); ++r) parents.emplace(keys->Text(r, 0), keys->Text(r, 1));
  std::vector<Table> ordered;
  std::set<std::string> done;
  while (ordered.size() < tables.size()) {
    const std::size_t before = ordered.size();
    for (auto& [name, table] : tables) {
      if (done.count(name) != 0) continue;
      auto [first, last] = parents.equal_range(name);
      if (std::all_of(first, last, [&](const auto& p) { return done.count(p.second) != 0; })) {
        ordered.push_back(table);
        done.insert(name);
      }
    }
    if (ordered.size() == before) return Status::Internal("foreign keys form a cycle");
  }
  return ordered;
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

// Copies `table` from SQLite into PostgreSQL, summing what it reads.
// `*repaired` counts the text values that were not valid UTF-8.
Status CopyTable(sqlite3* lite, PgConnection& pg, const Table& table, RowSum& sum,
                 std::int64_t* repaired) {
  const std::string select = "SELECT " + SelectList(table) + " FROM " + table.name;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(lite, select.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return Status::FailedPrecondition("the SQLite file does not match this version's schema (" +
                                      table.name + "): " + sqlite3_errmsg(lite));
  }
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> st(raw);
  std::string insert = "INSERT INTO " + table.name + " (" + SelectList(table) + ") ";
  if (table.has_identity) insert += "OVERRIDING SYSTEM VALUE ";
  insert += "VALUES (";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    insert += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
  }
  insert += ")";
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    std::vector<std::optional<std::string>> row;
    PgParams params;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const int c = static_cast<int>(i);
      if (sqlite3_column_type(st.get(), c) == SQLITE_NULL) {
        row.emplace_back();
        params.AddNull();
        continue;
      }
      const auto* data = static_cast<const char*>(sqlite3_column_blob(st.get(), c));
      std::string value(data == nullptr ? "" : data,
                        static_cast<std::size_t>(sqlite3_column_bytes(st.get(), c)));
      if (table.columns[i].kind == Kind::kInteger) {
        value = std::to_string(sqlite3_column_int64(st.get(), c));
      }
      if (table.columns[i].kind == Kind::kBytes) {
        params.Add(Bytes{value});
        row.emplace_back(crypto::HexEncode(value));
      } else {
        // SQLite keeps any bytes; PostgreSQL's text must be UTF-8 without
        // NUL (an audit target from before it was cleaned, say).
        std::string text = ScrubUtf8(value);
        if (text != value) ++*repaired;
        params.Add(text);
        row.emplace_back(std::move(text));
      }
    }
    Result<PgRows> inserted = pg.Run(insert, params);
    if (!inserted.ok()) return Status(inserted.status().code(), table.name + ": " + inserted.status().message());
    sum.Add(row);
  }
  if (rc != SQLITE_DONE) return Status::Internal(table.name + ": " + sqlite3_errmsg(lite));
  return Status::Ok();
}

// The sum of what PostgreSQL now holds in `table`, read back as written.
Result<RowSum> SumStored(PgConnection& pg, const Table& table) {
  Result<PgRows> rows = pg.Query("SELECT " + SelectList(table) + " FROM " + table.name);
  if (!rows.ok()) return rows.status();
  RowSum sum;
  for (int r = 0; r < rows->size(); ++r) {
    std::vector<std::optional<std::string>> row;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const int c = static_cast<int>(i);
      if (rows->IsNull(r, c)) {
        row.emplace_back();
      } else if (table.columns[i].kind == Kind::kBytes) {
        row.emplace_back(crypto::HexEncode(rows->Bytea(r, c)));
      } else {
        row.emplace_back(rows->Text(r, c));
      }
    }
    sum.Add(row);
  }
  return sum;
}

// Identity columns go on after the largest id copied.
Status ContinueIdentities(PgConnection& pg, const Table& table) {
  for (const Column& c : table.columns) {
    if (!c.identity) continue;
    Status s = pg.Exec("SELECT setval(pg_get_serial_sequence('" + table.name + "', '" + c.name +
                       "'), COALESCE(MAX(" + c.name + "), 0) + 1, false) FROM " + table.name);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status RefuseUnlessEmpty(PgConnection& pg, const std::vector<Table>& tables) {
  for (const Table& table : tables) {
    Result<PgRows> any = pg.Query("SELECT EXISTS (SELECT 1 FROM " + table.name + ")");
    if (!any.ok()) return any.status();
    if (any->Text(0, 0) == "t") {
      return Status::FailedPrecondition("the PostgreSQL database already holds Levier data (table " +
                                        table.name + "): migrate into an empty database");
    }
  }
  return Status::Ok();
}

Result<std::vector<ImportedTable>> CopyAll(sqlite3* lite, PgConnection& pg,
                                           const std::vector<Table>& tables) {
  std::vector<ImportedTable> report;
  for (const Table& table : tables) {
    RowSum read;
    std::int64_t repaired = 0;
    if (Status s = CopyTable(lite, pg, table, read, &repaired); !s.ok()) return s;
    if (Status s = ContinueIdentities(pg, table); !s.ok()) return s;
    Result<RowSum> stored = SumStored(pg, table);
    if (!stored.ok()) return stored.status();
    if (stored->rows() != read.rows() || stored->hex() != read.hex()) {
      return Status::Internal("table " + table.name + ": " + std::to_string(read.rows()) +
                              " rows read, checksum " + read.hex() + "; " +
                              std::to_string(stored->rows()) + " stored, checksum " +
                              stored->hex() + ": nothing kept");
    }
    report.push_back({table.name, read.rows(), read.hex(), repaired});
  }
  return report;
}

}  // namespace

Result<std::vector<ImportedTable>> ImportSqliteDatabase(const std::string& sqlite_path,
                                                        const std::string& conninfo,
                                                        const PostgresOptions& options) {
  // Both databases at this version's schema: opening a store migrates it.
  for (const bool postgres : {false, true}) {
    Result<std::unique_ptr<Store>> opened =
        postgres ? OpenPostgresStore(conninfo, options) : OpenSqliteStore(sqlite_path);
    if (!opened.ok()) return opened.status();
    (*opened)->Stop();
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(sqlite_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string error = raw != nullptr ? sqlite3_errmsg(raw) : "cannot open";
    sqlite3_close(raw);
    return Status::FailedPrecondition("'" + sqlite_path + "': " + error);
  }
  std::unique_ptr<sqlite3, SqliteCloser> lite(raw);
  const std::string setup =
      options.schema.empty() ? "" : "SET search_path TO \"" + options.schema + "\"";
  Result<std::unique_ptr<PgConnection>> pg = PgConnection::Open(conninfo, setup);
  if (!pg.ok()) return pg.status();
  // One snapshot of the file, one transaction on the server.
  if (sqlite3_exec(lite.get(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Unavailable("'" + sqlite_path + "': " + sqlite3_errmsg(lite.get()));
  }
  if (Status s = (*pg)->Exec("BEGIN"); !s.ok()) return s;
  Result<std::vector<Table>> tables = ReadSchema(**pg);
  if (!tables.ok()) return tables.status();
  if (Status s = RefuseUnlessEmpty(**pg, *tables); !s.ok()) return s;
  Result<std::vector<ImportedTable>> report = CopyAll(lite.get(), **pg, *tables);
  if (!report.ok()) {
    (void)(*pg)->Exec("ROLLBACK");
    return report.status();
  }
  if (Status s = (*pg)->Exec("COMMIT"); !s.ok()) return s;
  return report;
}

}  // namespace levier::store
