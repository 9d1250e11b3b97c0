// Text normalisation used to match residents' answers against keywords.
//
// Residents type on phones, in several languages, with or without accents,
// capitals or curly apostrophes; keywords are written once by coordinators.
// Both sides go through the same functions so "ARRÊT", "arret" and "Arrêt"
// compare equal. All functions are pure and thread-safe; none throws, and
// invalid UTF-8 is tolerated (bad bytes become U+FFFD, then a separator).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levier::dialogs {

// NFKC, case fold, diacritics removed (NFD, drop nonspacing marks, NFC),
// apostrophes and quotes unified to ' and ", runs of whitespace collapsed to
// one space, trimmed. "  L’ÉTÉ  " -> "l'ete".
std::string NormalizeForMatching(std::string_view utf8);

// NormalizeForMatching, then every character that is not a letter or a digit
// becomes a separator: the words joined by single spaces. This is what
// keywords and answers are compared on. "N°2." -> "n 2", "J'ai" -> "j ai".
std::string MatchKey(std::string_view utf8);

// MatchKey of the text's Unicode confusable skeleton (UTS #39): letters
// from other scripts that look like Latin ones become those ("ЅТОР" with
// Cyrillic letters -> "stop"). Only for safety-critical commands (STOP,
// START), where a look-alike must not defeat an opt-out. "" when the text
// is pure ASCII (nothing to fold) or invalid.
std::string ConfusableMatchKey(std::string_view utf8);

// NFC and case folding only: accents and every character are kept
// ("Ñ" -> "ñ"). Used to read the letters that hint at a language.
std::string FoldCase(std::string_view utf8);

// For right-to-left languages (Arabic): wraps every left-to-right run
// (numbers, phone numbers, URLs, Latin words) in Unicode isolates, LRI
// U+2066 ... PDI U+2069, so "02 47 00 00 00" or "https://x.fr/a" keep their
// order inside Arabic text. The engine applies it once to each reply in a
// language whose file says "direction": "rtl". Expects valid UTF-8.
std::string IsolateLtrRuns(std::string_view text);

}  // namespace levier::dialogs
