// The script's publications and the workspace's draft (scripts.h) in PostgreSQL.
#include "pg_scripts.h"

namespace levier::store {

Result<std::optional<ScriptPublication>> PgScripts::LatestPublication() {
  Result<std::vector<ScriptPublication>> newest = ListPublications(1);
  if (!newest.ok()) return newest.status();
  if (newest->empty()) return std::optional<ScriptPublication>();
  return std::optional<ScriptPublication>(std::move(newest->front()));
}

Result<std::vector<ScriptPublication>> PgScripts::ListPublications(int limit) {
  Result<PgRows> rows = db_.Query(
      "SELECT id, version, published_at, published_by, message FROM script_publications "
      "ORDER BY id DESC LIMIT $1",
      limit);
  if (!rows.ok()) return rows.status();
  const PgRows& s = *rows;
  std::vector<ScriptPublication> publications;
  publications.reserve(static_cast<std::size_t>(s.size()));
  for (int r = 0; r < s.size(); ++r) {
    publications.push_back(
        ScriptPublication{s.Int(r, 0), s.Text(r, 1), s.Int(r, 2), s.Text(r, 3), s.Text(r, 4)});
  }
  return publications;
}

Result<std::optional<std::string>> PgScripts::VersionFiles(std::string_view version) {
  return QueryOptionalText(db_, "SELECT files FROM script_versions WHERE version = $1", version);
}

Result<std::optional<ScriptDraft>> PgScripts::LoadDraft() {
  Result<PgRows> rows = db_.Query(
      "SELECT files, base_version, revision, updated_by, updated_at FROM script_draft "
      "WHERE id = 1");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ScriptDraft>();
  const PgRows& s = *rows;
  return std::optional<ScriptDraft>(
      ScriptDraft{s.Text(0, 0), s.Text(0, 1), s.Int(0, 2), s.Text(0, 3), s.Int(0, 4)});
}

Result<std::int64_t> PgScripts::AppendPublication(const ScriptPublication& p) {
  // The casts type the SELECT's parameters (nothing else gives them one).
  Result<PgRows> rows = db_.Query(
      "INSERT INTO script_publications (version, published_at, published_by, message) "
      "SELECT $1::text, $2::bigint, $3::text, $4::text "
      "WHERE EXISTS (SELECT 1 FROM script_versions WHERE version = $1) RETURNING id",
      p.version, p.published_at, p.published_by, p.message);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return Status::FailedPrecondition("script version " + p.version + " is not stored");
  }
  if (Status told = NotifyPublished(db_); !told.ok()) return told;
  return rows->Int(0, 0);
}

Status PgScripts::SaveDraft(const ScriptDraft& d, std::int64_t expected_revision) {
  if (d.revision != expected_revision + 1) {
    return Status::InvalidArgument("a saved draft's revision must follow the expected one");
  }
  Result<PgRows> rows =
      expected_revision == 0
          ? db_.Query("INSERT INTO script_draft (id, files, base_version, revision, updated_by, "
                      "updated_at) VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                      d.files, d.base_version, d.revision, d.updated_by, d.updated_at)
          : db_.Query("UPDATE script_draft SET files = $1, base_version = $2, revision = $3, "
                      "updated_by = $4, updated_at = $5 WHERE id = 1 AND revision = $6",
                      d.files, d.base_version, d.revision, d.updated_by, d.updated_at,
                      expected_revision);
  if (!rows.ok()) return rows.status();
  if (rows->affected() == 0) {
    return Status::FailedPrecondition("the draft was changed by someone else");
  }
  return Status::Ok();
}

Status PgScripts::DiscardDraft() { return db_.Command("DELETE FROM script_draft"); }

Result<std::vector<StoredTranscript>> PgScripts::ListTranscripts() {
  // COLLATE "C": by bytes, as SQLite sorts, whatever the database's locale.
  Result<PgRows> rows = db_.Query(
      "SELECT name, content, updated_by, updated_at FROM script_transcripts "
      "ORDER BY name COLLATE \"C\"");
  if (!rows.ok()) return rows.status();
  const PgRows& s = *rows;
  std::vector<StoredTranscript> transcripts;
  transcripts.reserve(static_cast<std::size_t>(s.size()));
  for (int r = 0; r < s.size(); ++r) {
    transcripts.push_back({s.Text(r, 0), s.Text(r, 1), s.Text(r, 2), s.Int(r, 3)});
  }
  return transcripts;
}

Status PgScripts::SaveTranscript(const StoredTranscript& t) {
  return db_.Command(
      "INSERT INTO script_transcripts (name, content, updated_by, updated_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET content = excluded.content, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      t.name, t.content, t.updated_by, t.updated_at);
}

Status PgScripts::SaveScriptVersion(std::string_view version, std::string_view files,
                                    UnixSeconds at) {
  return db_.Command(
      "INSERT INTO script_versions (version, files, published_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (version) DO NOTHING",
      version, files, at);
}

}  // namespace levier::store
