#include "json_loader.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

#include "json_reader.h"
#include "provider_validate.h"

namespace levier::kb::internal {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 14> kProviderKeysV1 = {
    "id",      "name",  "summary", "barriers",    "communes",   "address",  "phone",
    "website", "email", "source",  "source_date", "confidence", "verified", "notes"};
constexpr std::array<std::string_view, 22> kProviderKeysV2Extra = {"neighbourhoods",
                                                                   "languages",
                                                                   "hours",
                                                                   "eligibility",
                                                                   "thematiques",
                                                                   "publics",
                                                                   "zone_eligibilite",
                                                                   "description",
                                                                   "postcode",
                                                                   "address_commune",
                                                                   "latitude",
                                                                   "longitude",
                                                                   "siret",
                                                                   "structure_id",
                                                                   "structure_name",
                                                                   "external_id",
                                                                   "external_structure_id",
                                                                   "external_source",
                                                                   "updated",
                                                                   "last_verified",
                                                                   "verified_by",
                                                                   "retired"};
constexpr std::array<std::string_view, 5> kEligibilityKeys = {
    "min_age", "max_age", "disability_required", "priority_neighbourhood_only",
    "young_children_required"};
constexpr std::array<std::string_view, 4> kNeighbourhoodKeys = {"id", "name", "commune", "source"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool AllowedProviderKey(std::string_view key, int version) {
  return Contains(kProviderKeysV1, key) || (version >= 2 && Contains(kProviderKeysV2Extra, key));
}

Status ReadId(const json& entry, const LoadLimits& limits, Where& where, std::string* id) {
  if (!entry.is_object()) return where.Invalid("must be a JSON object");
  if (Status s = ReadString(entry, "id", true, false, limits, where, id); !s.ok()) return s;
  if (!IsSlug(*id)) {
    return where.Invalid("id " + Quote(*id) + " must use only a-z, 0-9 and single inner '-'");
  }
  where.set_id(*id);
  return Status::Ok();
}

Status ReadSummary(const json& entry, const LoadLimits& limits, const Where& where, Provider* p) {
  const auto it = entry.find("summary");
  if (it == entry.end()) return where.Invalid("missing \"summary\"");
  if (!it->is_object()) return where.Invalid("\"summary\" must be an object {language: text}");
  if (it->size() > limits.max_list_items)
    return where.Exhausted("\"summary\" has too many languages");
  for (const auto& [lang, text] : it->items()) {
    std::string s;
    if (Status st = CheckString(text, "summary." + lang, limits.max_short_string, false, where, &s);
        !st.ok()) {
      return st;
    }
    p->summary.emplace(lang, std::move(s));
  }
  return Status::Ok();
}

Status ReadBool(const json& obj, std::string_view field, const Where& where, bool* out) {
  const auto it = obj.find(std::string(field));
  if (it == obj.end()) return Status::Ok();
  if (!it->is_boolean()) return where.Invalid(Quote(field) + " must be true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

Status ReadEligibility(const json& entry, const Where& where, Eligibility* e) {
  const auto it = entry.find("eligibility");
  if (it == entry.end()) return Status::Ok();
  if (!it->is_object()) return where.Invalid("\"eligibility\" must be an object");
  for (const auto& [key, value] : it->items()) {
    if (!Contains(kEligibilityKeys, key))
      return where.Invalid("unknown field \"eligibility." + key + "\"");
  }
  for (const auto& [field, out] :
       {std::pair{"min_age", &e->min_age}, std::pair{"max_age", &e->max_age}}) {
    const auto v = it->find(field);
    if (v == it->end()) continue;
    if (!v->is_number_integer())
      return where.Invalid("\"eligibility." + std::string(field) + "\" must be a whole number");
    const auto n = v->get<long long>();
    if (n < 0 || n > 120)
      return where.Invalid("eligibility ages must be between 0 and 120 (0 = no bound)");
    *out = static_cast<int>(n);
  }
  for (const auto& [field, out] :
       {std::pair{"disability_required", &e->disability_required},
        std::pair{"priority_neighbourhood_only", &e->priority_neighbourhood_only},
        std::pair{"young_children_required", &e->young_children_required}}) {
    if (Status s = ReadBool(*it, field, where, out); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReadCoordinate(const json& entry, std::string_view field, const Where& where,
                      std::optional<double>* out) {
  const auto it = entry.find(std::string(field));
  if (it == entry.end() || it->is_null()) return Status::Ok();
  if (!it->is_number()) return where.Invalid(Quote(field) + " must be a number or null");
  *out = it->get<double>();
  return Status::Ok();
}

Status ReadV2Fields(const json& entry, const LoadLimits& limits, const Where& where, Provider* p) {
  for (const auto& [field, out] :
       {std::pair{"neighbourhoods", &p->neighbourhoods}, std::pair{"languages", &p->languages},
        std::pair{"thematiques", &p->thematiques}, std::pair{"publics", &p->publics},
        std::pair{"zone_eligibilite", &p->zone_eligibilite}}) {
    if (Status s = ReadStringList(entry, field, limits, where, out); !s.ok()) return s;
  }
  for (const auto& [field, out] :
       {std::pair{"hours", &p->hours}, std::pair{"postcode", &p->postcode},
        std::pair{"address_commune", &p->address_commune}, std::pair{"siret", &p->siret},
        std::pair{"structure_id", &p->structure_id},
        std::pair{"structure_name", &p->structure_name}, std::pair{"external_id", &p->external_id},
        std::pair{"external_structure_id", &p->external_structure_id},
        std::pair{"external_source", &p->external_source}, std::pair{"updated", &p->updated},
        std::pair{"last_verified", &p->last_verified}, std::pair{"verified_by", &p->verified_by},
        std::pair{"retired", &p->retired}}) {
    if (Status s = ReadString(entry, field, false, false, limits, where, out); !s.ok()) return s;
  }
  LoadLimits description_limits = limits;
  description_limits.max_long_string = limits.max_description;
  if (Status s =
          ReadString(entry, "description", false, true, description_limits, where, &p->description);
      !s.ok()) {
    return s;
  }
  if (Status s = ReadCoordinate(entry, "latitude", where, &p->latitude); !s.ok()) return s;
  if (Status s = ReadCoordinate(entry, "longitude", where, &p->longitude); !s.ok()) return s;
  return ReadEligibility(entry, where, &p->eligibility);
}

Status ReadProvider(const json& entry, const LoadLimits& limits, int version, Where& where,
                    Provider* p) {
  if (Status s = ReadId(entry, limits, where, &p->id); !s.ok()) return s;
  for (const auto& [key, value] : entry.items()) {
    if (!AllowedProviderKey(key, version)) return where.Invalid("unknown field " + Quote(key));
  }
  if (Status s = ReadString(entry, "name", true, false, limits, where, &p->name); !s.ok()) return s;
  if (Status s = ReadSummary(entry, limits, where, p); !s.ok()) return s;
  if (Status s = ReadStringList(entry, "barriers", limits, where, &p->barriers); !s.ok()) return s;
  if (Status s = ReadStringList(entry, "communes", limits, where, &p->communes); !s.ok()) return s;
  for (auto [field, out] : {std::pair{"address", &p->address}, std::pair{"phone", &p->phone},
                            std::pair{"website", &p->website}, std::pair{"email", &p->email},
                            std::pair{"source_date", &p->source_date}}) {
    if (Status s = ReadString(entry, field, false, false, limits, where, out); !s.ok()) return s;
  }
  if (Status s = ReadString(entry, "source", true, true, limits, where, &p->source); !s.ok())
    return s;
  if (Status s = ReadString(entry, "notes", false, true, limits, where, &p->notes); !s.ok())
    return s;
  if (Status s = ReadString(entry, "confidence", true, false, limits, where, &p->confidence);
      !s.ok()) {
    return s;
  }
  const auto verified = entry.find("verified");
  if (verified == entry.end() || !verified->is_boolean()) {
    return where.Invalid("\"verified\" must be true or false");
  }
  p->verified = verified->get<bool>();
  if (version >= 2) {
    if (Status s = ReadV2Fields(entry, limits, where, p); !s.ok()) return s;
  }
  return ValidateProvider(p, limits, where);
}

Status ReadNeighbourhood(const json& entry, const LoadLimits& limits, int /*version*/, Where& where,
                         Neighbourhood* n) {
  if (Status s = ReadId(entry, limits, where, &n->id); !s.ok()) return s;
  for (const auto& [key, value] : entry.items()) {
    if (!Contains(kNeighbourhoodKeys, key)) return where.Invalid("unknown field " + Quote(key));
  }
  if (Status s = ReadString(entry, "name", true, false, limits, where, &n->name); !s.ok()) return s;
  if (Status s = ReadString(entry, "commune", true, false, limits, where, &n->commune); !s.ok()) {
    return s;
  }
  return ReadString(entry, "source", true, true, limits, where, &n->source);
}

// Shared by both files: parse the document, read each entry with `read`,
// reject duplicate ids. With `all_errors`, bad entries are skipped and listed.
template <typename T, typename ReadFn>
Result<std::vector<T>> ParseList(std::string_view text, std::string_view file,
                                 std::string_view list_key, const LoadLimits& limits, ReadFn read,
                                 std::vector<Status>* all_errors) {
  int version = 0;
  Result<json> entries = ParseDocument(text, file, list_key, limits, &version);
  if (!entries.ok()) return entries.status();
  std::vector<T> out;
  out.reserve(entries->size());
  std::unordered_map<std::string, std::size_t> first_index;  // id -> entry index
  for (std::size_t i = 0; i < entries->size(); ++i) {
    Where where(file, i);
    T item;
    Status s = read((*entries)[i], limits, version, where, &item);
    if (s.ok()) {
      if (auto [it, inserted] = first_index.emplace(item.id, i); !inserted) {
        s = where.Invalid("duplicate id, already used by entry " + std::to_string(it->second));
      }
    }
    if (!s.ok()) {
      if (all_errors == nullptr) return s;
      all_errors->push_back(std::move(s));
      continue;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<std::vector<Provider>> ParseProviders(std::string_view text, std::string_view file,
                                             const LoadLimits& limits,
                                             std::vector<Status>* all_errors) {
  return ParseList<Provider>(text, file, "providers", limits, ReadProvider, all_errors);
}

Result<std::vector<Neighbourhood>> ParseNeighbourhoods(std::string_view text, std::string_view file,
                                                       const LoadLimits& limits) {
  return ParseList<Neighbourhood>(text, file, "neighbourhoods", limits, ReadNeighbourhood, nullptr);
}

}  // namespace levier::kb::internal
