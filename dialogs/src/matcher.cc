#include "matcher.h"

#include <algorithm>
#include <optional>

#include "barrier_model.h"
#include "barrier_reading.h"
#include "levier/util/barriers.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One answer a question accepts: a keyword list and a label text.
struct Option {
  std::string_view keywords;
  std::string_view label;
};

// The compiled list `id` of `lang`, else of the default language.
const PhraseList* List(const Script& script, std::string_view lang, std::string_view id) {
  const Understanding& u = script.understanding();
  for (std::string_view code : {lang, std::string_view(script.default_language())}) {
    if (const LanguageModel* m = u.Find(code)) {
      if (auto it = m->lists.find(id); it != m->lists.end()) return &it->second;
    }
  }
  return nullptr;
}

// Per option, the length of its best keyword in the answer (0 = none);
// `*whole` is set when some keyword is the whole answer, and the lengths
// then only count such keywords.
std::vector<std::size_t> Score(const Script& script, std::string_view lang, std::string_view key,
                               const std::vector<Option>& options) {
  std::vector<std::size_t> contained(options.size(), 0);
  std::vector<std::size_t> whole(options.size(), 0);
  const LanguageModel* model = script.understanding().Find(lang);
  if (model == nullptr) model = script.understanding().Find(script.default_language());
  if (model == nullptr) return contained;
  Tokens tokens = Tokenize(*model, key);
  bool any_whole = false;
  for (std::size_t i = 0; i < options.size(); ++i) {
    std::string label_list = "text:" + std::string(options[i].label);
    for (std::string_view id : {options[i].keywords, std::string_view(label_list)}) {
      if (id.empty()) continue;
      const PhraseList* list = List(script, lang, id);
      if (list == nullptr) continue;
      for (const Hit& h : FindHits(*model, *list, tokens)) {
        contained[i] = std::max(contained[i], h.chars);
        if (h.begin == 0 && h.end == tokens.words.size()) {
          whole[i] = std::max(whole[i], h.chars);
          any_whole = true;
        }
      }
    }
  }
  return any_whole ? whole : contained;
}

// The single best option: longest keyword wins; a tie is not understood.
std::optional<std::size_t> Best(const std::vector<std::size_t>& lengths) {
  std::size_t best = 0;
  std::size_t best_len = 0;
  bool tie = false;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    if (lengths[i] == 0) continue;
    if (lengths[i] > best_len) {
      best = i;
      best_len = lengths[i];
      tie = false;
    } else if (lengths[i] == best_len) {
      tie = true;
    }
  }
  if (best_len == 0 || tie) return std::nullopt;
  return best;
}

// An answer in another language ("yes" in a French conversation) counts
// only as the whole message, to avoid false friends inside sentences.
std::optional<std::size_t> OtherLanguages(const Script& script, std::string_view lang,
                                          std::string_view key,
                                          const std::vector<Option>& options) {
  std::vector<std::size_t> lengths(options.size(), 0);
  for (const LanguagePack& pack : script.language_packs()) {
    if (pack.code == lang) continue;
    for (std::size_t i = 0; i < options.size(); ++i) {
      if (auto it = pack.keyword_keys.find(std::string(options[i].keywords));
          it != pack.keyword_keys.end()) {
        for (const std::string& k : it->second) {
          if (k == key) lengths[i] = std::max(lengths[i], k.size());
        }
      }
      if (auto it = pack.texts.find(std::string(options[i].label)); it != pack.texts.end()) {
        // Labels are compared as MatchKey()s, computed when loading.
        const LanguageModel* m = script.understanding().Find(pack.code);
        if (m == nullptr) continue;
        auto list = m->lists.find("text:" + std::string(options[i].label));
        if (list == m->lists.end()) continue;
        Tokens t = Tokenize(*m, key);
        for (const Hit& h : FindHits(*m, list->second, t)) {
          if (h.begin == 0 && h.end == t.words.size() && !h.fuzzy) {
            lengths[i] = std::max(lengths[i], h.chars);
          }
        }
      }
    }
  }
  return Best(lengths);
}

std::optional<std::size_t> MatchOptions(const Script& script, std::string_view lang,
                                        std::string_view key, const std::vector<Option>& options) {
  if (key.empty() || options.empty()) return std::nullopt;
  if (std::optional<int> n = ParseNumber(script, lang, key)) {
    if (*n >= 1 && static_cast<std::size_t>(*n) <= options.size()) {
      return static_cast<std::size_t>(*n - 1);
    }
    return std::nullopt;
  }
  if (auto best = Best(Score(script, lang, key, options))) return best;
  return OtherLanguages(script, lang, key, options);
}

