#include "levier/store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "sqlite_db.h"

namespace levier::store {
namespace {

struct Db {
  sqlite3* handle = nullptr;
  ~Db() { sqlite3_close(handle); }
};

Status OpenDb(const std::string& path, int flags, Db& db) {
  const int rc = sqlite3_open_v2(path.c_str(), &db.handle, flags, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db.handle, "cannot open '" + path + "'");
  sqlite3_busy_timeout(db.handle, 5000);
  return Status::Ok();
}

Status Copy(sqlite3* from, sqlite3* to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return SqliteError(sqlite3_errcode(to), to, what);
  // One step copies everything from a single read snapshot.
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteError(rc, to, what);
  return Status::Ok();
}

Status CheckIntegrity(sqlite3* db, const std::string& path) {
  sqlite3_stmt* stmt = nullptr;
  std::string result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    result = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(stmt);
  if (result != "ok") {
    return Status::FailedPrecondition("'" + path + "' failed its integrity check: " + result);
  }
  return Status::Ok();
}

}  // namespace

Status BackupDatabase(const std::string& db_path, const std::string& dest_path) {
  if (!std::filesystem::exists(db_path)) {
    return Status::NotFound("database '" + db_path + "' does not exist");
  }
  Db source, dest;
  if (Status s = OpenDb(db_path, SQLITE_OPEN_READONLY, source); !s.ok()) return s;
  // Created here, owner-only, because SQLite would create it with the
  // umask's mode, readable by others, and a backup holds every session.
  // SQLite gives its journal the same mode. O_EXCL: never overwrite.
  const int fd = ::open(dest_path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists("'" + dest_path + "' already exists: choose a new file");
    }
    return Status::Unavailable("cannot create '" + dest_path + "'");
  }
  ::close(fd);
  if (Status s = OpenDb(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, dest); !s.ok()) {
    return s;
  }
  if (Status s = Copy(source.handle, dest.handle, "backup to '" + dest_path + "'"); !s.ok()) {
    std::error_code ec;
    std::filesystem::remove(dest_path, ec);
    return s;
  }
  return CheckIntegrity(dest.handle, dest_path);
}

Status RestoreDatabase(const std::string& backup_path, const std::string& db_path) {
  if (!std::filesystem::exists(backup_path)) {
    return Status::NotFound("backup '" + backup_path + "' does not exist");
  }
  Db backup, db;
  if (Status s = OpenDb(backup_path, SQLITE_OPEN_READONLY, backup); !s.ok()) return s;
  if (Status s = CheckIntegrity(backup.handle, backup_path); !s.ok()) return s;
  if (Status s = OpenDb(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, db); !s.ok()) {
    return s;
  }
  return Copy(backup.handle, db.handle, "restore into '" + db_path + "'");
}

}  // namespace levier::store
