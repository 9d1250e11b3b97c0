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

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view bytes);

// The longest prefix of `utf8` of at most `max_bytes` bytes that does not
// cut a multi-byte sequence in two.
std::string_view TruncateUtf8(std::string_view utf8, std::size_t max_bytes);

}  // namespace levier::dialogs
