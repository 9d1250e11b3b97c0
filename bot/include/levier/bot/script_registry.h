// Every published version of the dialog script, so a session finishes on the
// version it started with while new sessions get the newest one, across
// reloads and restarts: versions live in memory and in the store.
//
// Thread-safety: Current/Find/Publish may run concurrently on any threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "levier/dialogs/script.h"
#include "levier/store/store.h"

namespace levier::bot {

// The files of a stored version (a JSON object, relative path -> content,
// as script_versions keeps them), loaded; `origin` names them in errors.
Result<dialogs::Script> ScriptFromStoredFiles(std::string_view files_json,
                                              std::string_view origin);
// The files of a script as script_versions keeps them.
std::string StoredFiles(const dialogs::Script& script);

class ScriptRegistry {
 public:
  explicit ScriptRegistry(std::shared_ptr<const dialogs::Script> initial);

  // Makes `script` current; older versions stay available to pinned sessions.
  // Persisting it is the caller's job (PersistUnit), before sessions use it.
  void Publish(std::shared_ptr<const dialogs::Script> script);
  std::shared_ptr<const dialogs::Script> Current() const;

  // The script of `version`: from memory, else loaded from the store inside
  // the caller's unit of work (and kept in memory). nullptr when unknown or
  // when the stored files no longer load.
  std::shared_ptr<const dialogs::Script> Find(const std::string& version,
                                              store::Transaction& txn);

  // A unit of work that saves `script`'s files under its version.
  static store::Store::Work PersistUnit(std::shared_ptr<const dialogs::Script> script,
                                        UnixSeconds now);
  // A unit of work that saves `script`'s files and records it as the
  // current version (store/scripts.h), published by `by` with `message`.
  // The caller then calls Publish(script) once the unit is committed.
  static store::Store::Work PublishUnit(std::shared_ptr<const dialogs::Script> script,
                                        std::string by, std::string message, UnixSeconds now);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const dialogs::Script> current_;                           // guarded by mutex_
  std::map<std::string, std::shared_ptr<const dialogs::Script>> versions_;  // guarded by mutex_
};

}  // namespace levier::bot
