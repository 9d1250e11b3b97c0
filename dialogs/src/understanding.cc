#include "understanding.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "levier/dialogs/script.h"
#include "levier/dialogs/text.h"
#include "levier/util/barriers.h"
#include "levier/util/split.h"
#include "levier/util/utf8.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEntries = 2000;
constexpr std::size_t kMaxWordBytes = 200;
// Words skipped between two words of a keyword ("mal (au) dos").
constexpr std::size_t kMaxGap = 1;

std::vector<std::string> SplitWords(std::string_view key) { return SplitNonEmpty(key, ' '); }

// What words[i] stands for when it is an SMS form, or null. A form already
// followed by the rest of what it stands for is written in full: "c est" is
// not "c" (for "c est") then "est".
const std::vector<std::string>* SmsFormAt(const SmsForms& sms,
                                          const std::vector<std::string>& words, std::size_t i) {
  auto it = sms.find(words[i]);
  if (it == sms.end()) return nullptr;
  const std::vector<std::string>& full = it->second;
  if (full.size() > 1 && full.front() == words[i] && i + full.size() <= words.size() &&
      std::equal(full.begin() + 1, full.end(), words.begin() + static_cast<std::ptrdiff_t>(i) + 1)) {
    return nullptr;
  }
  return &full;
}

// "loge* de" -> {loge prefix, de}. A '*' may end any word of the pattern.
// Whole words are spelt as messages are read (`sms`), so that a keyword
// written with an SMS form ("nema") still matches.
Result<Phrase> CompilePattern(std::string_view pattern, const SmsForms& sms) {
  std::vector<std::string> words;
  std::vector<bool> prefix;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    std::size_t space = pattern.find(' ', start);
    if (space == std::string_view::npos) space = pattern.size();
    std::string_view part = pattern.substr(start, space - start);
    start = space + 1;
    bool is_prefix = !part.empty() && part.back() == '*';
    if (is_prefix) part.remove_suffix(1);
    std::vector<std::string> split = SplitWords(MatchKey(part));
    for (std::size_t i = 0; i < split.size(); ++i) {
      words.push_back(std::move(split[i]));
      prefix.push_back(is_prefix && i + 1 == split.size());
    }
    if (space == pattern.size()) break;
  }
  Phrase phrase;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::vector<std::string>* full = prefix[i] ? nullptr : SmsFormAt(sms, words, i);
    for (const std::string& w : full ? *full : std::vector<std::string>{words[i]}) {
      LexToken token{ToU32(w), prefix[i]};
      phrase.chars += token.text.size();
      phrase.tokens.push_back(std::move(token));
    }
  }
  if (phrase.tokens.empty()) return Status::InvalidArgument("has no letter or digit");
  if (phrase.tokens.size() > 8) return Status::InvalidArgument("has more than 8 words");
  return phrase;
}

