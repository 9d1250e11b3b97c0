// Schema migrations, applied in order, each in its own transaction.
// Never edit a shipped migration: append a new one.
#include <array>
#include <string>

#include "sqlite_db.h"

namespace levier::store {
namespace {

constexpr std::array<const char*, 17> kMigrations = {
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
    // 2: "talk to a person" requests; every published script version.
    R"sql(
CREATE TABLE callback_requests (
  id         INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  pseudonym  TEXT NOT NULL,
  channel    TEXT NOT NULL,
  language   TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX callback_requests_by_pseudonym ON callback_requests (pseudonym);

CREATE TABLE script_versions (
  version      TEXT PRIMARY KEY,
  files        TEXT NOT NULL,
  published_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: follow-ups (durable outbox, answers) and API access (tokens, audit).
    R"sql(
-- Messages Levier sends on its own initiative (follow-ups), drained by the
-- channel's sender. The address is kept only while pending, encrypted
-- (AES-256-GCM: nonce || ciphertext || tag), and blanked once sent,
-- cancelled or erased.
CREATE TABLE outbox (
  id                 INTEGER PRIMARY KEY,
  created_at         INTEGER NOT NULL,
  channel            TEXT NOT NULL,
  pseudonym          TEXT NOT NULL,
  address_ciphertext BLOB,
  kind               TEXT NOT NULL,
  payload            TEXT NOT NULL,
  due_at             INTEGER NOT NULL,
  next_attempt_at    INTEGER NOT NULL,
  attempts           INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'pending',
  last_error         TEXT NOT NULL DEFAULT '',
  sent_at            INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_pseudonym ON outbox (pseudonym);

-- What residents answered at follow-up, per barrier.
CREATE TABLE followup_answers (
  id              INTEGER PRIMARY KEY,
  created_at      INTEGER NOT NULL,
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

-- API bearer tokens, stored as SHA-256 hex of the token.
CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  role       TEXT NOT NULL,
  org        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;

-- Every API call: who, what, when (never message content).
CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  org    TEXT NOT NULL,
  role   TEXT NOT NULL,
  method TEXT NOT NULL,
  target TEXT NOT NULL,
  status INTEGER NOT NULL
);
)sql",
    // 4: API tokens get a public id (the first 12 hex digits of the hash, to
    // list and revoke them), an expiry (a year after creation for those made
    // before) and their last use; the audit names the token and the client.
    R"sql(
ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
UPDATE api_tokens SET id = substr(token_hash, 1, 12), expires_at = created_at + 365 * 86400;
CREATE UNIQUE INDEX api_tokens_by_id ON api_tokens (id);

ALTER TABLE audit_log ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client TEXT NOT NULL DEFAULT '';
)sql",
    // 5: an erased participant's platform message ids stay, unlinked (no
    // pseudonym, no reply), so a captured signed request replayed after the
    // erasure is answered as a duplicate instead of recreating a session.
    // `erased_at` dates the unlinking; such rows are purged after the
    // replay window (SqliteTransaction::EraseParticipant).
    R"sql(
ALTER TABLE processed_messages ADD COLUMN erased_at INTEGER;
CREATE INDEX processed_messages_erased ON processed_messages (erased_at)
  WHERE erased_at IS NOT NULL;
)sql",
    // 6: replies sent through a platform's API (kind 'reply') go through the
    // outbox too. A sent row keeps the platform's id of the message so the
    // platform's delivery reports ('delivered', 'read', 'failed') can be
    // recorded against it; rows are taken per participant in id order.
    R"sql(
ALTER TABLE outbox ADD COLUMN platform_id TEXT;
ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN delivery_at INTEGER;
CREATE INDEX outbox_by_platform_id ON outbox (channel, platform_id)
  WHERE platform_id IS NOT NULL;
CREATE INDEX outbox_pending_in_order ON outbox (pseudonym, kind, id)
  WHERE status = 'pending';
)sql",
    // 7: workspace accounts and their browser sessions (accounts.h); the
    // audit names the account and says what changed.
    R"sql(
CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL,
  org            TEXT NOT NULL,
  totp_sealed    TEXT NOT NULL DEFAULT '',
  totp_enabled   INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  disabled_at    INTEGER NOT NULL DEFAULT 0,
  last_login_at  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE web_sessions (
  token_hash   TEXT PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id),
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  revoked_at   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
CREATE INDEX web_sessions_by_last_seen ON web_sessions (last_seen_at);

ALTER TABLE audit_log ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
)sql",
    // 8: the script's publications (which version is current, by whom, why)
    // and the workspace's shared draft (scripts.h).
    R"sql(
CREATE TABLE script_publications (
  id           INTEGER PRIMARY KEY,
  version      TEXT NOT NULL REFERENCES script_versions (version),
  published_at INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE TABLE script_draft (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  files        TEXT NOT NULL,
  base_version TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  updated_by   TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
);
)sql",
    // 9: the conversation tests kept with the script (scripts.h).
    R"sql(
CREATE TABLE script_transcripts (
  name       TEXT PRIMARY KEY,
  content    TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 10: the provider directory's versions (directory.h), newest current.
    R"sql(
CREATE TABLE directory_versions (
  id             INTEGER PRIMARY KEY,
  providers      TEXT NOT NULL,
  neighbourhoods TEXT NOT NULL,
  saved_at       INTEGER NOT NULL,
  saved_by       TEXT NOT NULL,
  message        TEXT NOT NULL
);
)sql",
    // 11: the resident's priority neighbourhood on each referral, when known.
    R"sql(
ALTER TABLE referrals ADD COLUMN neighbourhood TEXT NOT NULL DEFAULT '';
)sql",
    // 12: professionals' invitations, the participants who started with a
    // code (by pseudonym) and what they agreed to share (invitations.h).
    R"sql(
