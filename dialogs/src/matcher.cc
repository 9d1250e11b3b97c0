#include "matcher.h"

#include <algorithm>
#include <map>
#include <set>

#include "levier/dialogs/text.h"
#include "levier/util/barriers.h"

namespace levier::dialogs {
namespace {

constexpr std::string_view kBarrierListPrefix = "barrier.";

// Position of `phrase` as whole words in `text`, or npos.
std::size_t FindPhrase(std::string_view text, std::string_view phrase) {
  if (phrase.empty() || phrase.size() > text.size()) return std::string_view::npos;
  std::size_t pos = text.find(phrase);
  while (pos != std::string_view::npos) {
    bool starts = pos == 0 || text[pos - 1] == ' ';
    std::size_t end = pos + phrase.size();
    bool ends = end == text.size() || text[end] == ' ';
    if (starts && ends) return pos;
    pos = text.find(phrase, pos + 1);
  }
  return std::string_view::npos;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Keyword keys of a choice in `lang`, plus its label in that language.
std::vector<std::string> ChoiceKeys(const Script& script, const Choice& choice,
                                    std::string_view lang) {
  std::vector<std::string> keys;
  if (!choice.keywords.empty()) {
    if (const auto* list = script.KeywordKeys(lang, choice.keywords)) keys = *list;
  }
  std::string label = MatchKey(script.Text(lang, choice.label));
  if (!label.empty()) keys.push_back(std::move(label));
  return keys;
}

// Keyword lists of one language only (no fallback), for cross-language matching.
std::vector<std::string> ChoiceKeysStrict(const LanguagePack& pack, const Choice& choice) {
  std::vector<std::string> keys;
  if (auto it = pack.keyword_keys.find(choice.keywords); it != pack.keyword_keys.end()) {
    keys = it->second;
  }
  if (auto it = pack.texts.find(choice.label); it != pack.texts.end()) {
    std::string label = MatchKey(it->second);
    if (!label.empty()) keys.push_back(std::move(label));
  }
  return keys;
}

bool IsBarrierNode(const Node& node) {
  return std::any_of(node.choices.begin(), node.choices.end(),
                     [](const Choice& c) { return !c.barrier.empty(); });
}

// Picks the answer among per-choice best match lengths (0 = no match).
std::vector<std::size_t> Decide(const Node& node, const std::vector<std::size_t>& lengths) {
  std::vector<std::size_t> result;
  if (IsBarrierNode(node)) {
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      if (lengths[i] > 0 && !node.choices[i].barrier.empty()) result.push_back(i);
    }
    if (!result.empty()) return result;
  }
  // Otherwise the longest keyword wins ("joue les tours" over "tours"); a tie
  // between two choices is ambiguous, so not understood.
  std::size_t best = 0;
  std::size_t best_len = 0;
  bool tie = false;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    if (lengths[i] == 0) continue;
    if (IsBarrierNode(node) && !node.choices[i].barrier.empty()) continue;
    if (lengths[i] > best_len) {
      best = i;
      best_len = lengths[i];
      tie = false;
    } else if (lengths[i] == best_len) {
      tie = true;
    }
  }
  if (best_len > 0 && !tie) result.push_back(best);
  return result;
}

}  // namespace

bool ContainsPhrase(std::string_view text, std::string_view phrase) {
  return FindPhrase(text, phrase) != std::string_view::npos;
}

CommandKind MatchCommand(const Script& script, std::string_view key) {
  if (key.empty()) return CommandKind::kNone;
  const Commands& c = script.commands();
  // STOP first: when a word is in two lists, stopping must win.
  const std::pair<const Command*, CommandKind> order[] = {{&c.stop, CommandKind::kStop},
                                                          {&c.start, CommandKind::kStart},
                                                          {&c.help, CommandKind::kHelp},
                                                          {&c.menu, CommandKind::kMenu}};
  for (const auto& [command, kind] : order) {
    for (const LanguagePack& pack : script.language_packs()) {
      auto it = pack.keyword_keys.find(command->keywords);
      if (it == pack.keyword_keys.end()) continue;
      for (const std::string& word : it->second) {
        if (word == key) return kind;
      }
    }
  }
  return CommandKind::kNone;
}

