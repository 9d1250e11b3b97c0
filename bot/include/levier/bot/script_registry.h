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

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const dialogs::Script> current_;                           // guarded by mutex_
  std::map<std::string, std::shared_ptr<const dialogs::Script>> versions_;  // guarded by mutex_
};

}  // namespace levier::bot
