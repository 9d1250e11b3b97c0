// Builds a Script from the raw JSON files of a script, keyed by relative path
// ("flow.json", "lang/fr.json"). Private to levier::dialogs;
// Script::LoadFromFiles and Script::LoadFromDirectory are the public entry
// points. Thread-compatible: one loader per load.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/dialogs/script.h"
#include "levier/util/status.h"

namespace levier::dialogs {

// JSON field readers shared by the loader's files; errors start with `where`.
namespace loader {
// The longest text (or string setting) a script file may hold, in bytes.
inline constexpr std::size_t kMaxTextLength = 4096;
bool IsValidId(std::string_view id);
// An optional string member; fails when present but not a string.
Status OptionalString(const nlohmann::json& object, const char* key, const std::string& where,
                      std::string* out);
Status RequiredString(const nlohmann::json& object, const char* key, const std::string& where,
                      std::string* out);
// An optional member that must look like an id when present.
Status OptionalId(const nlohmann::json& object, const char* key, const std::string& where,
                  std::string* out);
}  // namespace loader

struct LanguageModel;

class ScriptLoader {
 public:
  // Model files, binary on disk, kept base64 in files() (script_loader_models.cc).
  static bool IsBinaryFile(const std::string& relative);
  // `origin` prefixes file names in errors ("dialogs/default" gives
  // "dialogs/default/flow.json"); "" names files by their relative path.
  ScriptLoader(const std::map<std::string, std::string>& files, std::string origin,
               const ScriptLimits& limits)
      : files_(files), origin_(std::move(origin)), limits_(limits) {}

  Result<Script> Load();

  // The files of the script in `dir`: flow.json and lang/<code>.json of each
  // language flow.json declares (when it parses). Missing language files are
  // left out so Load() reports them.
  static Result<std::map<std::string, std::string>> ReadDirectory(
      const std::filesystem::path& dir, const ScriptLimits& limits);

 private:
  std::string Display(const std::string& relative) const;
  // Parses one file within the limits; errors name it.
  Result<nlohmann::json> ParseJson(const std::string& relative);
  Status ParseFlow(const nlohmann::json& flow);
  Status ParseNode(const nlohmann::json& json, std::size_t index, Node* node);
  Status ParseChoice(const nlohmann::json& json, const std::string& where, Choice* choice);
  // In script_loader_profile.cc: the optional "profile" section.
  Status ParseProfile(const nlohmann::json& flow);
  // In script_loader_lang.cc: one language file, then the vocabularies.
  Status ParseLanguage(const nlohmann::json& json, const std::string& code, LanguagePack* pack);
  Status ParseVoice(const nlohmann::json& json, const std::string& code, LanguagePack* pack);
  Status BuildUnderstanding();
  // In script_loader_models.cc: the classifier files of one language.
  static std::vector<std::string> ClassifierFiles(const std::string& code);
  // Checks the files present, adds them to the script and to `hashed`.
  Status AddClassifierFiles(const std::string& code, std::string* hashed);
  Status LoadClassifier(const std::string& code, LanguageModel* model);

  const std::map<std::string, std::string>& files_;
  std::string origin_;
  ScriptLimits limits_;
  Script script_;
  // Per language, in order: the "understanding" section as parsed.
  std::vector<nlohmann::json> understanding_json_;
};

}  // namespace levier::dialogs
