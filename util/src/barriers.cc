#include "levier/util/barriers.h"

#include <algorithm>
#include <array>

namespace levier {
namespace {
constexpr std::array<std::string_view, 11> kBarrierCodes = {
    "logement",      "langue",         "handicap",     "mobilite",
    "numerique",     "sante",          "garde-enfants", "estime-de-soi",
    "rapport-emploi", "acces-droits",  "budget",
};
}  // namespace

std::span<const std::string_view> BarrierCodes() { return kBarrierCodes; }

bool IsBarrierCode(std::string_view code) {
  return std::find(kBarrierCodes.begin(), kBarrierCodes.end(), code) != kBarrierCodes.end();
}

}  // namespace levier
