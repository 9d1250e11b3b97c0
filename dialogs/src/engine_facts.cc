// Asking only what changes the answer: a question whose every answer leads
// to the same providers is skipped, and facts the resident already stated
// (neighbourhood, commune, age) answer questions before they are asked.
// Which questions qualify is script data (skip_if_same_providers,
// from_message); what a recorded answer means for matching comes from
// MatchProfileFor, so this file knows no answer value.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "levier/kb/commune.h"
#include "stepper.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

// Provider look-ups one skip decision may cost; beyond, the question is
// asked (matching is a few microseconds, and Step runs on the writer thread).
constexpr std::size_t kMaxMatches = 512;
constexpr int kMaxStatedAge = 120;

using Answers = std::map<std::string, std::string>;

bool SameProfile(const kb::Profile& a, const kb::Profile& b) {
  return a.commune == b.commune && a.neighbourhood == b.neighbourhood && a.age_min == b.age_min &&
         a.age_max == b.age_max && a.language == b.language && a.disability == b.disability &&
         a.young_children == b.young_children;
}

kb::Profile ProfileWith(const Script& script, Session s, const Answers& answers) {
  for (const auto& [k, v] : answers) s.profile[k] = v;
  return MatchProfileFor(script, s);
}

// The answers of `node` that matter for matching, one per distinct profile
// they lead to from `s`; with `unknown`, leaving the fact unknown (the
// question skipped) counts as one of them.
std::vector<Answers> DistinctAnswers(const Script& script, const Session& s, const Node& node,
                                     bool unknown) {
  std::vector<Answers> answers;
  std::vector<kb::Profile> seen;
  if (unknown) {
    answers.emplace_back();
    seen.push_back(MatchProfileFor(script, s));
  }
  for (const Choice& c : node.choices) {
    kb::Profile p = ProfileWith(script, s, c.set);
    if (std::none_of(seen.begin(), seen.end(), [&](const auto& q) { return SameProfile(p, q); })) {
      seen.push_back(std::move(p));
      answers.push_back(c.set);
    }
  }
  return answers;
}

// A place name as the words of a MatchKey(): "La Rabière" -> "la rabiere".
// The knowledge base's own folding: cheap, no ICU, on every first message.
std::string PlaceWords(std::string_view name) {
  std::string words = kb::FoldCommuneName(name);
  std::replace(words.begin(), words.end(), '-', ' ');
  return words;
}

bool ContainsWords(std::string_view key, const std::string& words) {
  if (words.empty()) return false;
  const std::string padded = " " + std::string(key) + " ";
  return padded.find(" " + words + " ") != std::string::npos;
}

std::optional<int> Number(const std::u32string& word) {
  std::optional<int> n = SmallNumber(word);
  if (!n || *n < 1 || *n > kMaxStatedAge) return std::nullopt;
  return n;
}

}  // namespace

bool AnyAnswerKnown(const Session& s, const Node& node) {
  for (const Choice& c : node.choices) {
    for (const auto& [k, v] : c.set) {
      if (s.profile.count(k) > 0) return true;
    }
  }
  return false;
}

std::vector<std::vector<std::string>> Stepper::ProvidersFor(const Session& s) const {
  kb::MatchRequest request;
  request.barriers = session_.pending;
  request.profile = MatchProfileFor(script_, s);
  request.now = input_.now;
  std::vector<std::vector<std::string>> ids;
  for (const kb::BarrierMatches& found : kb::MatchProfile(kb_, request)) {
    std::vector<std::string>& list = ids.emplace_back();
    for (const kb::ProviderMatch& m : found.matches) list.push_back(m.provider->id);
    std::sort(list.begin(), list.end());
  }
  return ids;
}

bool Stepper::AnswersChangeNothing(const Node& node) const {
  for (const Choice& c : node.choices) {
    if (!c.barrier.empty() || !c.next.empty()) return false;  // the answer steers the flow
  }
  const std::vector<Answers> own = DistinctAnswers(script_, session_, node, false);
  if (own.size() <= 1) return true;
  // The other questions still open that can change matching: the general
  // ones and the follow-up questions of the barriers pending.
  std::set<std::string> followup_questions, pending_questions;
  for (const Node& n : script_.nodes()) {
    for (const auto& [barrier, question] : n.followups) {
      followup_questions.insert(question);
      if (std::find(session_.pending.begin(), session_.pending.end(), barrier) !=
          session_.pending.end()) {
        pending_questions.insert(question);
      }
    }
  }
  std::vector<std::vector<Answers>> others;
  std::size_t matches = own.size();
  for (const Node& n : script_.nodes()) {
    if (&n == &node || !n.skip_if_same_providers || n.kind != NodeKind::kChoice ||
        AnyAnswerKnown(session_, n) ||
        (followup_questions.count(n.id) > 0 && pending_questions.count(n.id) == 0)) {
      continue;
    }
    std::vector<Answers> answers = DistinctAnswers(script_, session_, n, true);
    if (answers.size() <= 1) continue;
    matches *= answers.size();
    if (matches > kMaxMatches) return false;
    others.push_back(std::move(answers));
  }
  std::vector<std::size_t> at(others.size(), 0);
  for (;;) {
    Session base = session_;
    for (std::size_t i = 0; i < others.size(); ++i) {
      for (const auto& [k, v] : others[i][at[i]]) base.profile[k] = v;
    }
    std::optional<std::vector<std::vector<std::string>>> first;
    for (const Answers& answer : own) {
      Session s = base;
      for (const auto& [k, v] : answer) s.profile[k] = v;
      auto providers = ProvidersFor(s);
      if (!first) {
        first = std::move(providers);
      } else if (providers != *first) {
        return false;
      }
    }
    std::size_t i = 0;
    for (; i < at.size(); ++i) {
      if (++at[i] < others[i].size()) break;
      at[i] = 0;
    }
    if (i == at.size()) return true;
  }
}