CREATE TABLE invitations (
  code       TEXT PRIMARY KEY,
  org        TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  language   TEXT NOT NULL,
  note       TEXT NOT NULL,
  max_uses   INTEGER NOT NULL,
  uses       INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invitations_by_org ON invitations (org, created_at);

CREATE TABLE attributions (
  id         INTEGER PRIMARY KEY,
  pseudonym  TEXT NOT NULL,
  code       TEXT NOT NULL,
  language   TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  consent    TEXT NOT NULL DEFAULT '',
  consent_at INTEGER NOT NULL DEFAULT 0,
  barriers   TEXT NOT NULL DEFAULT ''  -- barrier codes, comma-separated
);
CREATE INDEX attributions_by_pseudonym ON attributions (pseudonym, code);
CREATE INDEX attributions_by_code ON attributions (code, consent);
)sql",
    // 13: an account's refused sign-ins are counted from the audit, so that
    // the limit on guesses holds across instances (accounts.h).
    R"sql(
CREATE INDEX audit_log_by_account ON audit_log (account, at) WHERE account <> '';
)sql",
    // 14: sessions and processed messages become rowid tables with unique
    // indexes. As WITHOUT ROWID tables their rows (a session's JSON, about
    // 350 bytes; a stored reply, about 520) sat in leaves ordered by a random
    // key, so every message rewrote a whole random page of each; SQLite
    // advises rowid tables for rows over a twentieth of a page. Now a
    // message's reply is appended beside the batch's others, and the random
    // pages it touches are small index pages (docs/performance.md).
    R"sql(
CREATE TABLE sessions_v14 (
  pseudonym  TEXT NOT NULL,
  state      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO sessions_v14 (pseudonym, state, updated_at)
  SELECT pseudonym, state, updated_at FROM sessions ORDER BY updated_at;
DROP TABLE sessions;
ALTER TABLE sessions_v14 RENAME TO sessions;
CREATE UNIQUE INDEX sessions_by_pseudonym ON sessions (pseudonym);

CREATE TABLE processed_messages_v14 (
  channel    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  pseudonym  TEXT NOT NULL,
  reply      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  erased_at  INTEGER
);
INSERT INTO processed_messages_v14 (channel, message_id, pseudonym, reply, created_at, erased_at)
  SELECT channel, message_id, pseudonym, reply, created_at, erased_at FROM processed_messages
  ORDER BY created_at;
DROP TABLE processed_messages;
ALTER TABLE processed_messages_v14 RENAME TO processed_messages;
CREATE UNIQUE INDEX processed_messages_by_id ON processed_messages (channel, message_id);
CREATE INDEX processed_messages_by_pseudonym ON processed_messages (pseudonym);
CREATE INDEX processed_messages_erased ON processed_messages (erased_at)
  WHERE erased_at IS NOT NULL;
)sql",
    // 15: one index on processed messages instead of two. The id index was
    // ordered by a random key (the platform's id), so every message wrote a
    // random page of it besides its page of the pseudonym index. Keyed by
    // the sender first, a message's entry lands beside its participant's
    // others, the dedupe and the erasure use the same index, and erased ids
    // (pseudonym '') sit together at its start (docs/performance.md).
    R"sql(
DROP INDEX processed_messages_by_id;
DROP INDEX processed_messages_by_pseudonym;
CREATE UNIQUE INDEX processed_messages_by_sender
  ON processed_messages (pseudonym, channel, message_id);
)sql",
    // 16: the stored replies still kept, by age, for the pass that blanks
    // them past the redelivery window (Transaction::ForgetStoredReplies).
    // Ordered by time, a message's entry is appended beside its batch's.
    R"sql(
CREATE INDEX processed_messages_replied ON processed_messages (created_at)
  WHERE reply <> '';
)sql",
    // 17: sign-in attempts are limited by a shared allowance now, no longer
    // counted from the audit (workspace session_api.cc): migration 13's index
    // served only that count.
    R"sql(
DROP INDEX audit_log_by_account;
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
