// Pieces shared by the files behind `levier check` (check*.cc). Private to
// levier::dialogs; pure functions, thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/check.h"
#include "levier/dialogs/script.h"

namespace levier::kb { class KnowledgeBase; }

namespace levier::dialogs::check_internal {

// Text and keyword-list ids something in the flow uses, as written in
// flow.json ({@...} inclusions not followed).
struct Uses {
  std::vector<std::string> texts;
  std::vector<std::string> keywords;
};

// What `node` shows and listens for.
Uses UsesOf(const Node& node);
// What the script uses outside any node: command keywords and replies, the
// "not understood" text, the choice line, the number prefix.
Uses ScriptWideUses(const Script& script);
// The ids of the texts `text` includes with {@id}, in order.
std::vector<std::string> Inclusions(std::string_view text);

// The nodes `node` can go to next ("" left out).
std::vector<std::string> Successors(const Node& node);
// Loops of nodes that never wait for an answer (errors) and nodes from which
// no end node can be reached (warnings, except for nodes in `*flagged`,
// which already have a transition error). Loop nodes are added to `*flagged`.
void CheckLoopsAndDeadEnds(const Script& script, std::set<std::string>* flagged,
                           std::vector<CheckFinding>* findings);

// Errors for flow.json "profile" entries naming a key or value no choice records.
void CheckProfile(const Script& script, std::vector<CheckFinding>* findings);

// Errors for answer keywords that are also STOP words where STOP counts.
void CheckStopWords(const Script& script, std::vector<CheckFinding>* findings);
// Warnings for a language whose reply to STOP names none of its START words.
void CheckWayBack(const Script& script, std::vector<CheckFinding>* findings);

// Plain-language findings (sentence length, unexplained jargon) over every
// text of every language.
void CheckPlainLanguage(const Script& script, const CheckOptions& options,
                        std::vector<CheckFinding>* findings);
// `s` followed by spaces up to `width` code points (report tables).
std::string PadRight(std::string s, std::size_t width);

// Choice labels longer than chat platforms' buttons and list titles (warnings).
void CheckButtonTitles(const Script& script, const CheckOptions& options,
                       std::vector<CheckFinding>* findings);

// Messages costing more SMS segments than the options allow.
void CheckSegments(const Script& script, const kb::KnowledgeBase& kb, const CheckOptions& options,
                   std::vector<CheckFinding>* findings);

}  // namespace levier::dialogs::check_internal
