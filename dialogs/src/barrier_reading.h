// Reading a message's barriers with the keyword rules: each barrier's lists
// (barrier., resource., use.; weak. for doubts), in the message's language
// with French words borrowed, and the message's cues of negation, of having,
// of troubles over, of lasting limitations and of children's illnesses
// (understanding.h). The classifier's part is matcher.cc's. Private to
// levier::dialogs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "understanding.h"

namespace levier::dialogs {

inline constexpr std::string_view kBarrierListPrefix = "barrier.";
inline constexpr std::string_view kWeakListPrefix = "weak.";

// Barriers named in `key` read as `speech`'s language (with words borrowed
// from `lender`'s lists, the default language's), with first positions,
// appended to `found`. Between overlapping mentions of two barriers, an
// exact one beats a typo and a longer one beats a shorter one it contains
// ("dort dans la voiture" is housing, not transport).
void CollectBarriers(const LanguageModel& speech, const LanguageModel* lender, std::string_view key,
                     std::string_view prefix,
                     std::vector<std::pair<std::size_t, std::string>>* found);

// How the barrier lists read `key` (in `speech`, borrowing from `lender`),
// barrier by barrier, beyond which barriers they name.
struct RuleReading {
  // Named only under a negation or a dismissal ("je parle bien francais
  // c'est pas le probleme").
  std::vector<std::string_view> negated;
  // Named only as a trouble now over ("j'ai eu un cancer, je suis guerie"),
  // or as one that moved to another barrier (a lasting limitation, a
  // child's illness: understanding.lasting, understanding.child).
  std::vector<std::string_view> over;
  // Named only as the job the resident seeks ("un poste d'aide-soignante a
  // l'hopital", "work as a bus driver": understanding.job).
  std::vector<std::string_view> sought;
  // Named only as a resource the resident has ("j'ai le permis et une voiture").
  std::vector<std::string_view> held;
  // Named as the resident's trouble ("j'ai un probleme de transport").
  std::vector<std::string_view> said;
};

RuleReading ReadRules(const LanguageModel& speech, const LanguageModel* lender,
                      std::string_view key);

}  // namespace levier::dialogs
