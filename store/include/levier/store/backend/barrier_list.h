// For the store's backends only: the barrier codes of a shared summary as
// every backend keeps them, comma-separated in one text column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/util/split.h"

namespace levier::store::backend {

inline std::string JoinBarrierCodes(const std::vector<std::string>& codes) {
  std::string joined;
  for (const std::string& code : codes) {
    if (!joined.empty()) joined += ',';
    joined += code;
  }
  return joined;
}

// Empty parts are skipped: "" is no barrier, not one empty code.
inline std::vector<std::string> SplitBarrierCodes(std::string_view joined) {
  return SplitNonEmpty(joined, ',');
}

}  // namespace levier::store::backend
