// The barrier <-> data·inclusion thématique mapping (data_inclusion.h).
#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "levier/kb/data_inclusion.h"
#include "levier/util/barriers.h"

namespace levier::kb {
namespace {

// Category (the part before "--") -> barrier. Order matters only for reading.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kCategoryBarrier = {{
    {"logement-hebergement", "logement"},
    {"mobilite", "mobilite"},
    {"numerique", "numerique"},
    {"sante", "sante"},
    {"remobilisation", "estime-de-soi"},
    {"trouver-un-emploi", "rapport-emploi"},
    {"preparer-sa-candidature", "rapport-emploi"},
    {"choisir-un-metier", "rapport-emploi"},
    {"se-former", "rapport-emploi"},
    {"creer-une-entreprise", "rapport-emploi"},
    {"souvrir-a-linternational", "rapport-emploi"},
    {"difficultes-administratives-ou-juridiques", "acces-droits"},
    {"difficultes-financieres", "budget"},
}};

// Whole thématiques whose barrier differs from their category's (or whose
// category maps to nothing as a whole).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kThematiqueBarrier = {{
    {"sante--constituer-un-dossier-mdph-invalidite", "handicap"},
    {"lecture-ecriture-calcul--maitriser-le-francais", "langue"},
    {"famille--garde-denfants", "garde-enfants"},
    {"equipement-et-alimentation--alimentation", "budget"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kDefaultThematique = {{
    {"logement", "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"},
    {"langue", "lecture-ecriture-calcul--maitriser-le-francais"},
    {"mobilite", "mobilite--etre-accompagne-dans-son-parcours-mobilite"},
    {"numerique", "numerique--maitriser-les-fondamentaux-du-numerique"},
    {"sante", "sante--acces-aux-soins"},
    {"garde-enfants", "famille--garde-denfants"},
    {"estime-de-soi", "remobilisation--bien-etre-confiance-en-soi"},
    {"rapport-emploi", "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi"},
    {"acces-droits",
     "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"},
    {"budget", "difficultes-financieres--ameliorer-sa-gestion-budgetaire"},
}};

std::string_view BarrierFor(std::string_view thematique) {
  for (const auto& [t, b] : kThematiqueBarrier) {
    if (t == thematique) return b;
  }
  const std::string_view category = thematique.substr(0, thematique.find("--"));
  for (const auto& [c, b] : kCategoryBarrier) {
    if (c == category) return b;
  }
  return {};
}

}  // namespace

std::vector<std::string> BarriersForDataInclusion(const std::vector<std::string>& thematiques,
                                                  const std::vector<std::string>& publics) {
  std::vector<std::string_view> found;
  for (const std::string& t : thematiques) {
    if (const std::string_view b = BarrierFor(t); !b.empty()) found.push_back(b);
  }
  if (std::find(publics.begin(), publics.end(), "personnes-en-situation-de-handicap") !=
      publics.end()) {
    found.push_back("handicap");
  }
  std::vector<std::string> out;
  for (const std::string_view code : BarrierCodes()) {
    if (std::find(found.begin(), found.end(), code) != found.end()) out.emplace_back(code);
  }
  return out;
}

std::vector<std::string> ThematiquesForBarriers(const std::vector<std::string>& barriers) {
  std::vector<std::string> out;
  for (const std::string& b : barriers) {
    for (const auto& [barrier, thematique] : kDefaultThematique) {
      if (barrier == b && std::find(out.begin(), out.end(), thematique) == out.end()) {
        out.emplace_back(thematique);
      }
    }
  }
  return out;
}

}  // namespace levier::kb
