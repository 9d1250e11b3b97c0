// The dialog script as coordinators publish it: the log of publications
// (which version is current, who published it, why) and the one shared
// draft the workspace edits. A small storage interface of its own (reads,
// and writes inside a unit of work), which each backend implements. The
// versions' files themselves stay in script_versions (store.h,
// SaveScriptVersion), where pinned sessions find them.
//
// Thread-safety: as the transactions that hand these out (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

// One "this version is now current": a first seeding, an import, a publish
// from the workspace or a rollback (which publishes an older version again).
struct ScriptPublication {
  std::int64_t id = 0;  // increasing: the newest publication is the current version
  std::string version;
  UnixSeconds published_at = 0;
  std::string published_by;  // an account's e-mail, or "levier dialogs import", "SIGHUP"...
  std::string message;       // the publisher's one line
};

// The workspace's draft: the files it changed, as JSON text (relative path
// -> content), over the published version it started from, and a revision that
// every save must name, so two coordinators never overwrite each other
// without knowing.
struct ScriptDraft {
  std::string files;         // JSON object: only the files that differ from the base
  std::string base_version;  // the published version the draft started from
  std::int64_t revision = 0; // 1 for a new draft, +1 per save
  std::string updated_by;
  UnixSeconds updated_at = 0;
};

// A conversation test (dialogs/transcript.h, format "levier-transcript/1")
// kept with the script: coordinators record them from the workspace's
// preview and run them against a draft before publishing. Not part of a
// script version: tests outlive the versions they check.
struct StoredTranscript {
  std::string name;     // file stem: "fr-parcours-transport"
  std::string content;  // the transcript's JSON text
  std::string updated_by;
  UnixSeconds updated_at = 0;
};

class ScriptReads {
 public:
  virtual ~ScriptReads() = default;
  virtual Result<std::optional<ScriptPublication>> LatestPublication() = 0;
  // Newest first, at most `limit`.
  virtual Result<std::vector<ScriptPublication>> ListPublications(int limit) = 0;
  // The files (JSON text) of a stored version; nullopt when unknown.
  virtual Result<std::optional<std::string>> VersionFiles(std::string_view version) = 0;
  virtual Result<std::optional<ScriptDraft>> LoadDraft() = 0;
  // Every conversation test, by name.
  virtual Result<std::vector<StoredTranscript>> ListTranscripts() = 0;
};

class ScriptWrites : public ScriptReads {
 public:
  // Keeps a published script version's files (serialized by the caller), so
  // a session can finish on the version it started with, across reloads and
  // restarts. Saving the same version again changes nothing.
  virtual Status SaveScriptVersion(std::string_view version, std::string_view files,
                                   UnixSeconds at) = 0;
  // Records a publication (its id is chosen by the store and returned). The
  // version's files must already be saved (SaveScriptVersion).
  virtual Result<std::int64_t> AppendPublication(const ScriptPublication& publication) = 0;
  // Saves the draft when the stored one is at `expected_revision` (0: when
  // there is none); FailedPrecondition otherwise, nothing written.
  // draft.revision must be expected_revision + 1.
  virtual Status SaveDraft(const ScriptDraft& draft, std::int64_t expected_revision) = 0;
  // Forgets the draft (after a publish, or when a coordinator discards it).
  virtual Status DiscardDraft() = 0;
  // Adds or replaces the conversation test `transcript.name`.
  virtual Status SaveTranscript(const StoredTranscript& transcript) = 0;
};

}  // namespace levier::store
