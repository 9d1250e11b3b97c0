#include "pg_transaction.h"

namespace levier::store {

Status PgTransaction::LockParticipant(std::string_view pseudonym) {
  if (locked_.contains(pseudonym)) return Status::Ok();
  // Transaction-scoped: released by the batch's COMMIT or ROLLBACK, so a
  // crashed instance never leaves a participant locked. Two pseudonyms may
  // share a hash: they are then merely serialised together.
  return db_.Command("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", pseudonym);
}

Status PgTransaction::LockParticipants(const std::vector<std::string_view>& pseudonyms) {
  if (pseudonyms.empty()) return Status::Ok();
  // One text[] parameter, as an array literal: each element quoted.
  std::string array = "{";
  for (std::string_view pseudonym : pseudonyms) {
    if (array.size() > 1) array += ',';
    array += '"';
    for (char c : pseudonym) {
      if (c == '"' || c == '\\') array += '\\';
      array += c;
    }
    array += '"';
  }
  array += '}';
  // Sorted by key, and PostgreSQL evaluates a volatile output expression
  // after the sort: the locks are taken in key order.
  Status locked = db_.Command(
      "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(p, 0) AS k "
      "FROM unnest($1::text[]) AS p) AS keys ORDER BY k",
      array);
  if (!locked.ok()) return locked;
  for (std::string_view pseudonym : pseudonyms) locked_.emplace(pseudonym);
  return Status::Ok();
}

Result<std::optional<ProcessedMessage>> PgTransaction::FindProcessed(
    std::string_view pseudonym, std::string_view channel, std::string_view message_id) {
  Result<PgRows> rows = db_.Query(
      "SELECT pseudonym, reply FROM processed_messages "
      "WHERE pseudonym IN ($1, '') AND channel = $2 AND message_id = $3 LIMIT 1",
      pseudonym, channel, message_id);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ProcessedMessage>();
  return std::optional<ProcessedMessage>(ProcessedMessage{rows->Text(0, 0), rows->Text(0, 1)});
}

Status PgTransaction::RecordProcessed(std::string_view channel, std::string_view message_id,
                                      std::string_view pseudonym, std::string_view reply,
                                      UnixSeconds at) {
  // Plain INSERT: an id seen before fails the whole unit, as it must.
  return db_.Command(
      "INSERT INTO processed_messages (channel, message_id, pseudonym, reply, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      channel, message_id, pseudonym, reply, at);
}

Result<std::optional<std::string>> PgTransaction::LoadSession(std::string_view pseudonym) {
  return QueryOptionalText(db_, "SELECT state FROM sessions WHERE pseudonym = $1", pseudonym);
}

Result<std::optional<UnixSeconds>> PgTransaction::SessionSavedAt(std::string_view pseudonym) {
  Result<PgRows> rows =
      db_.Query("SELECT updated_at FROM sessions WHERE pseudonym = $1", pseudonym);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(rows->Int(0, 0));
}

Status PgTransaction::SaveSession(std::string_view pseudonym, std::string_view state,
                                  UnixSeconds at) {
  return db_.Command(
      "INSERT INTO sessions (pseudonym, state, updated_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (pseudonym) DO UPDATE SET state = excluded.state, "
      "updated_at = excluded.updated_at",
      pseudonym, state, at);
}

Status PgTransaction::AppendReferral(const ReferralRecord& r) {
  return db_.Command(
      "INSERT INTO referrals (created_at, pseudonym, channel, language, barrier, provider_id, "
      "commune, source, neighbourhood) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      r.at, r.pseudonym, r.channel, r.language, r.barrier, r.provider_id, r.commune, r.source,
      r.neighbourhood);
}

Status PgTransaction::EraseParticipant(std::string_view pseudonym, UnixSeconds at) {
  // The ids stay, unlinked, for the replay window; older unlinked ids go.
  // An id already kept unlinked (another sender's, since erased) is kept
  // once: the key is (pseudonym, channel, message_id).
  Status twins = db_.Command(
      "DELETE FROM processed_messages WHERE pseudonym = '' AND (channel, message_id) IN "
      "(SELECT channel, message_id FROM processed_messages WHERE pseudonym = $1)",
      pseudonym);
  if (!twins.ok()) return twins;
  Status unlinked = db_.Command(
      "UPDATE processed_messages SET pseudonym = '', reply = '', erased_at = $2 "
      "WHERE pseudonym = $1",
      pseudonym, at);
  if (!unlinked.ok()) return unlinked;
  Status purged = db_.Command("DELETE FROM processed_messages WHERE erased_at < $1",
                              at - kErasedMessageIdsKeptFor);
  if (!purged.ok()) return purged;
  for (const char* sql : {"DELETE FROM sessions WHERE pseudonym = $1",
                          "DELETE FROM callback_requests WHERE pseudonym = $1",
                          // Blanked, not deleted: a row id is never reused (SQLite would
                          // reuse the highest), so a dispatcher still holding an
                          // erased row cannot record its outcome on another one.
                          "UPDATE outbox SET pseudonym = '', address_ciphertext = NULL, payload = '', "
                          "platform_id = NULL, last_error = CASE WHEN status = 'pending' THEN 'erased' "
                          "ELSE last_error END, status = CASE WHEN status = 'pending' THEN 'cancelled' "
                          "ELSE status END WHERE pseudonym = $1",
                          "UPDATE followup_answers SET pseudonym = '' WHERE pseudonym = $1",
                          "UPDATE attributions SET pseudonym = '', consent = CASE consent "
                          "WHEN 'yes' THEN 'withdrawn' ELSE consent END, barriers = '' "
                          "WHERE pseudonym = $1",
                          "UPDATE referrals SET pseudonym = '' WHERE pseudonym = $1"}) {
    Status s = db_.Command(sql, pseudonym);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::int64_t> PgTransaction::ForgetStoredReplies(UnixSeconds before, std::int64_t limit) {
  return db_.CountChanged(
      "UPDATE processed_messages SET reply = '' WHERE (pseudonym, channel, message_id) IN "
      "(SELECT pseudonym, channel, message_id FROM processed_messages "
      "WHERE reply <> '' AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
      before, limit);
}

Status PgTransaction::AppendCallbackRequest(std::string_view pseudonym, std::string_view channel,
                                            std::string_view language, UnixSeconds at) {
  return db_.Command(
      "INSERT INTO callback_requests (created_at, pseudonym, channel, language) "
      "VALUES ($1, $2, $3, $4)",
      at, pseudonym, channel, language);
}

Result<bool> PgTransaction::SpendAllowance(std::string_view key, std::uint32_t per_minute,
                                          std::int64_t now_ms) {
  if (per_minute == 0) return true;
  // Every 4,096 spends of this instance, forget up to 10,000 buckets idle
  // for a minute (full again: a new bucket is the same). SKIP LOCKED: a row
  // another instance is spending from is left for later, never waited for
  // (that wait could close a cycle with the participants' locks).
  if (++spends_ % 4096 == 0) {
    if (Status pruned = db_.Command(
            "DELETE FROM allowances WHERE key IN (SELECT key FROM allowances "
            "WHERE updated_ms < $1 LIMIT 10000 FOR UPDATE SKIP LOCKED)",
            now_ms - 60'000);
        !pruned.ok()) {
      return pruned;
    }
  }
  // The token bucket of util/rate_limiter.h in one statement: every SET
  // expression reads the row as it was, so `allowed` and `units` agree. A
  // clock behind the last spend's (another instance's) refills nothing.
  Result<PgRows> rows = db_.Query(
      "INSERT INTO allowances AS a (key, units, updated_ms, allowed) "
      "VALUES ($1, ($2::BIGINT - 1) * 60000, $3::BIGINT, TRUE) "
      "ON CONFLICT (key) DO UPDATE SET "
      "allowed = levier_refilled(a.units, a.updated_ms, $3, $2) >= 60000, "
      "units = levier_refilled(a.units, a.updated_ms, $3, $2) - "
      "  CASE WHEN levier_refilled(a.units, a.updated_ms, $3, $2) >= 60000 THEN 60000 ELSE 0 END, "
      "updated_ms = GREATEST(a.updated_ms, $3) "
      "RETURNING allowed",
      key, static_cast<std::int64_t>(per_minute), now_ms);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("allowances: no row returned");
  return rows->Text(0, 0) == "t";
}

Status PgTransaction::RefundAllowance(std::string_view key, std::uint32_t per_minute,
                                      std::int64_t now_ms) {
  if (per_minute == 0) return Status::Ok();
  return db_.Command(
      "UPDATE allowances AS a SET units = LEAST($2::BIGINT * 60000, "
      "levier_refilled(a.units, a.updated_ms, $3, $2) + 60000), "
      "updated_ms = GREATEST(a.updated_ms, $3) WHERE key = $1",
      key, static_cast<std::int64_t>(per_minute), now_ms);
}

Status PgReadTransaction::Ping() { return db_.Command("SELECT 1"); }

Result<std::vector<std::string>> PgReadTransaction::IdleParticipants(UnixSeconds before,
                                                                     std::int64_t limit) {
  Result<PgRows> rows =
      db_.Query("SELECT pseudonym FROM sessions WHERE updated_at < $1 LIMIT $2", before, limit);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> idle;
  for (int r = 0; r < rows->size(); ++r) idle.push_back(rows->Text(r, 0));
  return idle;
}

}  // namespace levier::store
