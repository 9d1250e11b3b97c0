// Schema migrations, applied in order, each in its own transaction.
// Never edit a shipped migration: append a new one.
#include <array>
#include <string>

#include "sqlite_db.h"

namespace levier::store {
namespace {

constexpr std::array<const char*, 1> kMigrations = {
    // 1: sessions, processed message ids with their reply, referral log.
    // Participants appear only as pseudonyms (HMAC of channel and address).
    R"sql(
CREATE TABLE sessions (
  pseudonym  TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE processed_messages (
  channel    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  pseudonym  TEXT NOT NULL,
  reply      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (channel, message_id)
) WITHOUT ROWID;
CREATE INDEX processed_messages_by_pseudonym ON processed_messages (pseudonym);

CREATE TABLE referrals (
  id          INTEGER PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  pseudonym   TEXT NOT NULL,
  channel     TEXT NOT NULL,
  language    TEXT NOT NULL,
  barrier     TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  commune     TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT 'self'
);
CREATE INDEX referrals_by_pseudonym ON referrals (pseudonym);
CREATE INDEX referrals_by_time ON referrals (created_at);
)sql",
};

}  // namespace

Status Migrate(Connection& connection) {
  Result<Statement*> version_query = connection.Prepare("PRAGMA user_version");
  if (!version_query.ok()) return version_query.status();
  (*version_query)->Reset();
  Result<bool> row = (*version_query)->Step();
  if (!row.ok()) return row.status();
  const auto current = static_cast<std::size_t>((*version_query)->ColumnInt(0));
  (*version_query)->Reset();
  if (current > kMigrations.size()) {
    return Status::FailedPrecondition("database schema version " + std::to_string(current) +
                                      " is newer than this program (" +
                                      std::to_string(kMigrations.size()) + "): upgrade Levier");
  }
  for (std::size_t i = current; i < kMigrations.size(); ++i) {
    std::string sql = "BEGIN IMMEDIATE;";
    sql += kMigrations[i];
    sql += "PRAGMA user_version = " + std::to_string(i + 1) + ";COMMIT;";
    Status status = connection.Exec(sql);
    if (!status.ok()) {
      (void)connection.Exec("ROLLBACK");
      return Status(status.code(), "migration " + std::to_string(i + 1) + ": " + status.message());
    }
  }
  return Status::Ok();
}

}  // namespace levier::store
