// Language detection: which language a first message is written in, from
// the words each language file knows and the letters it declares.
#include <algorithm>
#include <bit>
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
// Below this, or too close to the runner-up, the resident picks from a menu.
constexpr double kMinScore = 1.0;
constexpr double kMinLead = 0.5;

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
