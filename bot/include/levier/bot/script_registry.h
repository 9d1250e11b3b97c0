// Every loaded version of the dialog script, so a session finishes on the
// version it started with while new sessions get the newest one.
//
// Thread-safe: Current/Find may run on any thread while Publish runs on another.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "levier/dialogs/script.h"

namespace levier::bot {

class ScriptRegistry {
 public:
  explicit ScriptRegistry(std::shared_ptr<const dialogs::Script> initial);

  // Makes `script` current; older versions stay available to pinned sessions.
  void Publish(std::shared_ptr<const dialogs::Script> script);
  std::shared_ptr<const dialogs::Script> Current() const;
  // nullptr when `version` was never published in this process.
  std::shared_ptr<const dialogs::Script> Find(const std::string& version) const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const dialogs::Script> current_;                           // guarded by mutex_
  std::map<std::string, std::shared_ptr<const dialogs::Script>> versions_;  // guarded by mutex_
};

}  // namespace levier::bot