Status StringList(const json& j, const std::string& where, std::vector<std::string>* out) {
  if (!j.is_array() || j.size() > kMaxEntries) {
    return Status::InvalidArgument(where + ": must be a list of at most " +
                                   std::to_string(kMaxEntries) + " strings");
  }
  for (const json& v : j) {
    if (!v.is_string() || v.get<std::string>().size() > kMaxWordBytes) {
      return Status::InvalidArgument(where + ": every entry must be a short string");
    }
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

Status PhraseListFrom(const json& j, const std::string& where, const SmsForms& sms,
                      PhraseList* out) {
  std::vector<std::string> patterns;
  Status s = StringList(j, where, &patterns);
  if (!s.ok()) return s;
  for (const std::string& p : patterns) {
    Result<Phrase> phrase = CompilePattern(p, sms);
    if (!phrase.ok()) {
      return Status::InvalidArgument(where + ": '" + p + "' " + phrase.status().message());
    }
    out->Add(std::move(*phrase));
  }
  return Status::Ok();
}

// How a message word matches a keyword word: 2 exactly (or as a declared
// prefix), 1 within the typo budget, 0 not at all.
int MatchWord(std::u32string_view word, const LexToken& lex, bool known) {
  std::u32string_view k = lex.text;
  if (lex.prefix) {
    if (word.substr(0, k.size()) == k) return 2;
    if (known || k.size() < 5 || word.size() + 1 < k.size() || word[0] != k[0]) return 0;
    for (std::size_t len = k.size() - 1; len <= k.size() + 1 && len <= word.size(); ++len) {
      if (EditDistance(word.substr(0, len), k, 1) <= 1) return 1;
    }
    return 0;
  }
  if (word == k) return 2;
  // Typo budget scaled to length: none up to 4 letters, one up to 7, then two.
  int budget = k.size() >= 8 ? 2 : k.size() >= 5 ? 1 : 0;
  if (known || budget == 0 || word[0] != k[0]) return 0;
  std::size_t diff = word.size() > k.size() ? word.size() - k.size() : k.size() - word.size();
  if (diff > static_cast<std::size_t>(budget)) return 0;
  return EditDistance(word, k, budget) <= budget ? 1 : 0;
}

// MatchWord, also trying the word without an attached clitic ("al" + word).
int MatchWordWithClitics(const LanguageModel& model, std::u32string_view word, bool known,
                         const LexToken& lex) {
  if (word.empty() || lex.text.empty()) return 0;
  int m = MatchWord(word, lex, known);
  if (m > 0) return m;
  for (const std::u32string& clitic : model.clitics) {
    if (word.size() >= clitic.size() + 2 && word.substr(0, clitic.size()) == clitic) {
      std::u32string_view rest = word.substr(clitic.size());
      m = std::max(m, MatchWord(rest, lex, model.vocabulary.count(std::u32string(rest)) > 0));
      if (m == 2) return m;
    }
  }
  return m;
}

bool IsBreakBetween(const std::vector<Hit>& breaks, std::size_t from, std::size_t to) {
  for (const Hit& b : breaks) {
    if (b.begin >= from && b.end <= to) return true;
  }
  return false;
}

// An object of named cue lists ("before", "after", "not"), each parsed into
// its PhraseList; an unknown name is an error that lists the known ones.
using CueListNames = std::vector<std::pair<std::string_view, PhraseList*>>;

Status CueLists(const json& j, const std::string& where, const SmsForms& sms,
                const CueListNames& lists) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  for (const auto& [key, value] : j.items()) {
    PhraseList* list = nullptr;
    std::string known;
    for (const auto& [name, target] : lists) {
      if (name == key) list = target;
      known += (known.empty() ? "" : ", ") + std::string(name);
    }
    if (list == nullptr) {
      return Status::InvalidArgument(where + ": unknown entry '" + key + "' (" + known + ")");
    }
    if (Status s = PhraseListFrom(value, where + ": " + key, sms, list); !s.ok()) return s;
  }
  return Status::Ok();
}

// A list of barrier codes ("from", "barriers"): each one known.
Status BarrierCodeList(const json& j, const std::string& where, std::vector<std::string>* out) {
  if (Status s = StringList(j, where, out); !s.ok()) return s;
  for (const std::string& code : *out) {
    if (!IsBarrierCode(code)) {
      return Status::InvalidArgument(where + ": '" + code + "' is not a barrier code");
    }
  }
  return Status::Ok();
}

// "want": {"before": [...], "after": [...], "not": [...], "barriers": [...]}.
Status ParseWant(const json& j, const std::string& where, LanguageModel* model) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  json cues = json::object();
  for (const auto& [key, value] : j.items()) {
    if (key != "barriers") {
      cues[key] = value;
    } else if (Status s = BarrierCodeList(value, where + ": barriers", &model->want_barriers);
               !s.ok()) {
      return s;
    }
  }
  return CueLists(cues, where, model->sms,
                  {{"before", &model->want_before},
                   {"after", &model->want_after},
                   {"not", &model->want_not}});
}

// "lasting": {"cues": [...], "from": ["sante"], "to": "handicap"}, and the
// same shape for "child".
Status ParseMove(const json& j, const std::string& where, const SmsForms& sms, BarrierMove* move) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  for (const auto& [key, value] : j.items()) {
    if (key != "cues" && key != "from" && key != "to" && key != "grown") {
      return Status::InvalidArgument(where + ": unknown entry '" + key +
                                     "' (cues, from, to, grown)");
    }
  }
  const auto to = j.find("to");
  if (to == j.end() || !to->is_string() || !IsBarrierCode(to->get<std::string>())) {
    return Status::InvalidArgument(where + ": to: must be a barrier code");
  }
  move->to = to->get<std::string>();
  if (auto from = j.find("from"); from != j.end()) {
    if (Status s = BarrierCodeList(*from, where + ": from", &move->from); !s.ok()) return s;
  }
  if (auto grown = j.find("grown"); grown != j.end()) {
    if (Status s = PhraseListFrom(*grown, where + ": grown", sms, &move->grown); !s.ok()) return s;
  }
  if (auto cues = j.find("cues"); cues != j.end()) {
    return PhraseListFrom(*cues, where + ": cues", sms, &move->cues);
  }
  return Status::Ok();
}

}  // namespace

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(DecodeUtf8(s, &i));
  return out;
}

