#include "barrier_reading.h"

#include <algorithm>
#include <optional>

#include "levier/util/barriers.h"

namespace levier::dialogs {
namespace {

// Which of a barrier's words name a resource whose lack is the barrier
// ("voiture", "crèche"): they name the barrier unless the resident says
// they have it (HeldHits).
constexpr std::string_view kResourceListPrefix = "resource.";
// Which of a barrier's words describe using its resource ("loin",
// "conduire", "far"): they name the barrier unless the resident says they
// have one of its resources, or that one is no problem ("j'ai une voiture,
// le travail est loin", "uzak ama araba sorun yok").
constexpr std::string_view kUseListPrefix = "use.";

// How the lists under a prefix read one barrier in a message.
struct BarrierHits {
  std::string_view code;
  // Neither negated, nor a resource the resident has, nor said to be over.
  std::vector<Hit> affirmed;
  bool had = false;       // a hit went because the resident has its resource
  bool over = false;      // a hit went because the resident says it is over
  bool sought = false;    // a hit went because it names the job sought
  bool moved = false;     // a hit went to another barrier (ReadMove)
  bool moved_in = false;  // named by a move: a lasting limitation, a child's illness
  bool wanted = false;    // a resource of it named as wanted or lacked ("je cherche une maison", "pas de permis")
};

// Where a message's cues of wanting and of lacking a resource are: looked
// for once per message, at the first resource named.
struct ResourceCues {
  std::vector<Hit> want_before, want_after, want_not;
  std::vector<Hit> lack_before, lack_after, lack_not;
};

ResourceCues FindResourceCues(const LanguageModel& speech, const Tokens& tokens) {
  const auto find = [&](const PhraseList& list) { return FindHits(speech, list, tokens, false); };
  return {find(speech.want_before), find(speech.want_after), find(speech.want_not),
          find(speech.lack_before), find(speech.lack_after), find(speech.lack_not)};
}

// Whether one of `resources` comes right after a cue of `before` ("je
// cherche une (maison)", "pas de (permis)") or right before one of `after`
// ("(ev) ariyorum", "(araba) yok"), and not right before a word of `nots`
// ("une (maison) de retraite", "no (car) problem").
bool IsCued(const std::vector<Hit>& before, const std::vector<Hit>& after,
            const std::vector<Hit>& nots, const std::vector<Hit>& resources) {
  return std::any_of(resources.begin(), resources.end(), [&](const Hit& r) {
    const auto starts_at_end = [&](const Hit& c) { return c.begin == r.end; };
    if (std::any_of(nots.begin(), nots.end(), starts_at_end)) return false;
    return std::any_of(before.begin(), before.end(),
                       [&](const Hit& c) { return c.end == r.begin; }) ||
           std::any_of(after.begin(), after.end(), starts_at_end);
  });
}

// A resource of barrier `code` named as wanted, for the barriers the language
// file lists, or as lacked: the lack is said, whatever the classifier reads
// (it learnt "je cherche" from the job hunt, which is no barrier, and
// averages a plain "pas de permis" away in a long message).
bool IsWantedOrLacked(const LanguageModel& speech, const ResourceCues& cues,
                      std::string_view code, const std::vector<Hit>& resources) {
  const auto& barriers = speech.want_barriers;
  const bool wanted_here = std::find(barriers.begin(), barriers.end(), code) != barriers.end();
  return (wanted_here && IsCued(cues.want_before, cues.want_after, cues.want_not, resources)) ||
         IsCued(cues.lack_before, cues.lack_after, cues.lack_not, resources);
}

// How far a cue of a move reaches: words between a mention and the cue,
// after the cue and before it.
struct Reach {
  std::size_t after = 0;
  std::size_t before = 0;
};

// The mentions of `move.from`'s barriers within `reach` of one of its cues
// move to the barrier `move.to`, which the cue then names as said: a
// limitation said to last ("le medecin a dit que c'est definitif", "for
// life") is a disability, not health; a child's illness ("mon fils est
// handicape", "my daughter is autistic") is the parent's childcare.
void ReadMove(const LanguageModel& speech, const BarrierMove& move, Reach reach,
              const Tokens& tokens, std::vector<BarrierHits>* readings) {
  if (move.to.empty() || move.cues.phrases.empty()) return;
  const auto near = [&](const Hit& h, const Hit& c) {
    return (c.end <= h.begin && h.begin - c.end <= reach.after) ||
           (h.end <= c.begin && c.begin - h.end <= reach.before) ||
           (h.begin < c.end && c.begin < h.end);
  };
  const std::vector<Hit> cue_hits = FindHits(speech, move.cues, tokens, false);
  if (cue_hits.empty()) return;
  // An age of kGrownUpAge or more said within reach after the cue ("wlidi
  // 3andou 19 ans", "my son is 24"): the cue names an adult.
  const std::vector<Hit> units = FindHits(speech, move.grown, tokens, false);
  const auto grown_up = [&](const Hit& c) {
    return std::any_of(units.begin(), units.end(), [&](const Hit& u) {
      if (u.begin == 0 || u.begin - 1 < c.end || u.begin - 1 - c.end > reach.after) return false;
      const std::optional<int> age = SmallNumber(tokens.words[u.begin - 1]);
      return age && *age >= kGrownUpAge;
    });
  };
  std::vector<Hit> cues;
  for (const Hit& c : cue_hits) {
    if (grown_up(c)) continue;
    bool moved = false;
    for (BarrierHits& r : *readings) {
      if (std::find(move.from.begin(), move.from.end(), r.code) == move.from.end()) continue;
      const std::size_t before = r.affirmed.size();
      std::erase_if(r.affirmed, [&](const Hit& h) { return near(h, c); });
      if (r.affirmed.size() == before) continue;
      r.moved = true;
      moved = true;
    }
    if (moved) cues.push_back(c);
  }
  if (cues.empty()) return;
  auto to = std::find_if(readings->begin(), readings->end(),
                         [&](const BarrierHits& r) { return r.code == move.to; });
  if (to == readings->end()) {
    const auto codes = BarrierCodes();
    auto code = std::find(codes.begin(), codes.end(), move.to);
    if (code == codes.end()) return;  // the loader checked it
    to = readings->insert(readings->end(), BarrierHits{});
    to->code = *code;
  }
  to->affirmed.insert(to->affirmed.end(), cues.begin(), cues.end());
  to->moved_in = true;
}

// Where list `id` names something in `tokens` (read as `speech`), and, with
// `lender` (the default language), where its list does with a word `speech`
// does not know: French words are used in every language ("logement", "CAF",
// "115"), but "dos" is Spanish for two, not a back.
std::vector<Hit> ListHits(const LanguageModel& speech, const LanguageModel* lender,
                          const std::string& id, const Tokens& tokens) {
  std::vector<Hit> hits;
  if (auto it = speech.lists.find(id); it != speech.lists.end()) {
    hits = FindHits(speech, it->second, tokens);
  }
  if (lender == nullptr) return hits;
  auto it = lender->lists.find(id);
  if (it == lender->lists.end()) return hits;
  for (const Hit& h : FindHits(*lender, it->second, tokens)) {
    bool borrowed = false;
    for (std::size_t i = h.begin; i < h.end; ++i) borrowed = borrowed || !tokens.known[i];
    const bool seen = std::any_of(hits.begin(), hits.end(), [&](const Hit& g) {
      return g.begin == h.begin && g.end == h.end;
    });
    if (borrowed && !seen) hits.push_back(h);
  }
  return hits;
}

// Every barrier named in `tokens` (read as `speech`, with words borrowed from
// `lender`'s lists; in BarrierCodes() order, then those named by a move),
// read with the message's cues of negation, of having, of wanting, of
// troubles over, of the job sought, of lasting limitations and of children's
// illnesses: the resources the resident has (barrier lists only), the
// troubles they say are over and the words naming the job they seek go.
std::vector<BarrierHits> ReadBarrierHits(const LanguageModel& speech, const LanguageModel* lender,
                                         std::string_view prefix, const Tokens& tokens) {
  std::vector<BarrierHits> out;
  std::vector<BarrierMention> mentions;
  std::optional<NegationCues> negation;  // looked for once, at the first named barrier
  std::optional<HaveCues> having;        // looked for once, at the first resource named
  std::optional<ResourceCues> naming;    // likewise
  for (std::string_view code : BarrierCodes()) {
    std::vector<Hit> hits = ListHits(speech, lender, std::string(prefix).append(code), tokens);
    if (hits.empty()) continue;
    if (!negation) negation = FindNegationCues(speech, tokens);
    const std::size_t index = out.size();
    BarrierHits& reading = out.emplace_back();
    reading.code = code;
    std::vector<Hit> resources;
    std::vector<Hit> uses;
    bool dismissed = false;  // a resource named under a negation ("araba sorun yok")
    if (prefix == kBarrierListPrefix) {
      std::vector<Hit> named =
          ListHits(speech, lender, std::string(kResourceListPrefix).append(code), tokens);
      const std::size_t count = named.size();
      resources = AffirmedOf(*negation, std::move(named));
      dismissed = resources.size() < count;
    }
    std::vector<Hit> held;
    if (!resources.empty()) {
      if (!having) having = FindHaveCues(speech, tokens);
      held = HeldHits(*having, resources);
      if (!naming) naming = FindResourceCues(speech, tokens);
      reading.wanted = IsWantedOrLacked(speech, *naming, code, resources);
    }
    if (!held.empty() || dismissed) {
      uses = ListHits(speech, lender, std::string(kUseListPrefix).append(code), tokens);
    }
    auto within = [](const std::vector<Hit>& outer, const Hit& h) {
      return std::any_of(outer.begin(), outer.end(),
                         [&](const Hit& r) { return r.begin <= h.begin && h.end <= r.end; });
    };
    for (const Hit& h : AffirmedOf(*negation, std::move(hits))) {
      if (within(held, h) || within(uses, h)) {
        reading.had = true;
        continue;
      }
      reading.affirmed.push_back(h);
      mentions.push_back(BarrierMention{h, index, within(resources, h), false});
    }
    for (const Hit& r : held) mentions.push_back(BarrierMention{r, index, true, true});
  }
  // A mention said to be over, or naming the job sought, goes; over wins.
  const std::vector<bool> over = MentionsOver(speech, tokens, mentions);
  const std::vector<bool> sought = MentionsSought(speech, tokens, mentions);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (!over[i] && !sought[i]) continue;
    BarrierHits& reading = out[mentions[i].barrier];
    const Hit& h = mentions[i].hit;
    std::erase_if(reading.affirmed,
                  [&](const Hit& a) { return a.begin == h.begin && a.end == h.end; });
    (over[i] ? reading.over : reading.sought) = true;
  }
  if (prefix == kBarrierListPrefix) {
    // A child's first: "mon fils est malade a vie" is childcare.
    ReadMove(speech, speech.child, Reach{.after = 3, .before = 0}, tokens, &out);
    ReadMove(speech, speech.lasting, Reach{.after = 8, .before = 8}, tokens, &out);
  }
  return out;
}

}  // namespace

