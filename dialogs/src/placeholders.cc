#include "placeholders.h"

#include <algorithm>

namespace levier::dialogs {

std::string FillPlaceholders(
    std::string_view text,
    const std::function<std::optional<std::string>(std::string_view name)>& value) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    if (std::optional<std::string> v = value(text.substr(open + 1, close - open - 1))) {
      out += *v;
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

}  // namespace levier::dialogs