std::optional<int> SmallNumber(std::u32string_view word) {
  if (word.empty() || word.size() > 3) return std::nullopt;
  int n = 0;
  for (char32_t c : word) {
    if (c < U'0' || c > U'9') return std::nullopt;
    n = n * 10 + static_cast<int>(c - U'0');
  }
  return n;
}

int EditDistance(std::u32string_view a, std::u32string_view b, int max) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if (n > 64 || m > 64) return max + 1;
  // Three rolling rows are enough for adjacent transpositions.
  int rows[3][65];
  int* prev2 = rows[0];
  int* prev = rows[1];
  int* cur = rows[2];
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

void PhraseList::Add(Phrase phrase) {
  by_first_letter[phrase.tokens.front().text.front()].push_back(
      static_cast<std::uint32_t>(phrases.size()));
  phrases.push_back(std::move(phrase));
}

const LanguageModel* Understanding::Find(std::string_view code) const {
  for (const LanguageModel& m : languages) {
    if (m.code == code) return &m;
  }
  return nullptr;
}

Status ParseUnderstanding(const json& j, const std::string& where, LanguageModel* model,
                          std::vector<std::string>* words, std::u32string* letters) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  static constexpr std::string_view kKeys[] = {
      "names", "words",   "letters", "sms",   "clitics", "negation",  "have",
      "want",  "trouble", "over",    "job",     "lasting", "child", "neutral", "classifier",
      "digit_letters", "lack"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return Status::InvalidArgument(
          where + ": unknown entry '" + key +
          "' (names, words, letters, sms, clitics, negation, have, want, trouble, over, "
          "job, lack, lasting, child, neutral, classifier, digit_letters)");
    }
  }
  Status s;
  if (auto it = j.find("names"); it != j.end()) {
    std::vector<std::string> names;
    if (s = StringList(*it, where + ": names", &names); !s.ok()) return s;
    for (const std::string& n : names) {
      std::string key = MatchKey(n);
      if (!key.empty()) model->names.push_back(std::move(key));
    }
  }
  if (auto it = j.find("neutral"); it != j.end()) {
    std::vector<std::string> raw;
    if (s = StringList(*it, where + ": neutral", &raw); !s.ok()) return s;
    for (const std::string& n : raw) {
      std::vector<std::string> name = SplitWords(MatchKey(n));
      if (!name.empty()) model->neutral.push_back(std::move(name));
    }
  }
  if (auto it = j.find("words"); it != j.end()) {
    std::vector<std::string> raw;
    if (s = StringList(*it, where + ": words", &raw); !s.ok()) return s;
    for (const std::string& w : raw) {
      for (std::string& word : SplitWords(MatchKey(w))) words->push_back(std::move(word));
    }
  }
  if (auto it = j.find("letters"); it != j.end()) {
    if (!it->is_string() || it->get<std::string>().size() > 4096) {
      return Status::InvalidArgument(where + ": letters: must be a short string");
    }
    *letters = ToU32(FoldCase(it->get<std::string>()));
  }
  if (auto it = j.find("digit_letters"); it != j.end()) {
    const std::string digits = it->is_string() ? it->get<std::string>() : std::string("x");
    if (digits.empty() || digits.size() > 10 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Status::InvalidArgument(where + ": digit_letters: must be a string of digits (\"2357\")");
    }
    model->digit_letters = digits;
  }
  if (auto it = j.find("sms"); it != j.end()) {
    if (!it->is_object() || it->size() > kMaxEntries) {
      return Status::InvalidArgument(where + ": sms: must be an object of at most " +
                                     std::to_string(kMaxEntries) + " rewrites");
    }
    for (const auto& [from, to] : it->items()) {
      std::string key = MatchKey(from);
      if (!to.is_string() || key.empty() || key.find(' ') != std::string::npos) {
        return Status::InvalidArgument(where + ": sms: '" + from +
                                       "' must be one word rewritten to a string");
      }
      std::vector<std::string> replacement = SplitWords(MatchKey(to.get<std::string>()));
      if (replacement.empty() || replacement.size() > 8) {
        return Status::InvalidArgument(where + ": sms: '" + from +
                                       "' must be rewritten to 1 to 8 words");
      }
      model->sms[key] = std::move(replacement);
    }
  }
  if (auto it = j.find("clitics"); it != j.end()) {
    std::vector<std::string> raw;
    if (s = StringList(*it, where + ": clitics", &raw); !s.ok()) return s;
    for (const std::string& c : raw) {
      std::string key = MatchKey(c);
      if (!key.empty() && key.find(' ') == std::string::npos) model->clitics.push_back(ToU32(key));
    }
    // Longest first, so "wal" is tried before "wa".
    std::sort(model->clitics.begin(), model->clitics.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
  }
  if (auto it = j.find("negation"); it != j.end()) {
    if (!it->is_object()) return Status::InvalidArgument(where + ": negation: must be an object");
    std::string nw = where + ": negation";
    if (auto b = it->find("before"); b != it->end()) {
      s = PhraseListFrom(*b, nw + ": before", model->sms, &model->negation_before);
      if (!s.ok()) return s;
    }
    if (auto a = it->find("after"); a != it->end()) {
      s = PhraseListFrom(*a, nw + ": after", model->sms, &model->negation_after);
      if (!s.ok()) return s;
    }
    if (auto b = it->find("breaks"); b != it->end()) {
      s = PhraseListFrom(*b, nw + ": breaks", model->sms, &model->scope_breaks);
      if (!s.ok()) return s;
    }
    if (auto n = it->find("not"); n != it->end()) {
      s = PhraseListFrom(*n, nw + ": not", model->sms, &model->negation_not);
      if (!s.ok()) return s;
    }
    if (auto sc = it->find("scope"); sc != it->end()) {
      if (!sc->is_number_integer() || sc->get<long long>() < 0 || sc->get<long long>() > 10) {
        return Status::InvalidArgument(nw + ": scope: must be a whole number from 0 to 10");
      }
      model->negation_scope = static_cast<int>(sc->get<long long>());
    }
  }
  if (auto it = j.find("want"); it != j.end()) {
    if (s = ParseWant(*it, where + ": want", model); !s.ok()) return s;
  }
  const std::pair<std::string_view, CueListNames> sections[] = {
      {"have", {{"before", &model->have_before}, {"after", &model->have_after},
                {"not", &model->have_not}}},
      {"trouble", {{"before", &model->trouble_before}, {"after", &model->trouble_after},
                   {"not", &model->trouble_not}}},
      {"over", {{"after", &model->over_after}, {"now", &model->over_now},
                {"past", &model->over_past}, {"about", &model->over_about}}},
      {"job", {{"before", &model->job_before}, {"after", &model->job_after},
               {"not", &model->job_not}}},
      {"lack", {{"before", &model->lack_before}, {"after", &model->lack_after},
                {"not", &model->lack_not}}}};
  for (const auto& [name, lists] : sections) {
    if (auto it = j.find(name); it != j.end()) {
      s = CueLists(*it, where + ": " + std::string(name), model->sms, lists);
      if (!s.ok()) return s;
    }
  }
  if (auto it = j.find("lasting"); it != j.end()) {
    if (s = ParseMove(*it, where + ": lasting", model->sms, &model->lasting); !s.ok()) return s;
  }
  if (auto it = j.find("child"); it != j.end()) {
    if (s = ParseMove(*it, where + ": child", model->sms, &model->child); !s.ok()) return s;
  }
  if (auto it = j.find("classifier"); it != j.end()) {
    // "classifier": {"keep": 0.001}
    const std::string here = where + ": classifier";
    if (!it->is_object()) return Status::InvalidArgument(here + ": must be an object");
    for (const auto& [key, value] : it->items()) {
      if (key != "keep") {
        return Status::InvalidArgument(here + ": unknown entry '" + key + "' (keep)");
      }
      if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 1) {
        return Status::InvalidArgument(here + ": keep: must be a number from 0 to 1");
      }
      model->classifier_keep = value.get<double>();
    }
  }
  return Status::Ok();
}

