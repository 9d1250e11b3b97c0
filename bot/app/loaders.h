// Loading the script and knowledge base named by the configuration, with
// errors that name the file and entry at fault. Shared by serve, simulate, check.
#pragma once

#include <memory>

#include "config.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::app {

struct Content {
  std::shared_ptr<const kb::KnowledgeBase> kb;
  std::shared_ptr<const dialogs::Script> script;
};

// Loads both; also refuses a script with check errors. Prints the findings
// (errors and, when `print_warnings`, warnings) to stderr.
Result<Content> LoadContent(const Config& config, bool print_warnings);

// Runs dialogs::CheckScript; errors are printed to stderr (warnings too when
// `print_warnings`) and make it InvalidArgument naming `origin`.
Status RefuseCheckErrors(const dialogs::Script& script, const kb::KnowledgeBase& kb,
                         const std::string& origin, bool print_warnings);

// Prints one check finding as "level: file: node 'x' [lang]: message".
std::string FormatFinding(const dialogs::CheckFinding& finding);

}  // namespace levier::app
