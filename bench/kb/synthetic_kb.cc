#include "synthetic_kb.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "levier/util/barriers.h"

namespace levier::bench {

kb::KnowledgeBase SyntheticKnowledgeBase(std::size_t count) {
  std::mt19937 rng(42);
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  const auto codes = BarrierCodes();
  std::vector<kb::Neighbourhood> neighbourhoods;
  for (int i = 0; i < 13; ++i) {
    neighbourhoods.push_back({"q" + std::to_string(i), "Quartier " + std::to_string(i),
                              "Commune " + std::to_string(i % 4), "synthetic"});
  }
  std::vector<kb::Provider> providers;
  providers.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    kb::Provider p;
    p.id = "p" + std::to_string(i);
    p.name = "Structure " + std::to_string(i);
    p.summary["fr"] = "Aide numéro " + std::to_string(i);
    const std::size_t barriers = 1 + rng() % 3;
    for (std::size_t b = 0; b < barriers; ++b) {
      const std::string code(codes[rng() % codes.size()]);
      if (std::find(p.barriers.begin(), p.barriers.end(), code) == p.barriers.end())
        p.barriers.push_back(code);
    }
    if (chance(30)) {
      const std::size_t n = 1 + rng() % 3;
      for (std::size_t c = 0; c < n; ++c) {
        const std::string commune = "Commune " + std::to_string(rng() % 22);
        if (std::find(p.communes.begin(), p.communes.end(), commune) == p.communes.end())
          p.communes.push_back(commune);
      }
    }
    if (chance(10)) {
      p.neighbourhoods.push_back("q" + std::to_string(rng() % 13));
      p.eligibility.priority_neighbourhood_only = chance(33);
    }
    if (chance(10)) {
      p.eligibility.min_age = 16;
      p.eligibility.max_age = 25 + static_cast<int>(rng() % 6);
    }
    p.eligibility.disability_required = chance(5);
    if (chance(5)) p.languages = {"fr", "ar"};
    if (chance(50)) p.hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00";
    p.phone = "01 00 00 00 00";
    p.source = "synthetic";
    p.confidence = "moyenne";
    p.verified = chance(60);
    providers.push_back(std::move(p));
  }
  Result<kb::KnowledgeBase> kb =
      kb::KnowledgeBase::Build(std::move(providers), std::move(neighbourhoods), "synthetic");
  if (!kb.ok()) {
    std::fprintf(stderr, "synthetic knowledge base refused: %s\n", kb.status().message().c_str());
    std::abort();
  }
  return std::move(*kb);
}

}  // namespace levier::bench
