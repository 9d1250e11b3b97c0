// Which version of the dialog script `levier serve` runs. The store is the
// source of truth: the newest publication (store/scripts.h) is current. The
// dialogs directory seeds a first start; afterwards it is published only on
// request: SIGHUP, `serve --watch` noticing a changed file, or
// `levier dialogs import` from another process, which the server notices
// within two seconds (FollowStore). The workspace publishes through the
// same store and registry.
//
// A version that does not load or has check errors is refused with the
// reasons in the log, and the current one keeps serving. Sessions stay on
// the version they started with (bot::ScriptRegistry).
//
// Thread-safety: Reload, Poll and FollowStore may be called from any thread;
// they are serialized. They block on the store: never call them on an I/O
// thread.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "levier/bot/script_registry.h"
#include "levier/kb/registry.h"
#include "levier/store/store.h"

namespace levier::app {

// The version to serve at start: the store's newest publication; on a first
// start (none yet), `from_directory`, saved and recorded as the first
// publication. A directory that differs from the published version is
// logged with the command that publishes it. The version chosen is checked
// against `kb` (the knowledge base may have changed since it was published):
// check errors refuse the start, printed to stderr.
Result<std::shared_ptr<const dialogs::Script>> CurrentScriptAtStart(
    store::Store& store, std::shared_ptr<const dialogs::Script> from_directory,
    const kb::KnowledgeBase& kb, const std::filesystem::path& dir);

// The conversation tests in `dir`/transcripts/*.json, checked (a malformed
// one is an error naming it); none when the folder does not exist.
Result<std::vector<store::StoredTranscript>> ReadTranscriptDirectory(
    const std::filesystem::path& dir, const std::string& by);

// Loads and checks the script in `dir`, saves its conversation tests, and
// records it as the current version published by `by` with `message`.
// AlreadyExists when it already is the current version (only the tests
// saved then). Blocks until committed.
Result<std::shared_ptr<const dialogs::Script>> ImportScriptDirectory(
    const std::filesystem::path& dir, const kb::KnowledgeBase& kb, store::Store& store,
    const std::string& by, const std::string& message);

class ScriptReloader {
 public:
  ScriptReloader(std::filesystem::path dialogs_dir, const kb::KnowledgeBaseRegistry& knowledge,
                 bot::ScriptRegistry& registry, store::Store& store);

  // Publishes the script in the directory (SIGHUP). OK when published or
  // unchanged; the refusal otherwise.
  Status Reload(const std::string& by);

  // For --watch: reloads when any file of the directory changed since the
  // last call (newest modification time). Returns true when it reloaded.
  bool Poll();

  // Makes the store's newest publication current when it is not: published
  // by another process or instance. Returns true when it changed.
  bool FollowStore();

 private:
  std::filesystem::file_time_type NewestWrite() const;

  const std::filesystem::path dir_;
  const kb::KnowledgeBaseRegistry& knowledge_;
  bot::ScriptRegistry& registry_;
  store::Store& store_;
  std::mutex mutex_;  // serializes reloads
  std::filesystem::file_time_type last_seen_;  // guarded by mutex_
  std::int64_t last_publication_ = 0;          // guarded by mutex_
};

}  // namespace levier::app
