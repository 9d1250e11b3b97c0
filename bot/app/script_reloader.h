// Publishes a new version of the dialog script while the server runs
// (SIGHUP, or `serve --watch` noticing a changed file). A version that does
// not load or has check errors is refused with the reasons in the log, and
// the current one keeps serving. Sessions stay on the version they started
// with (bot::ScriptRegistry).
//
// Thread-safety: Reload and Poll may be called from any thread; reloads are
// serialized.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "levier/bot/script_registry.h"
#include "levier/kb/knowledge_base.h"
#include "levier/store/store.h"

namespace levier::app {

class ScriptReloader {
 public:
  ScriptReloader(std::filesystem::path dialogs_dir, std::shared_ptr<const kb::KnowledgeBase> kb,
                 bot::ScriptRegistry& registry, store::Store& store);

  // Loads, checks, persists and publishes the script in the directory.
  // OK when published or unchanged; the refusal otherwise. Blocks until the
  // new version is committed to the store.
  Status Reload();

  // For --watch: reloads when any file of the directory changed since the
  // last call (newest modification time). Returns true when it reloaded.
  bool Poll();

 private:
  std::filesystem::file_time_type NewestWrite() const;

  const std::filesystem::path dir_;
  const std::shared_ptr<const kb::KnowledgeBase> kb_;
  bot::ScriptRegistry& registry_;
  store::Store& store_;
  std::mutex mutex_;  // serializes reloads
  std::filesystem::file_time_type last_seen_;  // guarded by mutex_
};

}  // namespace levier::app
