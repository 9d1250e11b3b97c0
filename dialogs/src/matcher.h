// Understanding a resident's message: numbers, keywords, commands, the
// language of a first message and the barriers it names. Private to
// levier::dialogs. All inputs are MatchKey() strings ("words separated by
// single spaces"); all functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/script.h"

namespace levier::dialogs {

enum class CommandKind { kNone, kStop, kStart, kHelp, kMenu };

// A command must be the whole message; every language's list counts.
CommandKind MatchCommand(const Script& script, std::string_view key);

// True when `phrase` occurs in `text` as whole words.
bool ContainsPhrase(std::string_view text, std::string_view phrase);

// "2", "n 2", "numero 2" -> 2 (prefix words from the script); else nullopt.
std::optional<int> ParseNumber(const Script& script, std::string_view lang, std::string_view key);

// The choices of `node` the answer selects, in choice order. Several only
// when they all identify barriers ("pas de voiture ni de permis, et mes
// enfants"). Empty when not understood or ambiguous.
std::vector<std::size_t> MatchChoices(const Script& script, const Node& node,
                                      std::string_view lang, std::string_view key);

// The language a first message is written in: the one with most keywords
// found that no other language shares; the default language on a tie.
std::string DetectLanguage(const Script& script, std::string_view key);

// Barrier codes whose vocabulary ("barrier.<code>" lists) occurs in `key`,
// in order of first mention.
std::vector<std::string> FindBarriers(const Script& script, std::string_view lang,
                                      std::string_view key);

}  // namespace levier::dialogs
