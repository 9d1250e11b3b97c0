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

// Prints one check finding as "level: file: node 'x' [lang]: message".
std::string FormatFinding(const dialogs::CheckFinding& finding);

}  // namespace levier::app
