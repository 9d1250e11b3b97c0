// `levier check`: flow.json "profile" names recorded answers that choices
// really record, so renaming a value in a choice cannot silently change
// which providers residents get.
#include <map>
#include <set>

#include "check_internal.h"

namespace levier::dialogs::check_internal {
namespace {

// Every value some choice records, by profile key.
std::map<std::string, std::set<std::string>> RecordedAnswers(const Script& script) {
  std::map<std::string, std::set<std::string>> out;
  for (const Node& node : script.nodes()) {
    for (const Choice& choice : node.choices) {
      for (const auto& [key, value] : choice.set) out[key].insert(value);
    }
  }
  return out;
}

template <typename Values>
void CheckFact(const Script& script, const std::map<std::string, std::set<std::string>>& recorded,
               std::string_view fact, const std::string& key, const Values* values,
               std::vector<CheckFinding>* findings) {
  if (key.empty()) return;
  const auto add = [&](std::string message) {
    findings->push_back(CheckFinding{CheckFinding::Severity::kError, script.flow_file(), "", "",
                                     "profile: fact '" + std::string(fact) + "': " +
                                         std::move(message)});
  };
  auto known = recorded.find(key);
  if (known == recorded.end()) {
    add("no choice records '" + key + "' (a choice's \"set\")");
    return;
  }
  if (values == nullptr) return;
  for (const auto& [value, meaning] : *values) {
    if (known->second.count(value) == 0) {
      add("no choice records '" + key + "' = '" + value + "'");
    }
  }
}

}  // namespace

void CheckProfile(const Script& script, std::vector<CheckFinding>* findings) {
  const ProfileFacts& facts = script.profile_facts();
  const auto recorded = RecordedAnswers(script);
  const std::map<std::string, bool>* no_values = nullptr;
  CheckFact(script, recorded, "commune", facts.commune_key, no_values, findings);
  CheckFact(script, recorded, "neighbourhood", facts.neighbourhood_key, no_values, findings);
  CheckFact(script, recorded, "age", facts.age_key, &facts.ages, findings);
  CheckFact(script, recorded, "disability", facts.disability_key, &facts.disability, findings);
  CheckFact(script, recorded, "young_children", facts.young_children_key, &facts.young_children,
            findings);
}

}  // namespace levier::dialogs::check_internal