void CollectBarriers(const LanguageModel& speech, const LanguageModel* lender, std::string_view key,
                     std::string_view prefix,
                     std::vector<std::pair<std::size_t, std::string>>* found) {
  Tokens tokens = Tokenize(speech, key);
  std::vector<std::pair<Hit, std::string_view>> all;
  for (const BarrierHits& reading : ReadBarrierHits(speech, lender, prefix, tokens)) {
    for (const Hit& h : reading.affirmed) all.emplace_back(h, reading.code);
  }
  for (const auto& [h, code] : all) {
    bool beaten = false;
    for (const auto& [g, other] : all) {
      if (other == code || g.end <= h.begin || h.end <= g.begin) continue;
      bool contains = g.begin <= h.begin && h.end <= g.end && g.end - g.begin > h.end - h.begin;
      beaten = beaten || (h.fuzzy && !g.fuzzy) || (contains && g.fuzzy <= h.fuzzy);
    }
    if (beaten) continue;
    auto known = std::find_if(found->begin(), found->end(),
                              [&c = code](const auto& f) { return f.second == c; });
    if (known == found->end()) {
      found->emplace_back(h.begin, std::string(code));
    } else {
      known->first = std::min(known->first, h.begin);
    }
  }
}

RuleReading ReadRules(const LanguageModel& speech, const LanguageModel* lender,
                      std::string_view key) {
  RuleReading reading;
  Tokens tokens = Tokenize(speech, key);
  std::optional<TroubleCues> cues;  // looked for once, at the first affirmed barrier
  for (const BarrierHits& barrier : ReadBarrierHits(speech, lender, kBarrierListPrefix, tokens)) {
    if (barrier.affirmed.empty()) {
      (barrier.over || barrier.moved ? reading.over
       : barrier.sought              ? reading.sought
       : barrier.had                 ? reading.held
                                     : reading.negated)
          .push_back(barrier.code);
      continue;
    }
    if (barrier.moved_in || barrier.wanted) {
      reading.said.push_back(barrier.code);
      continue;
    }
    if (!cues) cues = FindTroubleCues(speech, tokens);
    if (std::any_of(barrier.affirmed.begin(), barrier.affirmed.end(),
                    [&](const Hit& h) { return IsTroubled(*cues, h); })) {
      reading.said.push_back(barrier.code);
    }
  }
  return reading;
}

}  // namespace levier::dialogs
