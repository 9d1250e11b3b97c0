// Language detection: which language a first message is written in, from
// the words each language file knows and the letters it declares.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

// A word known in k languages gives each 1/k; a letter, half that.
constexpr double kLetterWeight = 0.5;
// A word with digits as letters, three quarters of a known word: never
// enough alone (kMinScore), as an invitation code ("K7XM3QPA") is one too.
constexpr double kDigitWordWeight = 0.75;
// Below this, or too close to the runner-up, the resident picks from a menu.
constexpr double kMinScore = 1.0;
constexpr double kMinLead = 0.5;

// The languages a Latin word written with digits as letters points to
// ("3andi", "ma3andich", "esh8ol", "sba7"), or 0. Not a number with a unit
// or a count ("16h30", "covid19", "2ans", "3enfants": the word after the
// count is known), nor a code ("b2", "mp3"): one digit at a time, three
// letters at least.
std::uint64_t DigitLetterLanguages(const Understanding& u, const std::string& word) {
  std::uint64_t mask = 0;
  int letters = 0;
  bool previous_digit = false;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') {
      ++letters;
      previous_digit = false;
    } else if (c >= '0' && c <= '9') {
      if (previous_digit) return 0;
      mask |= u.digit_letters[static_cast<std::size_t>(c - '0')];
      previous_digit = true;
    } else {
      return 0;
    }
  }
  if (letters < 3 || mask == 0) return 0;
  std::size_t rest = word.find_first_not_of("0123456789");
  if (rest > 0 && u.known_words.contains(word.substr(rest))) return 0;
  return mask;
}

void Credit(std::uint64_t mask, double weight, std::vector<double>* scores) {
  if (mask == 0) return;
  double share = weight / std::popcount(mask);
  for (std::size_t i = 0; i < scores->size() && i < 64; ++i) {
    if (mask & (std::uint64_t{1} << i)) (*scores)[i] += share;
  }
}

}  // namespace

LanguageGuess GuessLanguage(const Understanding& u, std::string_view raw_utf8,
                            std::string_view match_key) {
  std::vector<double> scores(u.languages.size(), 0.0);
  std::vector<std::string> words;
  for (std::size_t start = 0; start < match_key.size() && words.size() < 200;) {
    std::size_t space = match_key.find(' ', start);
    if (space == std::string_view::npos) space = match_key.size();
    words.emplace_back(match_key.substr(start, space - start));
    start = space + 1;
  }
  std::vector<bool> named(words.size(), false);  // inside a neutral name
  for (const std::vector<std::string>& name : u.neutral) {
    for (std::size_t i = 0; i + name.size() <= words.size(); ++i) {
      if (std::equal(name.begin(), name.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
        std::fill_n(named.begin() + static_cast<std::ptrdiff_t>(i), name.size(), true);
      }
    }
  }
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (named[w]) continue;
    const std::string& word = words[w];
    if (auto it = u.known_words.find(word); it != u.known_words.end()) {
      Credit(it->second, 1.0, &scores);
      continue;
    }
    if (std::uint64_t mask = DigitLetterLanguages(u, word); mask != 0) {
      Credit(mask, kDigitWordWeight, &scores);
      continue;
    }
    // The longest declared prefix the word starts with ("logement" <- "loge").
    for (std::size_t len = word.size(); len >= 3; --len) {
      if (auto it = u.known_stems.find(word.substr(0, len)); it != u.known_stems.end()) {
        Credit(it->second, 1.0, &scores);
        break;
      }
    }
  }
  if (!u.letters.empty()) {
    std::set<char32_t> seen;
    for (char32_t c : ToU32(FoldCase(TruncateUtf8(raw_utf8, 2000)))) {
      if (!seen.insert(c).second) continue;
      if (auto it = u.letters.find(c); it != u.letters.end()) {
        Credit(it->second, kLetterWeight, &scores);
      }
    }
  }
  LanguageGuess guess;
  double best = 0;
  double second = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] > best) {
      second = best;
      best = scores[i];
      guess.code = u.languages[i].code;
    } else if (scores[i] > second) {
      second = scores[i];
    }
  }
  guess.confident = best >= kMinScore && best - second >= kMinLead;
  return guess;
}

}  // namespace levier::dialogs
