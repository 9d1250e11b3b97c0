#include "levier/bot/script_registry.h"

namespace levier::bot {

ScriptRegistry::ScriptRegistry(std::shared_ptr<const dialogs::Script> initial) {
  Publish(std::move(initial));
}

void ScriptRegistry::Publish(std::shared_ptr<const dialogs::Script> script) {
  std::lock_guard lock(mutex_);
  versions_[script->version()] = script;
  current_ = std::move(script);
}

std::shared_ptr<const dialogs::Script> ScriptRegistry::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const dialogs::Script> ScriptRegistry::Find(const std::string& version) const {
  std::lock_guard lock(mutex_);
  auto it = versions_.find(version);
  return it == versions_.end() ? nullptr : it->second;
}

}  // namespace levier::bot
