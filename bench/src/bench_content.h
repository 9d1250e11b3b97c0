// What every benchmark tool loads: the shipped dialog script and knowledge
// base (the same files the server loads) and bench/answers.json.
// Immutable after load; thread-safe.
#pragma once

#include <memory>
#include <string>

#include "answers.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::bench {

struct BenchContent {
  dialogs::Script script;
  kb::KnowledgeBase kb;
  Answers answers;
};

// Errors name the file at fault.
Result<std::unique_ptr<BenchContent>> LoadBenchContent(const std::string& dialogs_dir,
                                                       const std::string& kb_dir,
                                                       const std::string& answers_file);

}  // namespace levier::bench
