-- The database schema as Levier shipped it at version 3 (store/src/migrations.cc,
-- migrations 1 to 3), frozen: the upgrade tests start from it.

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
PRAGMA user_version = 3;
