#include "levier/bot/script_registry.h"

#include <nlohmann/json.hpp>

#include "levier/util/json_dump.h"
#include "levier/util/log.h"

namespace levier::bot {

Result<dialogs::Script> ScriptFromStoredFiles(std::string_view files_json,
                                              std::string_view origin) {
  nlohmann::json files = nlohmann::json::parse(files_json, nullptr, /*allow_exceptions=*/false);
  if (!files.is_object()) {
    return Status::InvalidArgument(std::string(origin) + ": stored files are not a JSON object");
  }
  std::map<std::string, std::string> texts;
  for (auto it = files.begin(); it != files.end(); ++it) {
    if (!it.value().is_string()) {
      return Status::InvalidArgument(std::string(origin) + ": " + it.key() + " is not text");
    }
    texts[it.key()] = it.value().get<std::string>();
  }
  return dialogs::Script::LoadFromFiles(texts, origin);
}

std::string StoredFiles(const dialogs::Script& script) {
  return DumpJson(nlohmann::json(script.files()));
}

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

std::shared_ptr<const dialogs::Script> ScriptRegistry::Find(const std::string& version,
                                                            store::Transaction& txn) {
  {
    std::lock_guard lock(mutex_);
    auto it = versions_.find(version);
    if (it != versions_.end()) return it->second;
  }
  Result<std::optional<std::string>> stored = txn.scripts().VersionFiles(version);
  if (!stored.ok() || !stored->has_value()) return nullptr;
  Result<dialogs::Script> script =
      ScriptFromStoredFiles(**stored, "stored script version " + version);
  if (!script.ok()) {
    log::Warn("stored_script_unloadable", {{"version", version}});
    return nullptr;
  }
  auto loaded = std::make_shared<const dialogs::Script>(std::move(*script));
  std::lock_guard lock(mutex_);
  return versions_.emplace(version, std::move(loaded)).first->second;
}

store::Store::Work ScriptRegistry::PersistUnit(std::shared_ptr<const dialogs::Script> script,
                                               UnixSeconds now) {
  return [script = std::move(script), now](store::Transaction& txn) {
    return txn.scripts().SaveScriptVersion(script->version(), StoredFiles(*script), now);
  };
}

store::Store::Work ScriptRegistry::PublishUnit(std::shared_ptr<const dialogs::Script> script,
                                               std::string by, std::string message,
                                               UnixSeconds now) {
  return [script = std::move(script), by = std::move(by), message = std::move(message),
          now](store::Transaction& txn) -> Status {
    if (Status saved = txn.scripts().SaveScriptVersion(script->version(), StoredFiles(*script), now);
        !saved.ok()) {
      return saved;
    }
    return txn.scripts()
        .AppendPublication(store::ScriptPublication{0, script->version(), now, by, message})
        .status();
  };
}

}  // namespace levier::bot
