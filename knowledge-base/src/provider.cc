#include "levier/kb/knowledge_base.h"

namespace levier::kb {

const std::string& Provider::SummaryIn(std::string_view lang) const {
  static const std::string kEmpty;
  if (auto it = summary.find(std::string(lang)); it != summary.end()) return it->second;
  if (auto it = summary.find("fr"); it != summary.end()) return it->second;
  return kEmpty;
}

}  // namespace levier::kb
