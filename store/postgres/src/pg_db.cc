#include "pg_db.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

namespace levier::store {

std::string PgRows::Text(int row, int column) const {
  const char* value = PQgetvalue(result_.get(), row, column);
  return std::string(value, static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t PgRows::Int(int row, int column) const {
  if (IsNull(row, column)) return 0;
  const char* value = PQgetvalue(result_.get(), row, column);
  std::int64_t out = 0;
  std::from_chars(value, value + std::strlen(value), out);
  return out;
}

double PgRows::Double(int row, int column) const {
  if (IsNull(row, column)) return 0;
  return std::strtod(PQgetvalue(result_.get(), row, column), nullptr);
}

std::string PgRows::Bytea(int row, int column) const {
  if (IsNull(row, column)) return {};
  std::size_t length = 0;
  unsigned char* decoded = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column)), &length);
  if (decoded == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(decoded), length);
  PQfreemem(decoded);
  return out;
}

std::int64_t PgRows::affected() const {
  const char* count = PQcmdTuples(result_.get());
  std::int64_t out = 0;
  std::from_chars(count, count + std::strlen(count), out);
  return out;
}

void PgParams::Add(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) has_nul_ = true;
  values_.emplace_back(text);
  null_.push_back(false);
  lengths_.push_back(static_cast<int>(text.size()));
  formats_.push_back(0);
}

void PgParams::Add(std::int64_t value) { Add(std::string_view(std::to_string(value))); }

void PgParams::Add(Bytes value) {
  values_.emplace_back(value.data);
  null_.push_back(false);
  lengths_.push_back(static_cast<int>(value.data.size()));
  formats_.push_back(1);  // binary: the bytes as they are, NULs included
}

void PgParams::AddNull() {
  Add(std::string_view());
  null_.back() = true;
}

std::vector<const char*> PgParams::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out.push_back(null_[i] ? nullptr : values_[i].c_str());
  }
  return out;
}

Status PgError(PGconn* conn, const PGresult* result, std::string_view what) {
  std::string message(what);
  message += ": ";
  const char* text = result != nullptr ? PQresultErrorMessage(result) : nullptr;
  if (text == nullptr || *text == '\0') text = PQerrorMessage(conn);
  message += text;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable(std::move(message));
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  // Class 08 connection, 40 serialization failure and deadlock, 53
  // insufficient resources (disk full), 57 operator intervention
  // (shutdown), 55P03 lock not available, 25006 read-only transaction
  // (a replica after failover): all worth retrying.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("40") || sqlstate.starts_with("53") ||
      sqlstate.starts_with("57") || sqlstate == "55P03" || sqlstate == "25006" ||
      sqlstate.empty()) {
    return Status::Unavailable(std::move(message));
  }
  if (sqlstate == "23505") return Status::AlreadyExists(std::move(message));
  return Status::Internal(std::move(message));
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo,
                                                         std::string setup) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr) return Status::Unavailable("cannot allocate a PostgreSQL connection");
  std::unique_ptr<PgConnection> connection(new PgConnection(conn, std::move(setup)));
  if (PQstatus(conn) != CONNECTION_OK) {
    // The message names host and database, never the password.
    return PgError(conn, nullptr, "cannot connect to PostgreSQL");
  }
  // Times are Unix seconds in BIGINT columns; nothing depends on the
  // server's time zone. Notices (IF NOT EXISTS...) are not errors.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  if (!connection->setup_.empty()) {
    if (Status s = connection->Exec(connection->setup_); !s.ok()) return s;
  }
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::Exec(std::string_view sql) {
  const std::string text(sql);
  PgRows result(PQexec(conn_, text.c_str()));
  const ExecStatusType status = PQresultStatus(result.raw());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::Ok();
  return PgError(conn_, result.raw(), "exec");
}

Result<PgRows> PgConnection::Run(const std::string& sql, const PgParams& params) {
  if (params.has_nul()) {
    // PostgreSQL text cannot hold NUL; libpq would silently store a prefix.
    return Status::InvalidArgument("a text value holds a NUL byte: " + sql.substr(0, 80));
  }
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    PgRows prepared(PQprepare(conn_, name.c_str(), sql.c_str(), params.count(), nullptr));
    if (PQresultStatus(prepared.raw()) != PGRES_COMMAND_OK) {
      return PgError(conn_, prepared.raw(), "prepare");
    }
    found = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.Pointers();
  PgRows rows(PQexecPrepared(conn_, found->second.c_str(), params.count(), values.data(),
                             params.lengths(), params.formats(), /*resultFormat=*/0));
  const ExecStatusType status = PQresultStatus(rows.raw());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  // The statement's text names tables, never the values bound to it.
  return PgError(conn_, rows.raw(), sql.substr(0, 120));
}

bool PgConnection::Healthy() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) != PQTRANS_INERROR;
}

bool PgConnection::InTransaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Status PgConnection::Reset() {
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return PgError(conn_, nullptr, "reconnect to PostgreSQL");
  return setup_.empty() ? Status::Ok() : Exec(setup_);
}

Status NotifyPublished(PgConnection& db) {
  return db.Exec(std::string("NOTIFY ") + kPublishedChannel);
}

Result<std::optional<std::string>> QueryOptionalText(PgConnection& db, const std::string& sql,
                                                     std::string_view key) {
  Result<PgRows> rows = db.Query(sql, key);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->Text(0, 0));
}

}  // namespace levier::store
