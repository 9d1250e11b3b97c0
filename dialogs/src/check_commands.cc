// `levier check`: a STOP word is never also an answer. STOP wins over any
// answer, so a STOP word that a question or a barrier also lists would
// unsubscribe the resident who meant the answer ("baja" is "sick leave" and
// "unsubscribe" in Spanish).
#include <set>

#include "check_internal.h"

namespace levier::dialogs::check_internal {
namespace {

bool IsCommandList(const Commands& c, const std::string& id) {
  for (const Command* command : c.All()) {
    if (command->keywords == id) return true;
  }
  return false;
}

}  // namespace

void CheckStopWords(const Script& script, std::vector<CheckFinding>* findings) {
  const Commands& commands = script.commands();
  if (commands.stop.keywords.empty()) return;
  const LanguagePack* fallback = script.Language(script.default_language());
  for (const LanguagePack& pack : script.language_packs()) {
    // The STOP words that count in this language's conversations.
    std::set<std::string> stop;
    for (const LanguagePack* source : {&pack, fallback}) {
      if (source == nullptr) continue;
      auto it = source->keyword_keys.find(commands.stop.keywords);
      if (it != source->keyword_keys.end()) stop.insert(it->second.begin(), it->second.end());
    }
    for (const auto& [id, keys] : pack.keyword_keys) {
      if (IsCommandList(commands, id)) continue;
      for (const std::string& key : keys) {
        if (stop.count(key) == 0) continue;
        findings->push_back(CheckFinding{
            CheckFinding::Severity::kError, pack.file, "", pack.code,
            "keyword '" + key + "' of '" + id + "' is also a STOP word: a resident answering " +
                "with it alone would be unsubscribed"});
      }
    }
  }
}

}  // namespace levier::dialogs::check_internal