std::optional<int> ParseNumber(const Script& script, std::string_view lang, std::string_view key) {
  std::string_view digits = key;
  if (std::size_t space = key.find(' '); space != std::string_view::npos) {
    std::string_view prefix = key.substr(0, space);
    digits = key.substr(space + 1);
    bool known = false;
    for (std::string_view code : {lang, std::string_view(script.default_language())}) {
      if (const auto* list = script.KeywordKeys(code, script.number_prefix_keywords())) {
        known = known || std::find(list->begin(), list->end(), prefix) != list->end();
      }
    }
    if (!known) return std::nullopt;
  }
  if (!AllDigits(digits) || digits.size() > 3) return std::nullopt;
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::vector<std::size_t> MatchChoices(const Script& script, const Node& node,
                                      std::string_view lang, std::string_view key) {
  if (key.empty() || node.choices.empty()) return {};
  if (std::optional<int> n = ParseNumber(script, lang, key)) {
    if (*n >= 1 && static_cast<std::size_t>(*n) <= node.choices.size()) {
      return {static_cast<std::size_t>(*n - 1)};
    }
    return {};
  }
  std::vector<std::size_t> exact(node.choices.size(), 0);
  std::vector<std::size_t> contained(node.choices.size(), 0);
  bool any_exact = false;
  for (std::size_t i = 0; i < node.choices.size(); ++i) {
    for (const std::string& k : ChoiceKeys(script, node.choices[i], lang)) {
      if (k == key) {
        exact[i] = k.size();
        any_exact = true;
      }
      if (ContainsPhrase(key, k)) contained[i] = std::max(contained[i], k.size());
    }
  }
  std::vector<std::size_t> chosen = Decide(node, any_exact ? exact : contained);
  if (!chosen.empty()) return chosen;

  // A word from another language ("yes" in a French conversation) counts
  // only as the whole message, to avoid false friends inside sentences.
  std::vector<std::size_t> other(node.choices.size(), 0);
  for (const LanguagePack& pack : script.language_packs()) {
    if (pack.code == lang) continue;
    for (std::size_t i = 0; i < node.choices.size(); ++i) {
      for (const std::string& k : ChoiceKeysStrict(pack, node.choices[i])) {
        if (k == key) other[i] = k.size();
      }
    }
  }
  return Decide(node, other);
}

std::string DetectLanguage(const Script& script, std::string_view key) {
  const auto& packs = script.language_packs();
  // Which languages list each keyword.
  std::map<std::string_view, std::set<std::string_view>> owners;
  for (const LanguagePack& pack : packs) {
    for (const auto& [id, keys] : pack.keyword_keys) {
      for (const std::string& k : keys) owners[k].insert(pack.code);
    }
  }
  std::map<std::string_view, int> score;
  if (!key.empty()) {
    for (const auto& [word, langs] : owners) {
      if (langs.size() == 1 && ContainsPhrase(key, word)) ++score[*langs.begin()];
    }
  }
  std::string best = script.default_language();
  int best_score = score[best];
  bool tie = false;
  for (const LanguagePack& pack : packs) {
    if (pack.code == script.default_language()) continue;
    int s = score[pack.code];
    if (s > best_score) {
      best = pack.code;
      best_score = s;
      tie = false;
    } else if (s == best_score && s > 0) {
      tie = true;
    }
  }
  return tie ? script.default_language() : best;
}

std::vector<std::string> FindBarriers(const Script& script, std::string_view lang,
                                      std::string_view key) {
  std::vector<std::pair<std::size_t, std::string>> found;
  if (key.empty()) return {};
  for (std::string_view code : BarrierCodes()) {
    std::string list_id = std::string(kBarrierListPrefix) + std::string(code);
    const auto* keys = script.KeywordKeys(lang, list_id);
    if (keys == nullptr) continue;
    std::size_t first = std::string_view::npos;
    for (const std::string& k : *keys) first = std::min(first, FindPhrase(key, k));
    if (first != std::string_view::npos) found.emplace_back(first, std::string(code));
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> codes;
  for (auto& [pos, code] : found) codes.push_back(std::move(code));
  return codes;
}

}  // namespace levier::dialogs
