// Builds a Script from the JSON files of a script directory. Private to
// levier::dialogs; Script::LoadFromDirectory is the public entry point.
// Thread-compatible: one loader per load.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "levier/dialogs/script.h"
#include "levier/util/status.h"

namespace levier::dialogs {

class ScriptLoader {
 public:
  ScriptLoader(std::filesystem::path dir, const ScriptLimits& limits)
      : dir_(std::move(dir)), limits_(limits) {}

  Result<Script> Load();

 private:
  // Reads and parses one file within the limits; `display` names it in errors.
  Result<nlohmann::json> ReadJson(const std::filesystem::path& path, const std::string& display,
                                  std::string* raw);
  Status ParseFlow(const nlohmann::json& flow);
  Status ParseNode(const nlohmann::json& json, std::size_t index, Node* node);
  Status ParseChoice(const nlohmann::json& json, const std::string& where, Choice* choice);
  Status ParseLanguage(const nlohmann::json& json, const std::string& code, LanguagePack* pack);

  std::filesystem::path dir_;
  ScriptLimits limits_;
  Script script_;
};

}  // namespace levier::dialogs
