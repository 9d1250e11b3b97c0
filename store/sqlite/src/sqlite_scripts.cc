// The script's publications and the workspace's draft (scripts.h) in SQLite.
#include "sqlite_scripts.h"

#include <sqlite3.h>

namespace levier::store {
namespace {

constexpr const char* kPublicationColumns =
    "SELECT id, version, published_at, published_by, message FROM script_publications ";

ScriptPublication PublicationFromRow(const Statement& s) {
  return ScriptPublication{s.ColumnInt(0), s.ColumnText(1), s.ColumnInt(2), s.ColumnText(3),
                           s.ColumnText(4)};
}

}  // namespace

Result<std::optional<ScriptPublication>> SqliteScripts::LatestPublication() {
  Result<std::vector<ScriptPublication>> newest = ListPublications(1);
  if (!newest.ok()) return newest.status();
  if (newest->empty()) return std::optional<ScriptPublication>();
  return std::optional<ScriptPublication>(std::move(newest->front()));
}

Result<std::vector<ScriptPublication>> SqliteScripts::ListPublications(int limit) {
  Result<Statement*> st =
      db_.Prepare(std::string(kPublicationColumns) + "ORDER BY id DESC LIMIT ?1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(static_cast<std::int64_t>(limit));
  std::vector<ScriptPublication> publications;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    publications.push_back(PublicationFromRow(s));
  }
  s.Reset();
  return publications;
}

Result<std::optional<std::string>> SqliteScripts::VersionFiles(std::string_view version) {
  return QueryOptionalText(db_, "SELECT files FROM script_versions WHERE version = ?1", version);
}

Result<std::optional<ScriptDraft>> SqliteScripts::LoadDraft() {
  Result<Statement*> st = db_.Prepare(
      "SELECT files, base_version, revision, updated_by, updated_at FROM script_draft "
      "WHERE id = 1");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ScriptDraft>();
  ScriptDraft draft{s.ColumnText(0), s.ColumnText(1), s.ColumnInt(2), s.ColumnText(3),
                    s.ColumnInt(4)};
  s.Reset();
  return std::optional<ScriptDraft>(std::move(draft));
}

Result<std::int64_t> SqliteScripts::AppendPublication(const ScriptPublication& p) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO script_publications (version, published_at, published_by, message) "
      "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM script_versions WHERE version = ?1)");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(p.version, p.published_at, p.published_by, p.message);
  if (Status ran = (*st)->Run(); !ran.ok()) return ran;
  if (sqlite3_changes(db_.raw()) == 0) {
    return Status::FailedPrecondition("script version " + p.version + " is not stored");
  }
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.raw()));
}

Status SqliteScripts::SaveDraft(const ScriptDraft& d, std::int64_t expected_revision) {
  if (d.revision != expected_revision + 1) {
    return Status::InvalidArgument("a saved draft's revision must follow the expected one");
  }
  Result<Statement*> st = db_.Prepare(
      expected_revision == 0
          ? "INSERT INTO script_draft (id, files, base_version, revision, updated_by, updated_at) "
            "VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING"
          : "UPDATE script_draft SET files = ?1, base_version = ?2, revision = ?3, "
            "updated_by = ?4, updated_at = ?5 WHERE id = 1 AND revision = ?6");
  if (!st.ok()) return st.status();
  if (expected_revision == 0) {
    (*st)->ResetAndBind(d.files, d.base_version, d.revision, d.updated_by, d.updated_at);
  } else {
    (*st)->ResetAndBind(d.files, d.base_version, d.revision, d.updated_by, d.updated_at,
                        expected_revision);
  }
  if (Status ran = (*st)->Run(); !ran.ok()) return ran;
  if (sqlite3_changes(db_.raw()) == 0) {
    return Status::FailedPrecondition("the draft was changed by someone else");
  }
  return Status::Ok();
}

Status SqliteScripts::DiscardDraft() {
  Result<Statement*> st = db_.Prepare("DELETE FROM script_draft");
  if (!st.ok()) return st.status();
  (*st)->Reset();
  return (*st)->Run();
}

Result<std::vector<StoredTranscript>> SqliteScripts::ListTranscripts() {
  Result<Statement*> st = db_.Prepare(
      "SELECT name, content, updated_by, updated_at FROM script_transcripts ORDER BY name");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.Reset();
  std::vector<StoredTranscript> transcripts;
  for (;;) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    transcripts.push_back({s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnInt(3)});
  }
  s.Reset();
  return transcripts;
}

Status SqliteScripts::SaveTranscript(const StoredTranscript& t) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO script_transcripts (name, content, updated_by, updated_at) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET content = excluded.content, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at");
  if (!st.ok()) return st.status();
  (*st)->ResetAndBind(t.name, t.content, t.updated_by, t.updated_at);
  return (*st)->Run();
}

Status SqliteScripts::SaveScriptVersion(std::string_view version, std::string_view files,
                                            UnixSeconds at) {
  Result<Statement*> st = db_.Prepare(
      "INSERT INTO script_versions (version, files, published_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (version) DO NOTHING");
  if (!st.ok()) return st.status();
  Statement& s = **st;
  s.ResetAndBind(version, files, at);
  return s.Run();
}

}  // namespace levier::store