Status CompileLists(const LanguagePack& pack, const std::vector<std::string>& label_texts,
                    LanguageModel* model) {
  for (const auto& [id, words] : pack.keywords) {
    PhraseList& list = model->lists[id];
    for (const std::string& w : words) {
      Result<Phrase> phrase = CompilePattern(w, model->sms);
      if (!phrase.ok()) {
        return Status::InvalidArgument(pack.file + ": language '" + pack.code + "': keywords '" +
                                       id + "': '" + w + "' " + phrase.status().message());
      }
      list.Add(std::move(*phrase));
    }
  }
  for (const std::string& id : label_texts) {
    auto it = pack.texts.find(id);
    if (it == pack.texts.end()) continue;
    // A label is matched as written, never as a prefix.
    std::vector<std::string> words = SplitWords(MatchKey(it->second));
    if (words.empty() || words.size() > 8) continue;
    Phrase phrase;
    for (const std::string& w : words) {
      phrase.tokens.push_back(LexToken{ToU32(w), false});
      phrase.chars += phrase.tokens.back().text.size();
    }
    model->lists["text:" + id].Add(std::move(phrase));
  }
  return Status::Ok();
}

Tokens Tokenize(const LanguageModel& model, std::string_view match_key) {
  Tokens t;
  const std::vector<std::string> words = SplitWords(match_key);
  for (std::size_t i = 0; i < words.size() && t.words.size() < 200; ++i) {
    if (const std::vector<std::string>* full = SmsFormAt(model.sms, words, i)) {
      for (const std::string& w : *full) t.words.push_back(ToU32(w));
    } else {
      t.words.push_back(ToU32(words[i]));
    }
  }
  t.known.reserve(t.words.size());
  for (const std::u32string& w : t.words) t.known.push_back(model.vocabulary.count(w) > 0);
  return t;
}

