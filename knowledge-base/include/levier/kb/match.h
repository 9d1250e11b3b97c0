// Matching v2: identified barriers + a resident's profile -> at most three
// verified providers per barrier, ranked, each with the reasons it was chosen
// and whether it is open now (Europe/Paris time).
//
// Rules (docs/knowledge-base.md, "Comment Levier choisit les structures"):
// - Only verified providers listing the barrier are considered.
// - Hard filters: geography (a provider listing communes serves only those;
//   residents-only services serve only their neighbourhoods) and eligibility
//   (age range, recognised disability, young children). A criterion filters
//   only when the profile says the resident does NOT meet it; unknown profile
//   facts never exclude (the reasons then state the condition).
// - Preferences, added into a score: in the resident's neighbourhood (+4), in
//   their commune (+3), metropolis-wide (+1); speaks the resident's language
//   when it is not French (+3); aimed at them (age range contains their
//   bracket, disability-specific for a disabled resident, young-children
//   services for parents of young children: +1 each). Ties keep file order.
// Reasons are codes with parameters; the words live in dialogs/ lang files.
//
// Thread-safety: pure functions of their arguments; safe from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/kb/opening_hours.h"
#include "levier/util/time_util.h"

namespace levier::kb {

enum class Tri { kUnknown, kYes, kNo };

struct Profile {
  std::string commune;        // as typed or chosen; "" = unknown
  std::string neighbourhood;  // neighbourhood id ("sanitas"); "" = unknown. Implies its commune.
  int age_min = -1;           // age bracket, e.g. 16..25; -1 = unknown
  int age_max = -1;
  std::string language;                // language tag the resident speaks ("ar"); "" = unknown
  Tri disability = Tri::kUnknown;      // recognised disability
  Tri young_children = Tri::kUnknown;  // has young children
};

// Reason codes (the lead's dialogs render them; parameters in brackets):
inline constexpr std::string_view kReasonInNeighbourhood = "in_neighbourhood";  // {neighbourhood}
inline constexpr std::string_view kReasonInCommune = "in_commune";              // {commune}
inline constexpr std::string_view kReasonMetropolis = "metropolis";             // {}
inline constexpr std::string_view kReasonSpeaksLanguage = "speaks_language";    // {lang}
inline constexpr std::string_view kReasonForAge = "for_age";  // {min, max} ("" = none)
inline constexpr std::string_view kReasonForDisability = "for_disability";         // {}
inline constexpr std::string_view kReasonForYoungChildren = "for_young_children";  // {}
inline constexpr std::string_view kReasonResidentsOnly = "residents_only";  // {neighbourhoods}
inline constexpr std::string_view kReasonOpenNow = "open_now";              // {until}
inline constexpr std::string_view kReasonOpensNext = "opens_next";          // {day, time, date}

struct Reason {
  std::string code;
  std::map<std::string, std::string> params;
  bool operator==(const Reason&) const = default;
};

struct ProviderMatch {
  const Provider* provider = nullptr;
  int score = 0;
  std::vector<Reason> reasons;  // locality first, then language, eligibility, opening
  OpeningState opening;         // known == false when the provider gave no hours
};

struct BarrierMatches {
  std::string barrier;
  std::vector<ProviderMatch> matches;  // best first, at most `per_barrier`
};

struct MatchRequest {
  std::vector<std::string> barriers;  // in the order the resident gave them
  Profile profile;
  UnixSeconds now = 0;  // current UTC time (for open now / next opening)
  std::size_t per_barrier = 3;
};

// One BarrierMatches per requested barrier, in request order (an unknown
// barrier code gives an empty list).
std::vector<BarrierMatches> MatchProfile(const KnowledgeBase& kb, const MatchRequest& request);

}  // namespace levier::kb
