#include "loaders.h"

#include <iostream>

namespace levier::app {

std::string FormatFinding(const dialogs::CheckFinding& f) {
  std::string out = f.severity == dialogs::CheckFinding::Severity::kError ? "error: " : "warning: ";
  out += f.file;
  if (!f.node.empty()) out += ": node '" + f.node + "'";
  if (!f.language.empty()) out += " [" + f.language + "]";
  out += ": " + f.message;
  return out;
}

Result<Content> LoadContent(const Config& config, bool print_warnings) {
  Result<kb::KnowledgeBase> kb = kb::KnowledgeBase::LoadFromDirectory(config.kb_dir);
  if (!kb.ok()) {
    return Status(kb.status().code(), "knowledge base: " + kb.status().message());
  }
  Result<dialogs::Script> script = dialogs::Script::LoadFromDirectory(config.dialogs_dir);
  if (!script.ok()) {
    return Status(script.status().code(), "dialogs: " + script.status().message());
  }
  if (Status s = RefuseCheckErrors(*script, *kb, config.dialogs_dir, print_warnings); !s.ok()) {
    return s;
  }
  Content content;
  content.kb = std::make_shared<const kb::KnowledgeBase>(std::move(*kb));
  content.script = std::make_shared<const dialogs::Script>(std::move(*script));
  return content;
}

Status RefuseCheckErrors(const dialogs::Script& script, const kb::KnowledgeBase& kb,
                         const std::string& origin, bool print_warnings) {
  int errors = 0;
  for (const auto& finding : dialogs::CheckScript(script, kb)) {
    const bool is_error = finding.severity == dialogs::CheckFinding::Severity::kError;
    errors += is_error ? 1 : 0;
    if (is_error || print_warnings) std::cerr << FormatFinding(finding) << "\n";
  }
  if (errors > 0) {
    return Status::InvalidArgument("dialogs: " + std::to_string(errors) + " error(s) in " +
                                   origin + " (see above)");
  }
  return Status::Ok();
}

}  // namespace levier::app
