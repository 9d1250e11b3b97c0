// The outbox and follow-up answers over PostgreSQL.
//
// Addresses arrive sealed (AES-256-GCM) and are stored as BYTEA, bound in
// binary so that the column holds the exact bytes.
#include <string>

#include "levier/store/backend/stored_text.h"
#include "pg_transaction.h"

namespace levier::store {
namespace {

const std::string kOutboxColumns =
    "id, created_at, channel, pseudonym, address_ciphertext, kind, payload, due_at, "
    "next_attempt_at, attempts, status, last_error, COALESCE(platform_id, ''), delivery";

OutboxItem ReadItem(const PgRows& rows, int r) {
  OutboxItem item;
  item.id = rows.Int(r, 0);
  item.created_at = rows.Int(r, 1);
  item.channel = rows.Text(r, 2);
  item.pseudonym = rows.Text(r, 3);
  item.address_ciphertext = rows.Bytea(r, 4);  // "" once blanked (NULL)
  item.kind = rows.Text(r, 5);
  item.payload = rows.Text(r, 6);
  item.due_at = rows.Int(r, 7);
  item.next_attempt_at = rows.Int(r, 8);
  item.attempts = static_cast<int>(rows.Int(r, 9));
  item.status = rows.Text(r, 10);
  item.last_error = rows.Text(r, 11);
  item.platform_id = rows.Text(r, 12);
  item.delivery = rows.Text(r, 13);
  return item;
}

// The row `id` read by `sql` (a SELECT of kOutboxColumns with a locking clause).
Result<std::optional<OutboxItem>> OneRow(PgConnection& db, const std::string& sql,
                                         std::int64_t id) {
  Result<PgRows> rows = db.Query(sql, id);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<OutboxItem>();
  return std::optional<OutboxItem>(ReadItem(*rows, 0));
}

// Errors are kept short and free of personal data; cap them anyway.
std::string Capped(std::string_view error) { return backend::StoredText(error, 500); }

}  // namespace

Result<std::int64_t> PgTransaction::EnqueueOutbox(const OutboxRecord& r) {
  const QueuedState start = StateWhenQueued(r);
  Result<PgRows> rows = db_.Query(
      "INSERT INTO outbox (created_at, channel, pseudonym, address_ciphertext, kind, payload, "
      "due_at, next_attempt_at, attempts, last_error) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      r.created_at, r.channel, r.pseudonym, Bytes{r.address_ciphertext}, r.kind, r.payload,
      r.due_at, start.next_attempt_at, start.attempts, start.last_error);
  if (!rows.ok()) return rows.status();
  return rows->Int(0, 0);
}

Result<bool> PgTransaction::HasPendingOutbox(std::string_view pseudonym, std::string_view kind) {
  Result<PgRows> rows = db_.Query(
      "SELECT 1 FROM outbox WHERE pseudonym = $1 AND kind = $2 AND status = 'pending' LIMIT 1",
      pseudonym, kind);
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

Result<std::optional<OutboxItem>> PgTransaction::FindOutbox(std::int64_t id) {
  // FOR UPDATE: the row stays locked until this unit's transaction ends, so
  // when two instances claim it at once the second waits, then reads the
  // first's lease (next_attempt_at moved on) and leaves the row: one send.
  static const std::string kSql =
      "SELECT " + kOutboxColumns + " FROM outbox WHERE id = $1 FOR UPDATE";
  return OneRow(db_, kSql, id);
}

Result<std::optional<OutboxItem>> PgTransaction::TakeOutbox(std::int64_t id) {
  // SKIP LOCKED: a row another instance is claiming right now is left to it;
  // this dispatcher goes on with the rest of its batch instead of waiting.
  static const std::string kSql =
      "SELECT " + kOutboxColumns + " FROM outbox WHERE id = $1 FOR UPDATE SKIP LOCKED";
  return OneRow(db_, kSql, id);
}

Status PgTransaction::RescheduleOutbox(std::int64_t id, int attempts, UnixSeconds next_attempt_at,
                                       std::string_view last_error) {
  return db_.Command(
      "UPDATE outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 "
      "WHERE id = $1 AND status = 'pending'",
      id, attempts, next_attempt_at, Capped(last_error));
}

Status PgTransaction::FinishOutbox(std::int64_t id, std::string_view status, int attempts,
                                   UnixSeconds at, std::string_view last_error,
                                   std::string_view platform_id) {
  if (status != kOutboxSent && status != kOutboxFailed && status != kOutboxCancelled) {
    return Status::InvalidArgument("outbox status '" + std::string(status) + "' is not final");
  }
  return db_.Command(
      "UPDATE outbox SET status = $2, attempts = $3, last_error = $5, address_ciphertext = NULL, "
      "sent_at = CASE WHEN $2::text = 'sent' THEN $4::bigint ELSE sent_at END, "
      "platform_id = NULLIF($6::text, ''), "
      "payload = CASE WHEN kind = 'reply' THEN '' ELSE payload END WHERE id = $1",
      id, status, attempts, at, Capped(last_error), backend::StoredText(platform_id, 200));
}

Result<std::int64_t> PgTransaction::CancelPendingOutbox(std::string_view pseudonym,
                                                        std::string_view kind,
                                                        std::string_view reason) {
  return db_.CountChanged(
      "UPDATE outbox SET status = 'cancelled', last_error = $2, address_ciphertext = NULL, "
      "payload = CASE WHEN kind = 'reply' THEN '' ELSE payload END "
      "WHERE pseudonym = $1 AND status = 'pending' AND ($3::text = '' OR kind = $3::text)",
      pseudonym, Capped(reason), kind);
}

Result<bool> PgTransaction::RecordOutboxDelivery(std::string_view channel,
                                                 std::string_view platform_id,
                                                 std::string_view delivery, UnixSeconds at) {
  if (delivery != kDeliveryDelivered && delivery != kDeliveryRead && delivery != kDeliveryFailed) {
    return Status::InvalidArgument("unknown delivery report '" + std::string(delivery) + "'");
  }
  // Reports may arrive out of order or twice: keep the furthest one.
  Result<PgRows> moved = db_.Query(
      "UPDATE outbox SET delivery = $3, delivery_at = $4 "
      "WHERE channel = $1 AND platform_id = $2 AND status = 'sent' AND ("
      "$3::text = 'failed' OR delivery = '' OR (delivery = 'delivered' AND $3::text = 'read'))",
      channel, platform_id, delivery, at);
  if (!moved.ok()) return moved.status();
  if (moved->affected() > 0) return true;
  // Known but not moved (a stale or repeated report) still counts as found.
  Result<PgRows> known = db_.Query(
      "SELECT 1 FROM outbox WHERE channel = $1 AND platform_id = $2 AND status = 'sent'",
      channel, platform_id);
  if (!known.ok()) return known.status();
  return !known->empty();
}

Status PgTransaction::AppendFollowupAnswer(const FollowupAnswerRecord& r) {
  return db_.Command(
      "INSERT INTO followup_answers (created_at, pseudonym, channel, language, commune, barrier, "
      "provider_id, contacted, rating, lifted, could_not_reach) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9::integer, 0), $10, $11)",
      r.at, r.pseudonym, r.channel, r.language, r.commune, r.barrier, r.provider_id, r.contacted,
      r.rating.value_or(0), r.lifted, r.could_not_reach);
}

Result<std::vector<OutboxItem>> PgReadTransaction::DueOutbox(std::string_view kind,
                                                             UnixSeconds now, int limit) {
  // An erased participant's last reply has no pseudonym: it waits for no one.
  static const std::string kSql =
      "SELECT " + kOutboxColumns +
      " FROM outbox AS o WHERE status = 'pending' AND next_attempt_at <= $1 AND kind = $3 "
      "AND (pseudonym = '' OR NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.status = 'pending' "
      "AND e.pseudonym = o.pseudonym AND e.kind = o.kind AND e.id < o.id "
      "AND e.next_attempt_at > $1)) "
      "ORDER BY id LIMIT $2";
  Result<PgRows> rows = db_.Query(kSql, now, limit, kind);
  if (!rows.ok()) return rows.status();
  std::vector<OutboxItem> items;
  items.reserve(static_cast<std::size_t>(rows->size()));
  for (int r = 0; r < rows->size(); ++r) items.push_back(ReadItem(*rows, r));
  return items;
}

}  // namespace levier::store