// The language whose words every message may borrow (the default one), for a
// message in `lang`; none for a message in the default language.
const LanguageModel* Lender(const Script& script, std::string_view lang) {
  if (lang == script.default_language()) return nullptr;
  return script.understanding().Find(script.default_language());
}

std::size_t WordCount(std::string_view key) {
  return key.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
}

// The rules' barriers (`by_rules`, in order of mention) read with the
// classifier of the message's language: a rule barrier the classifier scores
// under `keep` goes ("je cherche un emploi" is the goal, not a barrier)
// unless the rules read a negation in the message; a barrier it scores at
// `add` or more joins, after them, unless the rules saw it negated or held.
// A word of a weak list ("mes enfants") leaves the barrier to the classifier,
// which reads the rest of the message ("personne pour les garder", or "ma mère
// les garde"); when neither names it, the dialog asks. Short messages (an
// answer, a number, a command) stay with the rules.
std::vector<std::string> Combine(const Script& script, const LanguageModel& own,
                                 std::string_view key, std::vector<std::string> by_rules,
                                 bool may_add) {
  const ModelManifest& reading = own.classifier->manifest();
  if (WordCount(key) < reading.min_words) return by_rules;
  std::vector<std::pair<std::string, double>> scores = own.classifier->Predict(key);
  auto score = [&](std::string_view code) {
    for (const auto& [c, p] : scores) {
      if (c == code) return p;
    }
    return 0.0;
  };
  const RuleReading rules = ReadRules(own, Lender(script, own.code), key);
  std::vector<std::string> withheld(rules.negated.begin(), rules.negated.end());
  // A bag of n-grams cannot tell which barrier a negation applies to ("no
  // housing problem but I don't know the language"): where the rules saw one
  // negated, the barriers they read as affirmed stay.
  const bool negation_read = !withheld.empty();
  // Nor are a resource the resident has, a trouble they say is over and the
  // job they seek for the classifier to add back; those the rules know
  // precisely.
  withheld.insert(withheld.end(), rules.held.begin(), rules.held.end());
  withheld.insert(withheld.end(), rules.sought.begin(), rules.sought.end());
  withheld.insert(withheld.end(), rules.over.begin(), rules.over.end());
  // A barrier named as the resident's trouble is said, not guessed: "j'ai un
  // probleme de transport" is transport, however the classifier reads
  // "probleme" (most often in "pas de probleme de").
  std::vector<std::string> out;
  for (const std::string& code : by_rules) {
    auto own_keep = reading.keep_by_barrier.find(code);
    const double keep = std::min(
        own_keep == reading.keep_by_barrier.end() ? reading.keep : own_keep->second,
        own.classifier_keep.value_or(1.0));
    const bool is_said = std::find(rules.said.begin(), rules.said.end(), code) != rules.said.end();
    if (negation_read || is_said || score(code) >= keep) out.push_back(code);
  }
  if (!may_add) return out;
  std::stable_sort(scores.begin(), scores.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [code, p] : scores) {
    if (p < reading.add || !IsBarrierCode(code)) continue;
    if (std::find(out.begin(), out.end(), code) != out.end()) continue;
    if (std::find(by_rules.begin(), by_rules.end(), code) != by_rules.end()) continue;
    if (std::find(withheld.begin(), withheld.end(), code) != withheld.end()) continue;
    out.push_back(code);
  }
  return out;
}

}  // namespace

CommandKind MatchCommand(const Script& script, std::string_view key,
                         const std::vector<std::string>& languages) {
  if (key.empty()) return CommandKind::kNone;
  const Commands& c = script.commands();
  // STOP first: when a word is in two lists, stopping must win.
  const std::pair<const Command*, CommandKind> order[] = {
      {&c.stop, CommandKind::kStop},         {&c.start, CommandKind::kStart},
      {&c.erase, CommandKind::kErase},       {&c.person, CommandKind::kPerson},
      {&c.language, CommandKind::kLanguage}, {&c.help, CommandKind::kHelp},
      {&c.menu, CommandKind::kMenu},         {&c.withdraw, CommandKind::kWithdraw}};
  for (const auto& [command, kind] : order) {
    if (command->keywords.empty()) continue;
    for (const LanguagePack& pack : script.language_packs()) {
      if (!languages.empty() &&
          std::find(languages.begin(), languages.end(), pack.code) == languages.end()) {
        continue;
      }
      auto it = pack.keyword_keys.find(command->keywords);
      if (it == pack.keyword_keys.end()) continue;
      for (const std::string& word : it->second) {
        if (word == key) return kind;
      }
    }
  }
  return CommandKind::kNone;
}

