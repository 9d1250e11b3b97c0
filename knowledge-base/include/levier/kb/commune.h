// Comparing commune names as residents and coordinators type them:
// "Joué-lès-Tours", "joue les tours" and "JOUE-LES-TOURS" are the same commune.
//
// Folding is a small, data-independent ASCII transliteration of the Latin-1
// letters (plus œ/Œ and Ÿ) used in French place names: no ICU, no locale.
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace levier::kb {

// Lower-cases ASCII letters, maps accented Latin letters to their base letters
// ("é" -> "e", "œ" -> "oe", "ß" -> "ss"), turns every run of spaces, hyphens,
// underscores and apostrophes (' and ’) into a single '-', and trims separators
// at both ends. Other characters (digits, other scripts, invalid UTF-8 bytes)
// are kept unchanged. `name` is UTF-8.
std::string FoldCommuneName(std::string_view name);

// FoldCommuneName(a) == FoldCommuneName(b), and neither folds to "".
bool SameCommune(std::string_view a, std::string_view b);

}  // namespace levier::kb
