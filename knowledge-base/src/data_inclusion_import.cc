#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "json_reader.h"
#include "levier/kb/data_inclusion.h"
#include "levier/kb/json_schema.h"
#include "levier/util/utf8.h"
#include "provider_validate.h"

namespace levier::kb {
namespace {

using internal::Quote;
using internal::Where;
using nlohmann::json;

// "dora--AidantsConnect:2024-47BXY" -> "dora-aidantsconnect-2024-47bxy".
std::string Slugify(std::string_view id) {
  std::string out;
  for (const char c : id) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      out.push_back(lower);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Cuts to at most `max` bytes on a UTF-8 boundary.
std::string CutBytes(const std::string& s, std::size_t max) {
  return std::string(TruncateUtf8(s, max));
}

std::string Str(const json& record, const char* field) {
  const auto it = record.find(field);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> List(const json& record, const char* field) {
  std::vector<std::string> out;
  const auto it = record.find(field);
  if (it == record.end() || !it->is_array()) return out;
  for (const json& v : *it) out.push_back(v.get<std::string>());
  return out;
}

// The service's value, else its structure's.
std::string Either(const json& service, const json& structure, const char* field) {
  const std::string v = Str(service, field);
  return v.empty() ? Str(structure, field) : v;
}

// Spaces for the separators people type ("01-23-45-67-89"); "" if still not a number.
std::string CleanPhone(std::string phone) {
  for (char& c : phone) {
    if (c == '-' || c == '/' || c == '(' || c == ')') c = ' ';
  }
  return internal::IsPhone(phone) ? phone : std::string();
}

Result<json> ReadRecords(std::string_view text, std::string_view file, const json& schema,
                         const LoadLimits& limits) {
  Result<json> doc = internal::ParseBoundedJson(text, file, limits);
  if (!doc.ok()) return doc.status();
  json records = doc->is_object() && doc->contains("items") ? (*doc)["items"] : *doc;
  const Where where(file);
  if (!records.is_array())
    return where.Invalid("must be a JSON array of records (or {\"items\": [...]})");
  if (records.size() > limits.max_entries) {
    return where.Exhausted(std::to_string(records.size()) + " records, limit is " +
                           std::to_string(limits.max_entries));
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    Where at(file, i, "record");
    if (records[i].is_object()) at.set_id(Str(records[i], "id"));
    const std::vector<std::string> errors = ValidateJsonSchema(schema, records[i]);
    if (!errors.empty()) {
      return at.Invalid(
          "not valid data·inclusion v1: " + errors.front() +
          (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : ""));
    }
  }
  return records;
}

std::string Notes(const json& service, const json& structure, const LoadLimits& limits,
                  const std::string& dropped) {
  std::string notes = "Importé de data·inclusion (producteur " + Str(service, "source") +
                      ", service " + Str(service, "id") + ", structure " + Str(structure, "id") +
                      ").";
  for (const auto& [field, label] : {std::pair{"publics_precisions", " Publics : "},
                                     std::pair{"conditions_acces", " Conditions : "},
                                     std::pair{"frais_precisions", " Frais : "}}) {
    if (const std::string v = Str(service, field); !v.empty()) notes += label + v;
  }
  notes += dropped;
  return CutBytes(notes, limits.max_long_string);
}

Provider ToProvider(const json& service, const json& structure, const LoadLimits& limits) {
  Provider p;
  p.id = Slugify(Str(service, "id"));
  p.name = CutBytes(Str(structure, "nom"), limits.max_short_string);
  p.summary["fr"] = CutBytes(Str(service, "nom"), limits.max_short_string);
  p.description = CutBytes(Str(service, "description"), limits.max_description);
  p.thematiques = List(service, "thematiques");
  p.publics = List(service, "publics");
  p.zone_eligibilite = List(service, "zone_eligibilite");
  p.barriers = BarriersForDataInclusion(p.thematiques, p.publics);
  p.address = CutBytes(Either(service, structure, "adresse"), limits.max_short_string);
  p.postcode = Either(service, structure, "code_postal");
  p.address_commune = CutBytes(Either(service, structure, "commune"), limits.max_short_string);
  const json& located =
      service.contains("latitude") && service["latitude"].is_number() ? service : structure;
  if (located.contains("latitude") && located["latitude"].is_number() &&
      located.contains("longitude") && located["longitude"].is_number()) {
    p.latitude = located["latitude"].get<double>();
    p.longitude = located["longitude"].get<double>();
  }
  std::string dropped;
  const std::string phone = Either(service, structure, "telephone");
  p.phone = CleanPhone(phone);
  if (p.phone.empty() && !phone.empty())
    dropped += " Téléphone illisible non repris : " + phone + ".";
  p.email = Either(service, structure, "courriel");
  p.website = Str(structure, "site_web");
  if (!p.website.starts_with("https://") && !p.website.starts_with("http://")) p.website.clear();
  const std::string hours = Either(service, structure, "horaires_accueil");
  if (OpeningHours::Parse(hours).ok()) {
    p.hours = hours;
  } else {
    dropped += " Horaires non compris par Levier, à ressaisir : " + hours + ".";
  }
  p.siret = Str(structure, "siret");
  p.structure_id = Slugify(Str(structure, "id"));
  p.external_id = Str(service, "id");
  p.external_structure_id = Str(structure, "id");
  p.external_source = Str(service, "source");
  const std::string link = Either(service, structure, "lien_source");
  p.source = link.empty() ? "data·inclusion (" + p.external_source + ") : " + p.external_id : link;
  p.source_date = Str(service, "date_maj");
  p.updated = p.source_date;
  p.confidence = "moyenne";
  p.verified = false;  // a coordinator confirms imported entries before residents see them
  p.notes = Notes(service, structure, limits, dropped);
  return p;
}

}  // namespace

Result<DataInclusionImport> ImportDataInclusion(std::string_view structures_json,
                                                std::string_view structures_file,
                                                std::string_view services_json,
                                                std::string_view services_file,
                                                const LoadLimits& limits) {
  Result<json> structures =
      ReadRecords(structures_json, structures_file, DataInclusionStructureSchema(), limits);
  if (!structures.ok()) return structures.status();
  Result<json> services =
      ReadRecords(services_json, services_file, DataInclusionServiceSchema(), limits);
  if (!services.ok()) return services.status();

  std::unordered_map<std::string, std::size_t> structure_index;
  for (std::size_t i = 0; i < structures->size(); ++i) {
    const std::string id = Str((*structures)[i], "id");
    if (!structure_index.emplace(id, i).second) {
      Where at(structures_file, i, "record");
      at.set_id(id);
      return at.Invalid("duplicate structure id");
    }
  }
  DataInclusionImport out;
  std::map<std::string, std::size_t> slug_index;  // provider id -> service index
  for (std::size_t i = 0; i < services->size(); ++i) {
    const json& service = (*services)[i];
    Where at(services_file, i, "record");
    at.set_id(Str(service, "id"));
    const auto parent = structure_index.find(Str(service, "structure_id"));
    if (parent == structure_index.end()) {
      return at.Invalid("structure_id " + Quote(Str(service, "structure_id")) + " is not in " +
                        std::string(structures_file));
    }
    Provider p = ToProvider(service, (*structures)[parent->second], limits);
    if (p.barriers.empty()) {
      out.skipped.push_back(std::string(services_file) + ": record " + std::to_string(i) + " (id " +
                            Quote(p.external_id) + "): no thématique maps to a barrier");
      continue;
    }
    if (auto [it, inserted] = slug_index.emplace(p.id, i); !inserted) {
      return at.Invalid("its Levier id " + Quote(p.id) + " is also that of record " +
                        std::to_string(it->second));
    }
    if (Status s = internal::ValidateProvider(&p, limits, at); !s.ok()) return s;
    out.providers.push_back(std::move(p));
  }
  return out;
}

}  // namespace levier::kb
