#include "sqlite_transaction.h"

namespace levier::store {

Result<std::optional<ProcessedMessage>> SqliteTransaction::FindProcessed(
    std::string_view pseudonym, std::string_view channel, std::string_view message_id) {
  // Two probes of one index: the sender's ids, then the erased ones.
  Result<Statement*> st = db_.Prepare(
      "SELECT pseudonym, reply FROM processed_messages "
      "WHERE pseudonym IN (?1, '') AND channel = ?2 AND message_id = ?3 LIMIT 1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(pseudonym, channel, message_id);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ProcessedMessage>();
  ProcessedMessage found{s.ColumnText(0), s.ColumnText(1)};
  s.Reset();
  return std::optional<ProcessedMessage>(std::move(found));
}

Status SqliteTransaction::RecordProcessed(std::string_view channel, std::string_view message_id,
                                          std::string_view pseudonym, std::string_view reply,
                                          UnixSeconds at) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO processed_messages (channel, message_id, pseudonym, reply, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(channel, message_id, pseudonym, reply, at);
  return s.Run();
}

Result<std::optional<std::string>> SqliteTransaction::LoadSession(std::string_view pseudonym) {
  return QueryOptionalText(db_, "SELECT state FROM sessions WHERE pseudonym = ?1", pseudonym);
}

Result<std::optional<UnixSeconds>> SqliteTransaction::SessionSavedAt(
    std::string_view pseudonym) {
  Result<Statement*> st = db_.Prepare("SELECT updated_at FROM sessions WHERE pseudonym = ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(pseudonym);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<UnixSeconds>();
  const UnixSeconds at = s.ColumnInt(0);
  s.Reset();
  return std::optional<UnixSeconds>(at);
}

Status SqliteTransaction::SaveSession(std::string_view pseudonym, std::string_view state,
                                      UnixSeconds at) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO sessions (pseudonym, state, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (pseudonym) DO UPDATE SET state = excluded.state, "
      "updated_at = excluded.updated_at");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(pseudonym, state, at);
  return s.Run();
}

Status SqliteTransaction::AppendReferral(const ReferralRecord& r) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO referrals (created_at, pseudonym, channel, language, barrier, provider_id, "
      "commune, source, neighbourhood) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(r.at, r.pseudonym, r.channel, r.language, r.barrier, r.provider_id, r.commune,
                 r.source, r.neighbourhood);
  return s.Run();
}

namespace {

// Runs one statement binding `text` to ?1.
Status RunWithText(Connection& db, const std::string& sql, std::string_view text) {
  Result<Statement*> st = db.Prepare(sql);
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(text);
  return (*st)->Run();
}

}  // namespace

Status SqliteTransaction::EraseParticipant(std::string_view pseudonym, UnixSeconds at) {
  // The ids stay, unlinked, for the replay window; older unlinked ids go.
  // An id already kept unlinked (another sender's, since erased) is kept
  // once: the key is (pseudonym, channel, message_id).
  if (Status s = RunWithText(db_,
                             "DELETE FROM processed_messages WHERE pseudonym = '' AND "
                             "(channel, message_id) IN (SELECT channel, message_id "
                             "FROM processed_messages WHERE pseudonym = ?1)",
                             pseudonym);
      !s.ok()) {
    return s;
  }
  Result<Statement*> unlink = db_.Prepare(
      "UPDATE processed_messages SET pseudonym = '', reply = '', erased_at = ?2 "
      "WHERE pseudonym = ?1");
  if (!unlink.ok()) return unlink.status();
  (*unlink)->ResetAndBind(pseudonym, at);
  if (Status s = (*unlink)->Run(); !s.ok()) return s;
  Result<Statement*> purge = db_.Prepare("DELETE FROM processed_messages WHERE erased_at < ?1");
  if (!purge.ok()) return purge.status();
  (*purge)->ResetAndBind(at - kErasedMessageIdsKeptFor);
  if (Status s = (*purge)->Run(); !s.ok()) return s;
  for (const char* sql : {"DELETE FROM sessions WHERE pseudonym = ?1",
                          "DELETE FROM callback_requests WHERE pseudonym = ?1",
                          // Blanked, not deleted: a row id is never reused (SQLite would
                          // reuse the highest), so a dispatcher still holding an
                          // erased row cannot record its outcome on another one.
                          "UPDATE outbox SET pseudonym = '', address_ciphertext = NULL, payload = '', "
                          "platform_id = NULL, last_error = CASE WHEN status = 'pending' THEN 'erased' "
                          "ELSE last_error END, status = CASE WHEN status = 'pending' THEN 'cancelled' "
                          "ELSE status END WHERE pseudonym = ?1",
                          "UPDATE followup_answers SET pseudonym = '' WHERE pseudonym = ?1",
                          "UPDATE attributions SET pseudonym = '', consent = CASE consent "
                          "WHEN 'yes' THEN 'withdrawn' ELSE consent END, barriers = '' "
                          "WHERE pseudonym = ?1",
                          "UPDATE referrals SET pseudonym = '' WHERE pseudonym = ?1"}) {
    Status s = RunWithText(db_, sql, pseudonym);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::int64_t> SqliteTransaction::ForgetStoredReplies(UnixSeconds before,
                                                            std::int64_t limit) {
  return ChangedRows(
      db_,
      "UPDATE processed_messages SET reply = '' WHERE rowid IN (SELECT rowid FROM "
      "processed_messages WHERE reply <> '' AND created_at < ?1 ORDER BY created_at LIMIT ?2)",
      before, limit);
}

Status SqliteTransaction::AppendCallbackRequest(std::string_view pseudonym,
                                                std::string_view channel, std::string_view language,
                                                UnixSeconds at) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO callback_requests (created_at, pseudonym, channel, language) "
      "VALUES (?1, ?2, ?3, ?4)");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(at, pseudonym, channel, language);
  return s.Run();
}

Result<bool> SqliteTransaction::SpendAllowance(std::string_view key, std::uint32_t per_minute,
                                              std::int64_t now_ms) {
  if (per_minute == 0) return true;
  // One limiter per rate, so that a key's bucket keeps its own capacity.
  RateLimiter& limiter = allowances_.try_emplace(per_minute, per_minute).first->second;
  return limiter.Allow(key, now_ms);
}

Status SqliteTransaction::RefundAllowance(std::string_view key, std::uint32_t per_minute,
                                          std::int64_t now_ms) {
  if (per_minute == 0) return Status::Ok();
  auto limiter = allowances_.find(per_minute);
  if (limiter != allowances_.end()) limiter->second.Refund(key, now_ms);
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteReadTransaction::IdleParticipants(UnixSeconds before,
                                                                         std::int64_t limit) {
  Result<Statement*> st =
      db_.Prepare("SELECT pseudonym FROM sessions WHERE updated_at < ?1 LIMIT ?2");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(before, limit);
  std::vector<std::string> idle;
  Status e = EachRow(**st, [&](const Statement& r) { idle.push_back(r.ColumnText(0)); });
  if (!e.ok()) return e;
  return idle;
}

Status SqliteReadTransaction::Ping() {
  Result<Statement*> st = db_.Prepare("SELECT 1");
  if (!st.ok()) return st.status();
  (*st)->Reset();
  Result<bool> row = (*st)->Step();
  (*st)->Reset();
  return row.ok() ? Status::Ok() : row.status();
}

}  // namespace levier::store