std::vector<Hit> FindHits(const LanguageModel& model, const PhraseList& list,
                          const Tokens& tokens, bool gaps) {
  const std::size_t max_gap = gaps ? kMaxGap : 0;
  std::vector<Hit> hits;
  const auto& words = tokens.words;
  std::vector<std::uint32_t> candidates;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].empty()) continue;
    // Keywords starting like the word, or like the word without a clitic.
    candidates.clear();
    auto add = [&](char32_t first) {
      auto it = list.by_first_letter.find(first);
      if (it != list.by_first_letter.end()) {
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
      }
    };
    add(words[i][0]);
    for (const std::u32string& clitic : model.clitics) {
      if (words[i].size() >= clitic.size() + 2 &&
          std::u32string_view(words[i]).substr(0, clitic.size()) == clitic) {
        add(words[i][clitic.size()]);
      }
    }
    if (candidates.empty()) continue;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::uint32_t index : candidates) {
      const Phrase& phrase = list.phrases[index];
      int first = MatchWordWithClitics(model, words[i], tokens.known[i], phrase.tokens[0]);
      if (first == 0) continue;
      bool fuzzy = first == 1;
      std::size_t pos = i + 1;
      bool ok = true;
      for (std::size_t k = 1; k < phrase.tokens.size() && ok; ++k) {
        ok = false;
        for (std::size_t gap = 0; gap <= max_gap && pos + gap < words.size(); ++gap) {
          int m = MatchWordWithClitics(model, words[pos + gap], tokens.known[pos + gap],
                                       phrase.tokens[k]);
          if (m > 0) {
            fuzzy = fuzzy || m == 1;
            pos += gap + 1;
            ok = true;
            break;
          }
        }
      }
      if (ok) hits.push_back(Hit{i, pos, phrase.chars, fuzzy});
    }
  }
  return hits;
}

NegationCues FindNegationCues(const LanguageModel& model, const Tokens& tokens) {
  NegationCues cues;
  cues.before = FindHits(model, model.negation_before, tokens, false);
  cues.after = FindHits(model, model.negation_after, tokens, false);
  if (cues.before.empty() && cues.after.empty()) return cues;
  cues.breaks = FindHits(model, model.scope_breaks, tokens, false);
  cues.nots = FindHits(model, model.negation_not, tokens, false);
  cues.scope = static_cast<std::size_t>(model.negation_scope);
  // A cue of `before` with a negator at most one word before it says the
  // opposite: "i don t (really) speak good french", "no hablo bien frances".
  std::erase_if(cues.before, [&](const Hit& c) { return cues.NegatorBefore(c.begin); });
  return cues;
}

