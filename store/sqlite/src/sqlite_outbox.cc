// The outbox and follow-up answers (migration 3's tables) over SQLite.
//
// Addresses arrive sealed (AES-256-GCM) and are stored as BLOBs: the text
// binding is cast so that the column holds the exact bytes.
#include <string>

#include "levier/store/backend/stored_text.h"
#include "sqlite_transaction.h"

namespace levier::store {
namespace {

constexpr const char* kOutboxColumns =
    "id, created_at, channel, pseudonym, COALESCE(address_ciphertext, X''), kind, payload, "
    "due_at, next_attempt_at, attempts, status, last_error, COALESCE(platform_id, ''), delivery";

OutboxItem ReadItem(const Statement& s) {
  OutboxItem item;
  item.id = s.ColumnInt(0);
  item.created_at = s.ColumnInt(1);
  item.channel = s.ColumnText(2);
  item.pseudonym = s.ColumnText(3);
  item.address_ciphertext = s.ColumnText(4);
  item.kind = s.ColumnText(5);
  item.payload = s.ColumnText(6);
  item.due_at = s.ColumnInt(7);
  item.next_attempt_at = s.ColumnInt(8);
  item.attempts = static_cast<int>(s.ColumnInt(9));
  item.status = s.ColumnText(10);
  item.last_error = s.ColumnText(11);
  item.platform_id = s.ColumnText(12);
  item.delivery = s.ColumnText(13);
  return item;
}

// Errors are kept short and free of personal data; cap them anyway.
std::string Capped(std::string_view error) { return backend::StoredText(error, 500); }

}  // namespace

Result<std::int64_t> SqliteTransaction::EnqueueOutbox(const OutboxRecord& r) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO outbox (created_at, channel, pseudonym, address_ciphertext, kind, payload, "
      "due_at, next_attempt_at, attempts, last_error) "
      "VALUES (?1, ?2, ?3, CAST(?4 AS BLOB), ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  const QueuedState start = StateWhenQueued(r);
  s.ResetAndBind(r.created_at, r.channel, r.pseudonym, r.address_ciphertext, r.kind, r.payload,
                 r.due_at, start.next_attempt_at, static_cast<std::int64_t>(start.attempts),
                 start.last_error);
  Status run = s.Run();
  if (!run.ok()) return run;
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.raw()));
}

Result<bool> SqliteTransaction::HasPendingOutbox(std::string_view pseudonym,
                                                 std::string_view kind) {
  return RowExists(
      db_, "SELECT 1 FROM outbox WHERE pseudonym = ?1 AND kind = ?2 AND status = 'pending' LIMIT 1",
      pseudonym, kind);
}

Result<std::optional<OutboxItem>> SqliteTransaction::FindOutbox(std::int64_t id) {
  Result<Statement*> st =
      db_.Prepare(std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(id);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<OutboxItem>();
  OutboxItem item = ReadItem(s);
  s.Reset();
  return std::optional<OutboxItem>(std::move(item));
}

Status SqliteTransaction::RescheduleOutbox(std::int64_t id, int attempts,
                                           UnixSeconds next_attempt_at,
                                           std::string_view last_error) {
  Result<Statement*> st = db_.Prepare(
      "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4 "
      "WHERE id = ?1 AND status = 'pending'");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(id, static_cast<std::int64_t>(attempts), next_attempt_at, Capped(last_error));
  return s.Run();
}

Status SqliteTransaction::FinishOutbox(std::int64_t id, std::string_view status, int attempts,
                                       UnixSeconds at, std::string_view last_error,
                                       std::string_view platform_id) {
  if (status != kOutboxSent && status != kOutboxFailed && status != kOutboxCancelled) {
    return Status::InvalidArgument("outbox status '" + std::string(status) + "' is not final");
  }
  Result<Statement*> st = db_.Prepare(
      "UPDATE outbox SET status = ?2, attempts = ?3, last_error = ?5, address_ciphertext = NULL, "
      "sent_at = CASE WHEN ?2 = 'sent' THEN ?4 ELSE sent_at END, "
      "platform_id = NULLIF(?6, ''), "
      "payload = CASE WHEN kind = 'reply' THEN '' ELSE payload END WHERE id = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(id, status, static_cast<std::int64_t>(attempts), at, Capped(last_error),
                 backend::StoredText(platform_id, 200));
  return s.Run();
}

Result<std::int64_t> SqliteTransaction::CancelPendingOutbox(std::string_view pseudonym,
                                                            std::string_view kind,
                                                            std::string_view reason) {
  return ChangedRows(
      db_,
      "UPDATE outbox SET status = 'cancelled', last_error = ?2, address_ciphertext = NULL, "
      "payload = CASE WHEN kind = 'reply' THEN '' ELSE payload END "
      "WHERE pseudonym = ?1 AND status = 'pending' AND (?3 = '' OR kind = ?3)",
      pseudonym, Capped(reason), kind);
}

Result<bool> SqliteTransaction::RecordOutboxDelivery(std::string_view channel,
                                                     std::string_view platform_id,
                                                     std::string_view delivery, UnixSeconds at) {
  if (delivery != kDeliveryDelivered && delivery != kDeliveryRead && delivery != kDeliveryFailed) {
    return Status::InvalidArgument("unknown delivery report '" + std::string(delivery) + "'");
  }
  // Reports may arrive out of order or twice: keep the furthest one.
  Result<Statement*> st = db_.Prepare(
      "UPDATE outbox SET delivery = ?3, delivery_at = ?4 "
      "WHERE channel = ?1 AND platform_id = ?2 AND status = 'sent' AND ("
      "?3 = 'failed' OR delivery = '' OR (delivery = 'delivered' AND ?3 = 'read'))");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(channel, platform_id, delivery, at);
  Status run = s.Run();
  if (!run.ok()) return run;
  if (sqlite3_changes(db_.raw()) > 0) return true;
  // Known but not moved (a stale or repeated report) still counts as found.
  return RowExists(db_,
                   "SELECT 1 FROM outbox WHERE channel = ?1 AND platform_id = ?2 AND status = 'sent'",
                   channel, platform_id);
}

Status SqliteTransaction::AppendFollowupAnswer(const FollowupAnswerRecord& r) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO followup_answers (created_at, pseudonym, channel, language, commune, barrier, "
      "provider_id, contacted, rating, lifted, could_not_reach) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, 0), ?10, ?11)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(r.at, r.pseudonym, r.channel, r.language, r.commune, r.barrier, r.provider_id,
                 r.contacted, static_cast<std::int64_t>(r.rating.value_or(0)), r.lifted,
                 static_cast<std::int64_t>(r.could_not_reach ? 1 : 0));
  return s.Run();
}

Result<std::vector<OutboxItem>> SqliteReadTransaction::DueOutbox(std::string_view kind,
                                                                 UnixSeconds now, int limit) {
  // An erased participant's last reply has no pseudonym: it waits for no one.
  Result<Statement*> st = db_.Prepare(
      std::string("SELECT ") + kOutboxColumns +
      " FROM outbox AS o WHERE status = 'pending' AND next_attempt_at <= ?1 AND kind = ?3 "
      "AND (pseudonym = '' OR NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.status = 'pending' "
      "AND e.pseudonym = o.pseudonym AND e.kind = o.kind AND e.id < o.id "
      "AND e.next_attempt_at > ?1)) "
      "ORDER BY id LIMIT ?2");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(now, static_cast<std::int64_t>(limit), kind);
  std::vector<OutboxItem> items;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    items.push_back(ReadItem(s));
  }
  return items;
}

}  // namespace levier::store
