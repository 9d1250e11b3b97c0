// The PostgreSQL schema, as migrations applied in order, each in its own
// transaction. Never edit a shipped migration: append a new one.
//
// Migration 1 is the SQLite schema as it stood at its migration 12 (see
// store/sqlite/src/migrations.cc for why each table and column exists),
// with PostgreSQL's types: BIGINT for Unix seconds and counters, BYTEA for
// sealed addresses, identity columns for row ids.
#include <array>
#include <string>

#include "pg_db.h"

namespace levier::store {
namespace {

constexpr std::array<const char*, 5> kMigrations = {
    R"sql(
CREATE TABLE sessions (
  pseudonym  TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE processed_messages (
  channel    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  pseudonym  TEXT NOT NULL,
  reply      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  erased_at  BIGINT,
  PRIMARY KEY (channel, message_id)
);
CREATE INDEX processed_messages_by_pseudonym ON processed_messages (pseudonym);
CREATE INDEX processed_messages_erased ON processed_messages (erased_at)
  WHERE erased_at IS NOT NULL;

CREATE TABLE referrals (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at    BIGINT NOT NULL,
  pseudonym     TEXT NOT NULL,
  channel       TEXT NOT NULL,
  language      TEXT NOT NULL,
  barrier       TEXT NOT NULL,
  provider_id   TEXT NOT NULL,
  commune       TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT 'self',
  neighbourhood TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referrals_by_pseudonym ON referrals (pseudonym);
CREATE INDEX referrals_by_time ON referrals (created_at);

CREATE TABLE callback_requests (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at BIGINT NOT NULL,
  pseudonym  TEXT NOT NULL,
  channel    TEXT NOT NULL,
  language   TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX callback_requests_by_pseudonym ON callback_requests (pseudonym);

CREATE TABLE script_versions (
  version      TEXT PRIMARY KEY,
  files        TEXT NOT NULL,
  published_at BIGINT NOT NULL
);

CREATE TABLE outbox (
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at         BIGINT NOT NULL,
  channel            TEXT NOT NULL,
  pseudonym          TEXT NOT NULL,
  address_ciphertext BYTEA,
  kind               TEXT NOT NULL,
  payload            TEXT NOT NULL,
  due_at             BIGINT NOT NULL,
  next_attempt_at    BIGINT NOT NULL,
  attempts           INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'pending',
  last_error         TEXT NOT NULL DEFAULT '',
  sent_at            BIGINT,
  platform_id        TEXT,
  delivery           TEXT NOT NULL DEFAULT '',
  delivery_at        BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_pseudonym ON outbox (pseudonym);
CREATE INDEX outbox_by_platform_id ON outbox (channel, platform_id)
  WHERE platform_id IS NOT NULL;
CREATE INDEX outbox_pending_in_order ON outbox (pseudonym, kind, id)
  WHERE status = 'pending';

CREATE TABLE followup_answers (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at      BIGINT NOT NULL,
  pseudonym       TEXT NOT NULL,
  channel         TEXT NOT NULL DEFAULT '',
  language        TEXT NOT NULL DEFAULT '',
  commune         TEXT NOT NULL DEFAULT '',
  barrier         TEXT NOT NULL,
  provider_id     TEXT NOT NULL DEFAULT '',
  contacted       TEXT NOT NULL DEFAULT '',
  rating          INTEGER,
  lifted          TEXT NOT NULL DEFAULT '',
  could_not_reach INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX followup_answers_by_pseudonym ON followup_answers (pseudonym);

CREATE TABLE api_tokens (
  token_hash   TEXT PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  role         TEXT NOT NULL,
  org          TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL DEFAULT 0,
  last_used_at BIGINT,
  revoked_at   BIGINT
);

CREATE TABLE audit_log (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at       BIGINT NOT NULL,
  org      TEXT NOT NULL,
  role     TEXT NOT NULL,
  method   TEXT NOT NULL,
  target   TEXT NOT NULL,
  status   INTEGER NOT NULL,
  token_id TEXT NOT NULL DEFAULT '',
  client   TEXT NOT NULL DEFAULT '',
  account  TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT ''
);
-- Refused sign-ins of an account, counted by every instance (accounts.h).
CREATE INDEX audit_log_by_account ON audit_log (account, at) WHERE account <> '';

CREATE TABLE accounts (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL,
  org            TEXT NOT NULL,
  totp_sealed    BYTEA NOT NULL DEFAULT ''::bytea,  -- bytes as sealed (TEXT refuses NUL)
  totp_enabled   INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  created_at     BIGINT NOT NULL,
  disabled_at    BIGINT NOT NULL DEFAULT 0,
  last_login_at  BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE web_sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   BIGINT NOT NULL REFERENCES accounts (id),
  csrf_token   TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  revoked_at   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
CREATE INDEX web_sessions_by_last_seen ON web_sessions (last_seen_at);

CREATE TABLE script_publications (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version      TEXT NOT NULL REFERENCES script_versions (version),
  published_at BIGINT NOT NULL,
  published_by TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE TABLE script_draft (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  files        TEXT NOT NULL,
  base_version TEXT NOT NULL,
  revision     BIGINT NOT NULL,
  updated_by   TEXT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE TABLE script_transcripts (
  name       TEXT PRIMARY KEY,
  content    TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A version's id is its predecessor's plus one, as SQLite's rowids: two
-- writers appending over the same version cannot both win (pg_directory.cc).
CREATE TABLE directory_versions (
  id             BIGINT PRIMARY KEY,
  providers      TEXT NOT NULL,
  neighbourhoods TEXT NOT NULL,
  saved_at       BIGINT NOT NULL,
  saved_by       TEXT NOT NULL,
  message        TEXT NOT NULL
);

CREATE TABLE invitations (
  code       TEXT PRIMARY KEY,
  org        TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  language   TEXT NOT NULL,
  note       TEXT NOT NULL,
  max_uses   INTEGER NOT NULL,
  uses       INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_by_org ON invitations (org, created_at);

CREATE TABLE attributions (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pseudonym  TEXT NOT NULL,
  code       TEXT NOT NULL,
  language   TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  consent    TEXT NOT NULL DEFAULT '',
  consent_at BIGINT NOT NULL DEFAULT 0,
  barriers   TEXT NOT NULL DEFAULT ''  -- barrier codes, comma-separated
);
CREATE INDEX attributions_by_pseudonym ON attributions (pseudonym, code);
CREATE INDEX attributions_by_code ON attributions (code, consent);
)sql",
    // 2: the allowances of Transaction::SpendAllowance (a resident's
    // messages per minute, invitation code attempts), shared by every
    // instance. UNLOGGED: a spend writes no WAL (no fsync, nothing
    // replicated), and the table is emptied after a crash or on a promoted
    // replica, which only refills everyone's allowance. No index besides
    // the key, so that a spend is a HOT update.
    R"sql(
CREATE UNLOGGED TABLE allowances (
  key        TEXT PRIMARY KEY,
  units      BIGINT NOT NULL,   -- 60,000 per token (one per token per ms of refill)
  updated_ms BIGINT NOT NULL,   -- Unix milliseconds of the last spend
  allowed    BOOLEAN NOT NULL   -- whether the last spend found a token
);
-- The units of a bucket last left at `units` at `updated_ms`, at `now_ms`:
-- refilled by `per_minute` units per ms, up to `per_minute` tokens.
CREATE FUNCTION levier_refilled(units BIGINT, updated_ms BIGINT, now_ms BIGINT,
                                per_minute BIGINT) RETURNS BIGINT
  LANGUAGE SQL IMMUTABLE
  AS 'SELECT LEAST(per_minute * 60000,
                   units + LEAST(GREATEST(now_ms - updated_ms, 0), 60000) * per_minute)';
)sql",
    // 3: processed messages keyed by their sender first, as SQLite's
    // migration 15: one index for the dedupe and the erasure instead of two
    // (a message writes one index entry fewer), and the same id from
    // another sender is another message on both backends.
    R"sql(
ALTER TABLE processed_messages DROP CONSTRAINT processed_messages_pkey;
DROP INDEX processed_messages_by_pseudonym;
ALTER TABLE processed_messages ADD PRIMARY KEY (pseudonym, channel, message_id);
)sql",
    // 4: the stored replies still kept, by age, as SQLite's migration 16.
    R"sql(
CREATE INDEX processed_messages_replied ON processed_messages (created_at)
  WHERE reply <> '';
)sql",
    // 5: the audit's index by account served only the count of refused
    // sign-ins, replaced by a shared allowance (SQLite's migration 17).
    R"sql(
DROP INDEX audit_log_by_account;
)sql",
};

// Any constant shared by every Levier instance: the key of the advisory lock
// held while migrating.
constexpr std::int64_t kMigrationLock = 0x4c65766965720001;  // "Levier" 1

}  // namespace

Status MigratePostgres(PgConnection& db) {
  if (Status s = db.Exec("SET client_min_messages = warning"); !s.ok()) return s;
  if (Status s = db.Command("SELECT pg_advisory_lock($1)", kMigrationLock); !s.ok()) return s;
  auto unlock = [&] { (void)db.Command("SELECT pg_advisory_unlock($1)", kMigrationLock); };
  Status status = db.Exec(
      "CREATE TABLE IF NOT EXISTS levier_schema (version INTEGER NOT NULL);"
      "INSERT INTO levier_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM levier_schema)");
  if (!status.ok()) {
    unlock();
    return status;
  }
  Result<PgRows> version = db.Query("SELECT version FROM levier_schema");
  if (!version.ok() || version->empty()) {
    unlock();
    return version.ok() ? Status::Internal("levier_schema is empty") : version.status();
  }
  const auto current = static_cast<std::size_t>(version->Int(0, 0));
  if (current > kMigrations.size()) {
    unlock();
    return Status::FailedPrecondition("database schema version " + std::to_string(current) +
                                      " is newer than this program (" +
                                      std::to_string(kMigrations.size()) + "): upgrade Levier");
  }
  for (std::size_t i = current; i < kMigrations.size(); ++i) {
    std::string sql = "BEGIN;";
    sql += kMigrations[i];
    sql += ";UPDATE levier_schema SET version = " + std::to_string(i + 1) + ";COMMIT;";
    status = db.Exec(sql);
    if (!status.ok()) {
      (void)db.Exec("ROLLBACK");
      status = Status(status.code(), "migration " + std::to_string(i + 1) + ": " + status.message());
      break;
    }
  }
  unlock();
  return status;
}

}  // namespace levier::store