std::optional<int> Stepper::StatedAge(std::string_view key) const {
  const Understanding& u = script_.understanding();
  for (std::string_view code :
       {std::string_view(Lang()), std::string_view(script_.default_language())}) {
    const LanguageModel* model = u.Find(code);
    if (model == nullptr) continue;
    Tokens tokens = Tokenize(*model, key);
    auto list = [&](const char* id) -> const PhraseList* {
      auto it = model->lists.find(script_.SystemId(id));
      return it == model->lists.end() ? nullptr : &it->second;
    };
    const PhraseList* before = list("kw_age_before");
    const PhraseList* after = list("kw_age_after");
    std::vector<Hit> before_hits, after_hits;
    if (before != nullptr) before_hits = FindHits(*model, *before, tokens, false);
    if (after != nullptr) after_hits = FindHits(*model, *after, tokens, false);
    for (std::size_t i = 0; i < tokens.words.size(); ++i) {
      std::optional<int> n = Number(tokens.words[i]);
      if (!n) continue;
      // "j'ai 23 ans": the words on both sides, so "mon fils a 3 ans" and
      // "j'ai 2 enfants" are not the resident's age.
      const bool before_ok =
          before == nullptr || std::any_of(before_hits.begin(), before_hits.end(),
                                           [&](const Hit& h) { return h.end == i && !h.fuzzy; });
      const bool after_ok = after == nullptr ||
                            std::any_of(after_hits.begin(), after_hits.end(),
                                        [&](const Hit& h) { return h.begin == i + 1 && !h.fuzzy; });
      if ((before != nullptr || after != nullptr) && before_ok && after_ok) return n;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> Stepper::StatedPlace(const Node& node, std::string_view key,
                                                std::string* neighbourhood) const {
  // The commune each choice stands for, as matching reads it.
  std::vector<std::string> communes;
  for (const Choice& c : node.choices) communes.push_back(ProfileWith(script_, session_, c.set).commune);
  auto choice_for = [&](std::string_view commune) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < communes.size(); ++i) {
      if (kb::SameCommune(communes[i], commune)) return i;
    }
    return std::nullopt;
  };
  for (const kb::Neighbourhood& n : kb_.neighbourhoods()) {
    if (!ContainsWords(key, PlaceWords(n.name))) continue;
    if (auto i = choice_for(n.commune)) {
      *neighbourhood = n.id;
      return i;
    }
  }
  std::optional<std::size_t> best;
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    const std::string words = PlaceWords(communes[i]);
    if (words.size() > best_len && ContainsWords(key, words)) {
      best = i;
      best_len = words.size();
    }
  }
  if (best) return best;
  // The choices' own keywords ("tours nord"), read exactly, for choices
  // that stand for a commune; a tie between two communes says nothing.
  const LanguageModel* model = script_.understanding().Find(Lang());
  if (model == nullptr) return std::nullopt;
  Tokens tokens = Tokenize(*model, key);
  bool tie = false;
  for (std::size_t i = 0; i < node.choices.size(); ++i) {
    auto list = model->lists.find(node.choices[i].keywords);
    if (communes[i].empty() || list == model->lists.end()) continue;
    for (const Hit& h : FindHits(*model, list->second, tokens, false)) {
      if (h.fuzzy || h.chars < best_len) continue;
      tie = h.chars == best_len && best != i;
      best = i;
      best_len = h.chars;
    }
  }
  if (tie) return std::nullopt;
  return best;
}

void Stepper::ReadStatedFacts(std::string_view key) {
  if (key.empty()) return;
  std::optional<int> age;
  bool age_read = false;
  for (const Node& node : script_.nodes()) {
    if (!node.from_message || node.kind != NodeKind::kChoice || AnyAnswerKnown(session_, node))
      continue;
    std::vector<kb::Profile> profiles;
    for (const Choice& c : node.choices) profiles.push_back(ProfileWith(script_, session_, c.set));
    const bool ages = std::any_of(profiles.begin(), profiles.end(),
                                  [](const kb::Profile& p) { return p.age_min >= 0; });
    const bool places = std::any_of(profiles.begin(), profiles.end(),
                                    [](const kb::Profile& p) { return !p.commune.empty(); });
    std::optional<std::size_t> chosen;
    std::string neighbourhood;
    if (ages) {
      if (!age_read) age = StatedAge(key);
      age_read = true;
      if (!age) continue;
      // The choice whose range holds the age, else the nearest range.
      int best_gap = kMaxStatedAge + 1;
      for (std::size_t i = 0; i < profiles.size(); ++i) {
        const kb::Profile& p = profiles[i];
        if (p.age_min < 0) continue;
        const int gap = *age < p.age_min   ? p.age_min - *age
                        : *age > p.age_max ? *age - p.age_max
                                           : 0;
        if (gap < best_gap) {
          best_gap = gap;
          chosen = i;
        }
      }
    } else if (places) {
      chosen = StatedPlace(node, key, &neighbourhood);
    }
    if (!chosen) continue;
    for (const auto& [k, v] : node.choices[*chosen].set) session_.profile[k] = v;
    if (!neighbourhood.empty()) session_.profile[std::string(kNeighbourhoodKey)] = neighbourhood;
  }
}

}  // namespace levier::dialogs
