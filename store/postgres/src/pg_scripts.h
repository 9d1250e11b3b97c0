// ScriptWrites (scripts.h) over one PostgreSQL connection. Private to the store.
#pragma once

#include "levier/store/scripts.h"
#include "pg_db.h"

namespace levier::store {

class PgScripts final : public ScriptWrites {
 public:
  explicit PgScripts(PgConnection& connection) : db_(connection) {}
  Status SaveScriptVersion(std::string_view version, std::string_view files,
                           UnixSeconds at) override;
  Result<std::optional<ScriptPublication>> LatestPublication() override;
  Result<std::vector<ScriptPublication>> ListPublications(int limit) override;
  Result<std::optional<std::string>> VersionFiles(std::string_view version) override;
  Result<std::optional<ScriptDraft>> LoadDraft() override;
  Result<std::int64_t> AppendPublication(const ScriptPublication& publication) override;
  Status SaveDraft(const ScriptDraft& draft, std::int64_t expected_revision) override;
  Status DiscardDraft() override;
  Result<std::vector<StoredTranscript>> ListTranscripts() override;
  Status SaveTranscript(const StoredTranscript& transcript) override;

 private:
  PgConnection& db_;
};

}  // namespace levier::store
