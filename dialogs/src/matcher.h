// Understanding a resident's message at a given point of the dialog:
// numbers, choices, commands, language names, barriers, yes/no. Private to
// levier::dialogs. `key` arguments are MatchKey() strings ("words separated
// by single spaces"); all functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/script.h"

namespace levier::dialogs {

enum class CommandKind { kNone, kStop, kStart, kHelp, kMenu, kLanguage, kErase, kPerson, kWithdraw };

// A command must be the whole message, in the lists of `languages` (every
// language's lists when empty). Which languages count is the engine's
// choice (Stepper::ReadCommand).
CommandKind MatchCommand(const Script& script, std::string_view key,
                         const std::vector<std::string>& languages = {});

// The language a whole message names ("english", "EN", "العربية"), or "".
std::string MatchLanguageName(const Script& script, std::string_view key);

// "2", "n 2", "numero 2" -> 2 (prefix words from the script); else nullopt.
std::optional<int> ParseNumber(const Script& script, std::string_view lang, std::string_view key);

// The choices of `node` the answer selects, in choice order. Several only
// when they all identify barriers ("pas de voiture ni de permis, et mes
// enfants"). Empty when not understood or ambiguous.
std::vector<std::size_t> MatchChoices(const Script& script, const Node& node,
                                      std::string_view lang, std::string_view key);

// True when the whole message is one keyword of a choice of `node` in
// `lang` ("idioma" at the barrier question), not merely contains one.
bool IsWholeAnswer(const Script& script, const Node& node, std::string_view lang,
                   std::string_view key);

// Barrier codes the message names in `lang` (and in the default language,
// whose words residents mix into every language), in order of mention;
// negated mentions ("pas de probleme de logement") do not count. When `lang`
// has a trained classifier (models/<lang>.ftz), it confirms or drops what the
// keyword rules found and adds what they missed, never a barrier the rules
// saw negated; numbers, commands and short answers stay with the rules.
// `weak` = the "weak.<code>" lists: words that only suggest a barrier (rules
// only).
std::vector<std::string> FindBarriers(const Script& script, std::string_view lang,
                                      std::string_view key, bool weak = false);

// FindBarriers for free text given where a question was asked: the
// classifier may drop what the rules found but adds nothing. Someone who
// answers a question and names another barrier on the way names it in words
// the lists know; a guess from n-grams there ("et en plus j'ai pas de
// logement" scored as digital and confidence too) would send the dialog
// down paths nobody asked for.
std::vector<std::string> FindBarriersInAnswer(const Script& script, std::string_view lang,
                                              std::string_view key);

// FindBarriers with the keyword rules alone (what `levier check` compares
// the classifier with).
std::vector<std::string> FindBarriersByRules(const Script& script, std::string_view lang,
                                             std::string_view key, bool weak = false);

// Yes (true), no (false) or neither, from the script's yes/no keyword lists
// and the numbers 1 and 2.
std::optional<bool> MatchYesNo(const Script& script, std::string_view lang, std::string_view key);

// The option (keyword list id, label text id) the answer matches best, by
// number (1-based) or keyword; nullopt when none or a tie.
std::optional<std::size_t> MatchOneOf(
    const Script& script, std::string_view lang, std::string_view key,
    const std::vector<std::pair<std::string, std::string>>& options);

// The languages in whose own vocabulary the message names a barrier.
std::vector<std::string> LanguagesNamingBarriers(const Script& script, std::string_view key);

}  // namespace levier::dialogs
