// data·inclusion v1 (the national open directory of social and employment
// services, schema v1.0.8): import of structures.json + services.json into
// Levier providers, and export of the directory as those two files.
//
// Mapping (documented for coordinators in docs/knowledge-base.md):
// - one Levier provider = one data·inclusion service plus its structure;
//   providers sharing `structure_id` export as one structure;
// - barriers <-> thématiques through BarriersForDataInclusion and
//   ThematiquesForBarriers; explicit `thematiques`/`publics` win on export;
// - imported entries are never verified: a coordinator confirms them first.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb {

// Barrier codes for a service's thématiques and publics, in BarrierCodes()
// order: each thématique by its category (logement-hebergement--* ->
// logement, ...), MDPH files and the public "personnes-en-situation-de-handicap"
// -> handicap. Unmapped categories (famille-- other than garde d'enfants,
// equipement-et-alimentation-- other than alimentation) give nothing.
std::vector<std::string> BarriersForDataInclusion(const std::vector<std::string>& thematiques,
                                                  const std::vector<std::string>& publics);
// One representative thématique per barrier ("handicap" has none in v1: it
// is expressed by the public), in the order of `barriers`, without repeats.
std::vector<std::string> ThematiquesForBarriers(const std::vector<std::string>& barriers);

struct DataInclusionExportOptions {
  bool include_unverified = false;  // default: only what residents may see
  std::string today;                // YYYY-MM-DD, date_maj of entries without "updated"
};

struct DataInclusionFiles {
  nlohmann::json structures = nlohmann::json::array();
  nlohmann::json services = nlohmann::json::array();
};

// Every record is valid against the official schema (tests check it with
// ValidateJsonSchema). Absent facts are omitted, never made up.
DataInclusionFiles ExportDataInclusion(const KnowledgeBase& kb,
                                       const DataInclusionExportOptions& options);

struct DataInclusionImport {
  std::vector<Provider> providers;
  // Services not imported, one line each: "<file>: service 3 (id "x"): why".
  std::vector<std::string> skipped;
};

// Reads the two files (a JSON array, or an object whose "items" is the
// array, as the data·inclusion API returns). Each record is validated against
// the official schema; the first invalid record fails the whole import,
// naming the file, the record index and its id. Services whose thématiques map
// to no barrier are skipped and listed. Providers come out unverified, with
// confidence "moyenne". Callers build a KnowledgeBase from them (Build), which
// validates them as the loader does.
Result<DataInclusionImport> ImportDataInclusion(std::string_view structures_json,
                                                std::string_view structures_file,
                                                std::string_view services_json,
                                                std::string_view services_file,
                                                const LoadLimits& limits = {});

}  // namespace levier::kb
