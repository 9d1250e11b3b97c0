#include "levier/kb/provider_json.h"

#include "json_reader.h"
#include "levier/util/json_dump.h"

namespace levier::kb {

nlohmann::ordered_json ProviderToJson(const Provider& p) {
  using nlohmann::ordered_json;
  ordered_json summary = ordered_json::object();
  if (const auto fr = p.summary.find("fr"); fr != p.summary.end()) summary["fr"] = fr->second;
  for (const auto& [lang, text] : p.summary) {
    if (lang != "fr") summary[lang] = text;
  }
  ordered_json eligibility = {
      {"min_age", p.eligibility.min_age},
      {"max_age", p.eligibility.max_age},
      {"disability_required", p.eligibility.disability_required},
      {"priority_neighbourhood_only", p.eligibility.priority_neighbourhood_only},
      {"young_children_required", p.eligibility.young_children_required}};
  ordered_json j = {{"id", p.id},
                    {"name", p.name},
                    {"summary", summary},
                    {"barriers", p.barriers},
                    {"communes", p.communes},
                    {"neighbourhoods", p.neighbourhoods},
                    {"languages", p.languages},
                    {"eligibility", eligibility},
                    {"address", p.address},
                    {"postcode", p.postcode},
                    {"address_commune", p.address_commune},
                    {"latitude", p.latitude ? ordered_json(*p.latitude) : ordered_json(nullptr)},
                    {"longitude", p.longitude ? ordered_json(*p.longitude) : ordered_json(nullptr)},
                    {"phone", p.phone},
                    {"website", p.website},
                    {"email", p.email},
                    {"hours", p.hours},
                    {"thematiques", p.thematiques},
                    {"publics", p.publics},
                    {"zone_eligibilite", p.zone_eligibilite},
                    {"description", p.description},
                    {"siret", p.siret},
                    {"structure_id", p.structure_id},
                    {"structure_name", p.structure_name},
                    {"external_id", p.external_id},
                    {"external_structure_id", p.external_structure_id},
                    {"external_source", p.external_source},
                    {"source", p.source},
                    {"source_date", p.source_date},
                    {"confidence", p.confidence},
                    {"verified", p.verified},
                    {"updated", p.updated},
                    {"last_verified", p.last_verified}};
  // Written only when set, so directories that never used them keep their shape.
  if (!p.verified_by.empty()) j["verified_by"] = p.verified_by;
  if (!p.retired.empty()) j["retired"] = p.retired;
  j["notes"] = p.notes;
  return j;
}

std::string WriteProvidersJson(const std::vector<Provider>& providers) {
  nlohmann::ordered_json doc = {{"format", std::string(internal::kFormatTag)},
                                {"providers", nlohmann::ordered_json::array()}};
  for (const Provider& p : providers) doc["providers"].push_back(ProviderToJson(p));
  return DumpJson(doc, 2) + "\n";
}

}  // namespace levier::kb