bool NegationCues::NegatorBefore(std::size_t at) const {
  constexpr std::size_t kGap = 1;  // "don t (really) speak", "не (дуже) добре"
  return std::any_of(nots.begin(), nots.end(),
                     [&](const Hit& n) { return n.end <= at && at - n.end <= kGap; });
}

std::vector<Hit> AffirmedOf(const NegationCues& cues, std::vector<Hit> hits) {
  if (hits.empty() || (cues.before.empty() && cues.after.empty())) return hits;
  std::vector<Hit> kept;
  for (const Hit& h : hits) {
    bool negated = false;
    for (const Hit& c : cues.before) {
      negated = negated || (c.end <= h.begin && h.begin - c.end <= cues.scope &&
                            !IsBreakBetween(cues.breaks, c.end, h.begin)) ||
                (c.begin <= h.begin && c.end >= h.end);
    }
    // A cue of `after` is voided by a negator just before the mention ("i
    // don t speak (french) well"), right before the cue ("французьку вона
    // не знає добре") or right after it ("fransizcam iyi degil").
    for (const Hit& c : cues.after) {
      const bool voided =
          cues.NegatorBefore(h.begin) ||
          std::any_of(cues.nots.begin(), cues.nots.end(),
                      [&](const Hit& n) { return n.begin == c.end || n.end == c.begin; });
      negated = negated || (h.end <= c.begin && c.begin - h.end <= cues.scope &&
                            !IsBreakBetween(cues.breaks, h.end, c.begin) && !voided);
    }
    if (!negated) kept.push_back(h);
  }
  return kept;
}

std::vector<bool> MentionsOver(const LanguageModel& model, const Tokens& tokens,
                               const std::vector<BarrierMention>& mentions) {
  std::vector<bool> over(mentions.size(), false);
  if (mentions.empty()) return over;
  // "mais c'est regle" reaches back over a break and a few words ("des
  // soucis de logement l'an dernier mais c'est regle"), to the barrier of
  // the nearest mention only ("pas de voiture et le logement c'est regle"),
  // and to each of its mentions in reach ("hospital last year for malaria").
  constexpr std::size_t kReach = 6;
  const auto in_reach = [&](const BarrierMention& m, const Hit& c) {
    return !m.held && m.hit.end <= c.begin && c.begin - m.hit.end <= kReach;
  };
  // "c'est regle pour le logement", "ya esta resuelto lo de la casa": a word
  // of `about` right after the cue, then a mention within two words, is the
  // trouble over; the cue does not reach back ("pas de voiture, c'est regle
  // pour le logement" stays transport).
  constexpr std::size_t kAboutReach = 2;
  const std::vector<Hit> cues = FindHits(model, model.over_after, tokens, false);
  const std::vector<Hit> abouts =
      cues.empty() ? std::vector<Hit>{} : FindHits(model, model.over_about, tokens, false);
  // The first mention just after a word of `about` right after cue `c`.
  const auto subject_after = [&](const Hit& c) -> std::optional<BarrierMention> {
    for (const Hit& a : abouts) {
      if (a.begin != c.end) continue;
      for (const BarrierMention& m : mentions) {
        if (!m.held && m.hit.begin >= a.end && m.hit.begin - a.end <= kAboutReach) return m;
      }
    }
    return std::nullopt;
  };
  for (const Hit& c : cues) {
    // A word of the cue itself is no mention ("the doctor said i can work").
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      const Hit& h = mentions[i].hit;
      if (!mentions[i].held && c.begin <= h.begin && h.end <= c.end) over[i] = true;
    }
    if (const std::optional<BarrierMention> subject = subject_after(c)) {
      for (std::size_t i = 0; i < mentions.size(); ++i) {
        const BarrierMention& m = mentions[i];
        if (m.barrier != subject->barrier) continue;
        over[i] = over[i] || m.hit.begin == subject->hit.begin || in_reach(m, c);
      }
      continue;
    }
    std::optional<std::size_t> nearest_end;
    for (const BarrierMention& m : mentions) {
      if (in_reach(m, c)) nearest_end = std::max(nearest_end.value_or(0), m.hit.end);
    }
    if (!nearest_end) continue;
    for (const BarrierMention& nearest : mentions) {
      if (!in_reach(nearest, c) || nearest.hit.end != *nearest_end) continue;
      for (std::size_t i = 0; i < mentions.size(); ++i) {
        if (mentions[i].barrier == nearest.barrier && in_reach(mentions[i], c)) over[i] = true;
      }
    }
  }
  const std::vector<Hit> nows = FindHits(model, model.over_now, tokens, false);
  const std::vector<Hit> pasts = FindHits(model, model.over_past, tokens, false);
  if (nows.empty() && pasts.empty()) return over;
  const auto scope = static_cast<std::size_t>(model.negation_scope);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const BarrierMention& m = mentions[i];
    if (m.held) continue;
    const auto held = [&](bool later) {
      return std::any_of(mentions.begin(), mentions.end(), [&](const auto& r) {
        return r.held && r.barrier == m.barrier && (!later || r.hit.begin >= m.hit.end);
      });
    };
    const bool now_after = std::any_of(nows.begin(), nows.end(),
                                       [&](const Hit& n) { return n.begin >= m.hit.end; });
    const bool past_before = std::any_of(pasts.begin(), pasts.end(), [&](const Hit& p) {
      return p.end <= m.hit.begin && m.hit.begin - p.end <= scope;
    });
    if (m.resource) {
      // A lack ("pas de voiture") is not undone by another resource of its
      // barrier said now ("maintenant j'ai le permis"); a lack said to be
      // past is ("j'etais sans logement l'an dernier, la j'ai un appart").
      over[i] = over[i] || (past_before && held(true));
    } else {
      // A condition said to be past is undone by a resource of its barrier
      // said before or after it ("i have a flat now, before i was in the
      // foyer"); one followed by "now" only by a resource after it.
      over[i] = over[i] || (past_before && held(false)) || (now_after && held(true));
    }
  }
  return over;
}