std::string MatchLanguageName(const Script& script, std::string_view key) {
  if (key.empty()) return {};
  for (const LanguageModel& m : script.understanding().languages) {
    for (const std::string& name : m.names) {
      if (name == key) return m.code;
    }
  }
  return {};
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
  const bool barrier_node = std::any_of(node.choices.begin(), node.choices.end(),
                                        [](const Choice& c) { return !c.barrier.empty(); });
  if (barrier_node && !ParseNumber(script, lang, key)) {
    // Free text at the barrier question: the same understanding as a first
    // message, several barriers at once, in the order they were named.
    std::vector<std::size_t> chosen;
    for (const std::string& code : FindBarriers(script, lang, key)) {
      for (std::size_t i = 0; i < node.choices.size(); ++i) {
        if (node.choices[i].barrier == code) chosen.push_back(i);
      }
    }
    if (!chosen.empty()) return chosen;
  }
  std::vector<Option> options;
  for (const Choice& c : node.choices) options.push_back(Option{c.keywords, c.label});
  if (std::optional<std::size_t> i = MatchOptions(script, lang, key, options)) return {*i};
  return {};
}

bool IsWholeAnswer(const Script& script, const Node& node, std::string_view lang,
                   std::string_view key) {
  const LanguageModel* model = script.understanding().Find(lang);
  if (model == nullptr || key.empty()) return false;
  Tokens tokens = Tokenize(*model, key);
  for (const Choice& choice : node.choices) {
    const PhraseList* list = choice.keywords.empty() ? nullptr : List(script, lang, choice.keywords);
    if (list == nullptr) continue;
    for (const Hit& h : FindHits(*model, *list, tokens)) {
      if (h.begin == 0 && h.end == tokens.words.size() && !h.fuzzy) return true;
    }
  }
  return false;
}

std::vector<std::string> FindBarriers(const Script& script, std::string_view lang,
                                      std::string_view key, bool weak) {
  std::vector<std::string> by_rules = FindBarriersByRules(script, lang, key, weak);
  if (weak) return by_rules;
  const LanguageModel* own = script.understanding().Find(lang);
  if (own == nullptr || own->classifier == nullptr) return by_rules;
  return Combine(script, *own, key, std::move(by_rules), /*may_add=*/true);
}

std::vector<std::string> FindBarriersInAnswer(const Script& script, std::string_view lang,
                                              std::string_view key) {
  std::vector<std::string> by_rules = FindBarriersByRules(script, lang, key);
  const LanguageModel* own = script.understanding().Find(lang);
  if (own == nullptr || own->classifier == nullptr) return by_rules;
  return Combine(script, *own, key, std::move(by_rules), /*may_add=*/false);
}

std::vector<std::string> FindBarriersByRules(const Script& script, std::string_view lang,
                                             std::string_view key, bool weak) {
  std::vector<std::pair<std::size_t, std::string>> found;
  if (key.empty()) return {};
  const Understanding& u = script.understanding();
  std::string_view prefix = weak ? kWeakListPrefix : kBarrierListPrefix;
  const LanguageModel* own = u.Find(lang);
  const LanguageModel* speech = own != nullptr ? own : u.Find(script.default_language());
  if (speech == nullptr) return {};
  CollectBarriers(*speech, own != nullptr ? Lender(script, lang) : nullptr, key, prefix, &found);
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> codes;
  for (auto& [pos, code] : found) codes.push_back(std::move(code));
  return codes;
}

std::optional<bool> MatchYesNo(const Script& script, std::string_view lang, std::string_view key) {
  std::vector<Option> options = {Option{script.SystemId("kw_yes"), script.SystemId("yes")},
                                 Option{script.SystemId("kw_no"), script.SystemId("no")}};
  std::optional<std::size_t> i = MatchOptions(script, lang, key, options);
  if (!i) return std::nullopt;
  return *i == 0;
}

std::optional<std::size_t> MatchOneOf(
    const Script& script, std::string_view lang, std::string_view key,
    const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<Option> opts;
  for (const auto& [keywords, label] : options) opts.push_back(Option{keywords, label});
  return MatchOptions(script, lang, key, opts);
}

std::vector<std::string> LanguagesNamingBarriers(const Script& script, std::string_view key) {
  std::vector<std::string> codes;
  if (key.empty()) return codes;
  for (const LanguageModel& m : script.understanding().languages) {
    std::vector<std::pair<std::size_t, std::string>> found;
    CollectBarriers(m, nullptr, key, kBarrierListPrefix, &found);
    if (!found.empty()) codes.push_back(m.code);
  }
  return codes;
}

}  // namespace levier::dialogs
