// `levier check`: a STOP word is never also an answer. STOP wins over any
// answer, so a STOP word that a question or a barrier also lists would
// unsubscribe the resident who meant the answer ("baja" is "sick leave" and
// "unsubscribe" in Spanish). And the reply to STOP names a word that brings
// the resident back.
#include <set>

#include "check_internal.h"
#include "levier/dialogs/text.h"

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

// Opted out, a resident is answered only by a START word of their
// conversation's language (Stepper's ReadCommand): the reply to STOP, the
// last message they get, must name one.
void CheckWayBack(const Script& script, std::vector<CheckFinding>* findings) {
  const Commands& commands = script.commands();
  if (commands.stop.reply.empty() || commands.start.keywords.empty()) return;
  for (const LanguagePack& pack : script.language_packs()) {
    auto text = pack.texts.find(commands.stop.reply);
    auto words = pack.keyword_keys.find(commands.start.keywords);
    if (text == pack.texts.end() || words == pack.keyword_keys.end()) continue;
    const std::string said = " " + MatchKey(text->second) + " ";
    bool named = false;
    for (const std::string& key : words->second) {
      named = named || said.find(" " + key + " ") != std::string::npos;
    }
    if (named) continue;
    findings->push_back(CheckFinding{
        CheckFinding::Severity::kWarning, pack.file, "", pack.code,
        "text '" + commands.stop.reply + "' (the reply to STOP) names none of the words of '" +
            commands.start.keywords +
            "': a resident who stopped would not know what to send to come back"});
  }
}

}  // namespace levier::dialogs::check_internal
