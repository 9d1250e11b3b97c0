// Cutting text on one separator character.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace levier {

// The non-empty parts of `text` between occurrences of `separator`:
// "a,,b," -> {"a", "b"}; "" -> {}.
inline std::vector<std::string> SplitNonEmpty(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace levier
