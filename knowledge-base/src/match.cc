#include "levier/kb/match.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <span>

#include "levier/kb/commune.h"

namespace levier::kb {
namespace {

constexpr int kScoreNeighbourhood = 4;
constexpr int kScoreCommune = 3;
constexpr int kScoreMetropolis = 1;
constexpr int kScoreLanguage = 3;
constexpr int kScoreTargeted = 1;
constexpr std::array<std::string_view, 7> kDayCodes = {"mo", "tu", "we", "th", "fr", "sa", "su"};

enum class Locality { kNone, kMetropolis, kCommune, kNeighbourhood };

// The profile, resolved once per request against the index.
struct Resolved {
  std::int32_t commune_id = -1;     // -1: unknown or named by no provider
  std::int32_t neighbourhood = -1;  // index in kb.neighbourhoods(), -1 unknown
  std::string commune_name;
  bool foreign_language = false;   // a language other than French
  std::uint64_t language_bit = 0;  // 0: see KnowledgeBase::LanguageBit
  bool has_age = false;
};

Resolved Resolve(const KnowledgeBase& kb, const Profile& profile) {
  Resolved r;
  std::string commune = profile.commune;
  if (!profile.neighbourhood.empty()) {
    const auto& ns = kb.neighbourhoods();
    for (std::size_t i = 0; i < ns.size(); ++i) {
      if (ns[i].id == profile.neighbourhood) {
        r.neighbourhood = static_cast<std::int32_t>(i);
        if (commune.empty()) commune = ns[i].commune;
      }
    }
  }
  const std::string folded = FoldCommuneName(commune);
  r.commune_id = folded.empty() ? -1 : kb.CommuneId(folded);
  r.commune_name = commune;
  r.foreign_language = !profile.language.empty() && profile.language != "fr";
  r.language_bit = r.foreign_language ? kb.LanguageBit(profile.language) : 0;
  r.has_age = profile.age_min >= 0 && profile.age_max >= 0;
  return r;
}

bool Has(std::span<const std::int32_t> v, std::int32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Geography as a hard filter and a preference.
Locality Place(const KnowledgeBase& kb, const KnowledgeBase::MatchKey& key, const Resolved& r) {
  const std::span<const std::int32_t> listed = kb.KeyNeighbourhoods(key);
  const bool in_listed_neighbourhood = r.neighbourhood >= 0 && Has(listed, r.neighbourhood);
  if ((key.flags & KnowledgeBase::kKeyResidentsOnly) && r.neighbourhood >= 0 && !listed.empty() &&
      !in_listed_neighbourhood) {
    return Locality::kNone;
  }
  Locality place = Locality::kMetropolis;
  if (key.communes_count > 0) {
    if (r.commune_id < 0 || !Has(kb.KeyCommunes(key), r.commune_id)) return Locality::kNone;
    place = Locality::kCommune;
  }
  return in_listed_neighbourhood ? Locality::kNeighbourhood : place;
}

// Eligibility as a hard filter: false only when the profile contradicts it.
bool Eligible(const KnowledgeBase::MatchKey& key, const Profile& profile, const Resolved& r) {
  if ((key.flags & KnowledgeBase::kKeyDisability) && profile.disability == Tri::kNo) return false;
  if ((key.flags & KnowledgeBase::kKeyChildren) && profile.young_children == Tri::kNo) return false;
  if (r.has_age) {
    if (key.max_age > 0 && profile.age_min > key.max_age) return false;
    if (key.min_age > 0 && profile.age_max < key.min_age) return false;
  }
  return true;
}

bool SpeaksLanguage(const Provider& p, const Profile& profile) {
  return std::find(p.languages.begin(), p.languages.end(), profile.language) != p.languages.end();
}

int Score(const KnowledgeBase& kb, const KnowledgeBase::MatchKey& key, Locality place,
          const Profile& profile, const Resolved& r) {
  int score = place == Locality::kNeighbourhood ? kScoreNeighbourhood
              : place == Locality::kCommune     ? kScoreCommune
                                                : kScoreMetropolis;
  if (r.foreign_language) {
    const bool speaks = r.language_bit != 0 ? (key.languages & r.language_bit) != 0
                                            : SpeaksLanguage(kb.providers()[key.provider], profile);
    if (speaks) score += kScoreLanguage;
  }
  if ((key.min_age > 0 || key.max_age > 0) && r.has_age &&
      (key.min_age == 0 || profile.age_min >= key.min_age) &&
      (key.max_age == 0 || profile.age_max <= key.max_age)) {
    score += kScoreTargeted;
  }
  if ((key.flags & KnowledgeBase::kKeyDisability) && profile.disability == Tri::kYes)
    score += kScoreTargeted;
  if ((key.flags & KnowledgeBase::kKeyChildren) && profile.young_children == Tri::kYes)
    score += kScoreTargeted;
  return score;
}

std::string Clock(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60 % 24, minute % 60);
  return buf;
}

std::string Date(const LocalTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
  return buf;
}

std::vector<Reason> Reasons(const KnowledgeBase& kb, const Provider& p, Locality place,
                            const Profile& profile, const Resolved& r, const OpeningState& open) {
  std::vector<Reason> reasons;
  if (place == Locality::kNeighbourhood) {
    reasons.push_back(
        {std::string(kReasonInNeighbourhood),
         {{"neighbourhood", kb.neighbourhoods()[static_cast<std::size_t>(r.neighbourhood)].name}}});
  } else if (place == Locality::kCommune) {
    reasons.push_back({std::string(kReasonInCommune), {{"commune", r.commune_name}}});
  } else {
    reasons.push_back({std::string(kReasonMetropolis), {}});
  }
  if (r.foreign_language && SpeaksLanguage(p, profile)) {
    reasons.push_back({std::string(kReasonSpeaksLanguage), {{"lang", profile.language}}});
  }
  const Eligibility& e = p.eligibility;
  if (e.min_age > 0 || e.max_age > 0) {
    reasons.push_back({std::string(kReasonForAge),
                       {{"min", e.min_age > 0 ? std::to_string(e.min_age) : ""},
                        {"max", e.max_age > 0 ? std::to_string(e.max_age) : ""}}});
  }
  if (e.disability_required) reasons.push_back({std::string(kReasonForDisability), {}});
  if (e.young_children_required) reasons.push_back({std::string(kReasonForYoungChildren), {}});
  if (e.priority_neighbourhood_only) {
    std::string names;
    for (const std::string& id : p.neighbourhoods) {
      const Neighbourhood* n = kb.FindNeighbourhood(id);
      if (!names.empty()) names += ", ";
      names += n != nullptr ? n->name : id;
    }
    reasons.push_back({std::string(kReasonResidentsOnly), {{"neighbourhoods", names}}});
  }
  if (open.open_now) {
    reasons.push_back({std::string(kReasonOpenNow), {{"until", Clock(open.closes_local.minute)}}});
  } else if (open.has_next) {
    reasons.push_back(
        {std::string(kReasonOpensNext),
         {{"day", std::string(kDayCodes[static_cast<std::size_t>(open.next_local.weekday)])},
          {"time", Clock(open.next_local.minute)},
          {"date", Date(open.next_local)}}});
  }
  return reasons;
}

struct Candidate {
  std::uint32_t index;
  int score;
  Locality place;
};

}  // namespace

std::vector<BarrierMatches> MatchProfile(const KnowledgeBase& kb, const MatchRequest& request) {
  const Resolved r = Resolve(kb, request.profile);
  std::vector<BarrierMatches> out;
  out.reserve(request.barriers.size());
  std::vector<Candidate> best;  // kept sorted: score desc, then file order
  for (const std::string& barrier : request.barriers) {
    best.clear();
    for (const KnowledgeBase::MatchKey& key : kb.VerifiedFor(barrier)) {
      if (!Eligible(key, request.profile, r)) continue;
      const Locality place = Place(kb, key, r);
      if (place == Locality::kNone) continue;
      const int score = Score(kb, key, place, request.profile, r);
      const std::uint32_t i = key.provider;
      if (best.size() == request.per_barrier && (best.empty() || score <= best.back().score))
        continue;
      // Insert after every candidate with a score >= this one (earlier in file order).
      const auto pos = std::find_if(best.begin(), best.end(),
                                    [&](const Candidate& c) { return c.score < score; });
      best.insert(pos, Candidate{i, score, place});
      if (best.size() > request.per_barrier) best.pop_back();
    }
    BarrierMatches bm;
    bm.barrier = barrier;
    for (const Candidate& c : best) {
      const Provider& p = kb.providers()[c.index];
      ProviderMatch m;
      m.provider = &p;
      m.score = c.score;
      m.opening = EvaluateOpening(p.opening, request.now);
      m.reasons = Reasons(kb, p, c.place, request.profile, r, m.opening);
      bm.matches.push_back(std::move(m));
    }
    out.push_back(std::move(bm));
  }
  return out;
}

}  // namespace levier::kb
