// flow.json "profile": which recorded answers set which fact of the matching
// profile. Its shape is checked here; whether the keys and values are ones
// a choice really records is `levier check`'s job (check_profile.cc).
#include "script_loader.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;

// Values one fact may map; far more than any question has choices.
constexpr std::size_t kMaxValues = 50;
constexpr int kMaxAge = 130;

Status ReadKey(const json& fact, const std::string& where, std::string* key) {
  if (!fact.is_object()) return Status::InvalidArgument(where + ": must be an object");
  for (const auto& [name, value] : fact.items()) {
    if (name != "key" && name != "values") {
      return Status::InvalidArgument(where + ": unknown entry '" + name + "' (key, values)");
    }
  }
  Status s = loader::RequiredString(fact, "key", where, key);
  if (!s.ok()) return s;
  if (!loader::IsValidId(*key)) {
    return Status::InvalidArgument(where + ": key '" + *key + "' is not a valid id");
  }
  return Status::Ok();
}

// The "values" object: recorded value -> what it means; nullptr when absent.
Result<const json*> ReadValues(const json& fact, const std::string& where, bool required) {
  auto it = fact.find("values");
  if (it == fact.end()) {
    if (required) return Status::InvalidArgument(where + ": missing 'values'");
    return static_cast<const json*>(nullptr);
  }
  if (!required) {
    return Status::InvalidArgument(where + ": no 'values': the recorded value is used as is");
  }
  if (!it->is_object() || it->empty() || it->size() > kMaxValues) {
    return Status::InvalidArgument(where + ": 'values' must be an object of 1 to " +
                                   std::to_string(kMaxValues) + " entries");
  }
  return &*it;
}

Status ReadYesNo(const json& fact, const std::string& where, std::map<std::string, bool>* out) {
  Result<const json*> values = ReadValues(fact, where, true);
  if (!values.ok()) return values.status();
  for (const auto& [recorded, meaning] : (*values)->items()) {
    if (!meaning.is_string() || (meaning != "yes" && meaning != "no")) {
      return Status::InvalidArgument(where + ": value '" + recorded +
                                     "' must map to \"yes\" or \"no\"");
    }
    (*out)[recorded] = meaning == "yes";
  }
  return Status::Ok();
}

Status ReadAges(const json& fact, const std::string& where, std::map<std::string, AgeRange>* out) {
  Result<const json*> values = ReadValues(fact, where, true);
  if (!values.ok()) return values.status();
  for (const auto& item : (*values)->items()) {
    // Plain names rather than a structured binding: clang 14 (the fuzz
    // stage's compiler) cannot capture a binding in the lambda below.
    const std::string& recorded = item.key();
    const json& range = item.value();
    const std::string at = where + ": value '" + recorded + "'";
    const auto bound = [&](const char* name) -> int {
      auto it = range.find(name);
      if (it == range.end() || !it->is_number_integer()) return -1;
      long long v = it->get<long long>();
      return v < 0 || v > kMaxAge ? -1 : static_cast<int>(v);
    };
    if (!range.is_object() || range.size() != 2) {
      return Status::InvalidArgument(at + " must be {\"min\": age, \"max\": age}");
    }
    AgeRange r{bound("min"), bound("max")};
    if (r.min < 0 || r.max < 0 || r.min > r.max) {
      return Status::InvalidArgument(at + ": min and max must be ages from 0 to " +
                                     std::to_string(kMaxAge) + ", min at most max");
    }
    (*out)[recorded] = r;
  }
  return Status::Ok();
}

}  // namespace

Status ScriptLoader::ParseProfile(const json& flow) {
  auto section = flow.find("profile");
  if (section == flow.end()) return Status::Ok();
  const std::string where = script_.flow_file_ + ": profile";
  if (!section->is_object()) return Status::InvalidArgument(where + ": must be an object");
  ProfileFacts& facts = script_.profile_facts_;
  for (const auto& [name, fact] : section->items()) {
    const std::string at = where + ": fact '" + name + "'";
    Status s;
    if (name == "commune" || name == "neighbourhood") {
      s = ReadKey(fact, at, name == "commune" ? &facts.commune_key : &facts.neighbourhood_key);
      if (s.ok()) s = ReadValues(fact, at, false).status();
    } else if (name == "age") {
      s = ReadKey(fact, at, &facts.age_key);
      if (s.ok()) s = ReadAges(fact, at, &facts.ages);
    } else if (name == "disability") {
      s = ReadKey(fact, at, &facts.disability_key);
      if (s.ok()) s = ReadYesNo(fact, at, &facts.disability);
    } else if (name == "young_children") {
      s = ReadKey(fact, at, &facts.young_children_key);
      if (s.ok()) s = ReadYesNo(fact, at, &facts.young_children);
    } else {
      s = Status::InvalidArgument(
          at + ": unknown fact (commune, neighbourhood, age, disability, young_children)");
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace levier::dialogs
