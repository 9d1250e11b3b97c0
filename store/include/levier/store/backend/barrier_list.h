// For the store's backends only: the barrier codes of a shared summary as
// every backend keeps them, comma-separated in one text column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string_view::npos) comma = joined.size();
    if (comma > start) out.emplace_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace levier::store::backend
