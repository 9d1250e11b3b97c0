#include "bench_content.h"

namespace levier::bench {

Result<std::unique_ptr<BenchContent>> LoadBenchContent(const std::string& dialogs_dir,
                                                       const std::string& kb_dir,
                                                       const std::string& answers_file) {
  Result<kb::KnowledgeBase> kb = kb::KnowledgeBase::LoadFromDirectory(kb_dir);
  if (!kb.ok()) return Status(kb.status().code(), "knowledge base: " + kb.status().message());
  Result<dialogs::Script> script = dialogs::Script::LoadFromDirectory(dialogs_dir);
  if (!script.ok()) {
    return Status(script.status().code(), "dialogs: " + script.status().message());
  }
  Result<Answers> answers = Answers::Load(answers_file);
  if (!answers.ok()) return answers.status();
  return std::unique_ptr<BenchContent>(
      new BenchContent{std::move(*script), std::move(*kb), std::move(*answers)});
}

}  // namespace levier::bench
