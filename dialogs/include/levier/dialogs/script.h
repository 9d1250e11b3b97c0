// A dialog script: the nodes, texts and keywords residents see, per language,
// loaded from JSON files in dialogs/ that coordinators edit.
//
// Thread-safety: immutable after loading; share freely across threads.
// TODO(dialogs helper): complete the model; keep the accessors below.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"

namespace levier::kb { class KnowledgeBase; }

namespace levier::dialogs {

class Script {
 public:
  // Loads the script in `dir` (dialogs/default). Errors name the file, the
  // node and the language at fault.
  static Result<Script> LoadFromDirectory(const std::filesystem::path& dir);

  const std::string& id() const;
  // Content version: changes whenever any file of the script changes.
  const std::string& version() const;
  const std::string& default_language() const;
  const std::vector<std::string>& languages() const;
};

// One finding of `levier check`.
struct CheckFinding {
  enum class Severity { kError, kWarning };
  Severity severity;
  std::string file;
  std::string node;      // "" when not node-specific
  std::string language;  // "" when not language-specific
  std::string message;
};

// Static checks a coordinator runs before publishing. Errors make
// `levier check` exit non-zero; warnings are printed only.
std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb);

}  // namespace levier::dialogs