std::vector<bool> MentionsSought(const LanguageModel& model, const Tokens& tokens,
                                 const std::vector<BarrierMention>& mentions) {
  std::vector<bool> sought(mentions.size(), false);
  if (mentions.empty()) return sought;
  Cues job = FindCues(model, tokens, model.job_before, model.job_after, model.job_not);
  if (job.before.empty() && job.after.empty()) return sought;
  std::vector<Hit>& before = job.before;
  std::vector<Hit>& after = job.after;
  const std::vector<Hit>& breaks = job.breaks;
  const std::vector<Hit>& nots = job.nots;
  // A cue with a negator just before it (one word may sit between) seeks no
  // job: "je ne peux pas (vraiment) travailler comme...", "can t work as a
  // driver because of my epilepsy".
  constexpr std::size_t kNegatorGap = 1;
  const auto negated = [&](const Hit& c) {
    return std::any_of(nots.begin(), nots.end(), [&](const Hit& n) {
      return n.end <= c.begin && c.begin - n.end <= kNegatorGap;
    });
  };
  std::erase_if(before, negated);
  std::erase_if(after, negated);
  // Words [from, to) are one job's name: no break, no negator among them.
  const auto one_name = [&](std::size_t from, std::size_t to) {
    return to - from <= job.reach && !IsBreakBetween(breaks, from, to) &&
           std::none_of(nots.begin(), nots.end(),
                        [&](const Hit& n) { return n.begin >= from && n.begin < to; });
  };
  const auto inside = [](const Hit& c, const Hit& h) {  // "auxiliaire de (puericulture)"
    return c.begin <= h.begin && h.end <= c.end;
  };
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (mentions[i].held) continue;
    const Hit& h = mentions[i].hit;
    sought[i] = std::any_of(before.begin(), before.end(),
                            [&](const Hit& c) {
                              return inside(c, h) || (c.end <= h.begin && one_name(c.end, h.begin));
                            }) ||
                std::any_of(after.begin(), after.end(),
                            [&](const Hit& c) { return inside(c, h) || h.end == c.begin; });
  }
  return sought;
}

Cues FindCues(const LanguageModel& model, const Tokens& tokens, const PhraseList& before,
              const PhraseList& after, const PhraseList& nots) {
  Cues cues;
  cues.before = FindHits(model, before, tokens, false);
  cues.after = FindHits(model, after, tokens, false);
  if (cues.before.empty() && cues.after.empty()) return cues;
  cues.breaks = FindHits(model, model.scope_breaks, tokens, false);
  cues.nots = FindHits(model, nots, tokens, false);
  cues.reach = static_cast<std::size_t>(model.negation_scope);
  return cues;
}

HaveCues FindHaveCues(const LanguageModel& model, const Tokens& tokens) {
  return FindCues(model, tokens, model.have_before, model.have_after, model.have_not);
}

