#include <algorithm>
#include <map>
#include <string>

#include "levier/kb/data_inclusion.h"
#include "levier/util/utf8.h"

namespace levier::kb {
namespace {

using nlohmann::json;

constexpr std::string_view kLevierSource = "levier";
constexpr std::size_t kMaxName = 150;  // data·inclusion "nom"
constexpr std::size_t kMinDescription = 5;

// Cuts `s` to at most `max` code points.
std::string CutCodePoints(const std::string& s, std::size_t max) {
  return s.substr(0, CodePointOffset(s, max));
}

// French ten-digit numbers in E.164 ("02 47 66 63 22" -> "+33247666322"), as
// data·inclusion prefers; short national numbers (3949, 115) stay as given.
std::string ToE164(const std::string& phone) {
  std::string digits;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (phone.find('+') == std::string::npos && digits.size() == 10 && digits[0] == '0') {
    return "+33" + digits.substr(1);
  }
  return phone;
}

void SetIf(json& record, const char* field, const std::string& value) {
  if (!value.empty()) record[field] = value;
}

std::string StructureKey(const Provider& p) {
  return p.structure_id.empty() ? p.id : p.structure_id;
}

std::string StructureId(const Provider& p) {
  return p.external_structure_id.empty() ? "levier--" + StructureKey(p) : p.external_structure_id;
}

std::string SourceOf(const Provider& p) {
  return p.external_source.empty() ? std::string(kLevierSource) : p.external_source;
}

// Imported entries keep their page at the producer; Levier's own entries
// have none (their `source` lists articles, not a producer page).
void SetLink(const Provider& p, json& record) {
  if (!p.external_source.empty() && p.source.starts_with("http") &&
      p.source.find_first_of(" \t") == std::string::npos) {
    record["lien_source"] = p.source;
  }
}

json Place(const Provider& p, json record) {
  SetLink(p, record);
  SetIf(record, "adresse", p.address);
  SetIf(record, "code_postal", p.postcode);
  SetIf(record, "commune", p.address_commune);
  if (p.latitude && p.longitude) {
    record["latitude"] = *p.latitude;
    record["longitude"] = *p.longitude;
  }
  SetIf(record, "telephone", p.phone.empty() ? "" : ToE164(p.phone));
  SetIf(record, "courriel", p.email);
  SetIf(record, "horaires_accueil", p.hours);
  return record;
}

json Structure(const Provider& p, const std::string& date) {
  json s = {{"source", SourceOf(p)},
            {"id", StructureId(p)},
            {"nom", CutCodePoints(p.structure_name.empty() ? p.name : p.structure_name, kMaxName)},
            {"date_maj", date}};
  SetIf(s, "siret", p.siret);
  SetIf(s, "site_web", p.website);
  return Place(p, std::move(s));
}

std::vector<std::string> Publics(const Provider& p) {
  if (!p.publics.empty()) return p.publics;
  std::vector<std::string> out;
  const Eligibility& e = p.eligibility;
  if (std::find(p.barriers.begin(), p.barriers.end(), "handicap") != p.barriers.end() ||
      e.disability_required) {
    out.emplace_back("personnes-en-situation-de-handicap");
  }
  if (e.max_age > 0 && e.max_age <= 30) out.emplace_back("jeunes");
  if (e.young_children_required) out.emplace_back("familles");
  if (e.priority_neighbourhood_only) out.emplace_back("residents-qpv-frr");
  if (out.empty()) out.emplace_back("tous-publics");
  return out;
}

json Service(const Provider& p, const std::string& date) {
  const std::string& summary = p.SummaryIn("fr");
  std::string description = p.description.empty() ? summary : p.description;
  if (description.size() < kMinDescription) description = p.name + " : " + description;
  json s = {{"source", SourceOf(p)},
            {"structure_id", StructureId(p)},
            {"id", p.external_id.empty() ? "levier--" + p.id : p.external_id},
            {"nom", CutCodePoints(summary.size() >= 3 ? summary : p.name, kMaxName)},
            {"description", description},
            {"date_maj", date}};
  const std::vector<std::string> thematiques =
      p.thematiques.empty() ? ThematiquesForBarriers(p.barriers) : p.thematiques;
  if (!thematiques.empty()) s["thematiques"] = thematiques;
  s["publics"] = Publics(p);
  if (!p.zone_eligibilite.empty()) s["zone_eligibilite"] = p.zone_eligibilite;
  return Place(p, std::move(s));
}

}  // namespace

DataInclusionFiles ExportDataInclusion(const KnowledgeBase& kb,
                                       const DataInclusionExportOptions& options) {
  DataInclusionFiles files;
  std::map<std::string, bool> structures_written;
  for (const Provider& p : kb.providers()) {
    if (!p.verified && !options.include_unverified) continue;
    const std::string date = p.updated.empty() ? options.today : p.updated;
    if (structures_written.emplace(StructureId(p), true).second) {
      files.structures.push_back(Structure(p, date));
    }
    files.services.push_back(Service(p, date));
  }
  return files;
}

}  // namespace levier::kb