std::vector<Hit> HeldHits(const HaveCues& cues, const std::vector<Hit>& hits) {
  if (hits.empty() || (cues.before.empty() && cues.after.empty())) return {};
  const std::vector<Hit>& before = cues.before;
  const std::vector<Hit>& after = cues.after;
  const std::vector<Hit>& breaks = cues.breaks;
  const std::vector<Hit>& nots = cues.nots;
  const auto negator_between = [&](std::size_t from, std::size_t to) {
    return std::any_of(nots.begin(), nots.end(),
                       [&](const Hit& n) { return n.begin >= from && n.end <= to; });
  };
  // Hits come in message order per phrase, not overall: sort, so that a
  // held resource can pass its cue on to the next one.
  std::vector<Hit> sorted = hits;
  std::sort(sorted.begin(), sorted.end(),
            [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  constexpr std::size_t kChain = 3;  // "(permis) et une (voiture)"
  std::vector<Hit> held;
  std::vector<Hit> chained;  // held by a cue before them: they may pass it on
  for (const Hit& h : sorted) {
    bool cue_before = false;  // "j'ai le (permis)", "(permis) et une (voiture)"
    for (const Hit& c : before) {
      // "no (tengo)" voids the cue; "mais (j'ai une)" does not: a break
      // among the negators only keeps a chain from crossing it.
      const bool negated = std::any_of(nots.begin(), nots.end(), [&](const Hit& n) {
        return n.end == c.begin && !IsBreakBetween(breaks, n.begin, n.end);
      });
      cue_before = cue_before || (c.end == h.begin && !negated);
    }
    for (const Hit& p : chained) {
      cue_before = cue_before || (p.end <= h.begin && h.begin - p.end <= kChain &&
                                  !IsBreakBetween(breaks, p.end, h.begin) &&
                                  !negator_between(p.end, h.begin));
    }
    bool cue_after = false;  // "(araba) var"
    for (const Hit& c : after) cue_after = cue_after || c.begin == h.end;
    if (cue_before) chained.push_back(h);
    if (cue_before || cue_after) held.push_back(h);
  }
  // A cue after a resource passes back to the ones just before it, as one
  // before passes on: "(ehliyetim) ve (arabam) var", but not "(ehliyetim)
  // yok, (arabam) var".
  for (auto h = sorted.rbegin(); h != sorted.rend(); ++h) {
    const bool is_held = std::any_of(held.begin(), held.end(), [&](const Hit& g) {
      return g.begin == h->begin && g.end == h->end;
    });
    if (is_held) continue;
    const bool passed_back = std::any_of(held.begin(), held.end(), [&](const Hit& g) {
      const bool held_after = std::any_of(after.begin(), after.end(), [&](const Hit& c) {
        return c.begin == g.end;
      });
      return held_after && h->end <= g.begin && g.begin - h->end <= kChain &&
             !IsBreakBetween(breaks, h->end, g.begin) && !negator_between(h->end, g.begin);
    });
    if (passed_back) held.push_back(*h);
  }
  return held;
}

TroubleCues FindTroubleCues(const LanguageModel& model, const Tokens& tokens) {
  return FindCues(model, tokens, model.trouble_before, model.trouble_after, model.trouble_not);
}

bool IsTroubled(const TroubleCues& cues, const Hit& hit) {
  constexpr std::size_t kGap = 2;  // "probleme avec (ma) voiture", "c'est (le) transport"
  // Words [from, to) hold a negator, or one ends within `reach` words before
  // `from` with no break after it ("ليس لدي (اي) مشكلة").
  const auto negated = [&](std::size_t from, std::size_t to) {
    return std::any_of(cues.nots.begin(), cues.nots.end(), [&](const Hit& n) {
      return (n.begin >= from && n.end <= to) ||
             (n.end <= from && from - n.end <= cues.reach &&
              !IsBreakBetween(cues.breaks, n.end, from));
    });
  };
  for (const Hit& c : cues.before) {
    if (c.end <= hit.begin && hit.begin - c.end <= kGap &&
        !IsBreakBetween(cues.breaks, c.end, hit.begin) && !negated(c.begin, hit.begin)) {
      return true;
    }
  }
  for (const Hit& c : cues.after) {
    if (c.begin == hit.end && !negated(hit.begin, c.end)) return true;
  }
  return false;
}

}  // namespace levier::dialogs
