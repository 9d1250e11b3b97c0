// data·inclusion v1: every exported record valid against the official schema
// (copied in knowledge-base/schema), import -> export round trip, errors.
#include "levier/kb/data_inclusion.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kb_test_util.h"
#include "levier/kb/json_schema.h"
#include "levier/kb/provider_json.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

// Two structures, three services (made-up test records, not real facts).
const json kStructures = json::parse(R"([
  {"source": "dora", "id": "dora--S1", "nom": "Centre social Exemple", "date_maj": "2025-02-14",
   "siret": "13003013300016", "adresse": "1 rue de l'Exemple", "code_postal": "37000",
   "commune": "Tours", "code_insee": "37261", "latitude": 47.39, "longitude": 0.69,
   "telephone": "+33247000000", "courriel": "contact@exemple.org", "site_web": "https://exemple.org",
   "horaires_accueil": "Mo-Fr 09:00-12:00", "lien_source": "https://dora.example/structures/s1"},
  {"source": "france-travail", "id": "france-travail--S2", "nom": "Agence Exemple", "date_maj": "2024-10-01"}
])");
const json kServices = json::parse(R"([
  {"source": "dora", "structure_id": "dora--S1", "id": "dora--SV1", "nom": "Permis solidaire",
   "description": "Préparer le permis de conduire à petit prix.", "date_maj": "2025-02-14",
   "thematiques": ["mobilite--preparer-un-permis"], "publics": ["jeunes"],
   "zone_eligibilite": ["37261"], "telephone": "+33247000001"},
  {"source": "dora", "structure_id": "dora--S1", "id": "dora--SV2", "nom": "Atelier CV",
   "description": "Écrire son CV avec une conseillère.", "date_maj": "2025-02-14",
   "thematiques": ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                   "numerique--maitriser-les-fondamentaux-du-numerique"],
   "publics": ["tous-publics"], "horaires_accueil": "Mo 14:00-17:00 ; Tu 14:00-16:00"},
  {"source": "france-travail", "structure_id": "france-travail--S2", "id": "france-travail--SV3",
   "nom": "Créer son entreprise", "description": "Conseils pour créer une entreprise.",
   "date_maj": "2024-10-01", "thematiques": ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"],
   "publics": ["personnes-en-situation-de-handicap"]},
  {"source": "dora", "structure_id": "dora--S1", "id": "dora--SV4", "nom": "Vestiaire",
   "description": "Vêtements à petit prix.", "date_maj": "2025-02-14",
   "thematiques": ["equipement-et-alimentation--habillement"]}
])");

Result<KnowledgeBase> Imported(const json& structures = kStructures,
                               const json& services = kServices) {
  Result<DataInclusionImport> imported =
      ImportDataInclusion(structures.dump(), "structures.json", services.dump(), "services.json");
  if (!imported.ok()) return imported.status();
  return KnowledgeBase::Build(imported->providers, {}, "imported");
}

void ExpectAllValid(const DataInclusionFiles& files) {
  for (const json& s : files.structures) {
    EXPECT_EQ(ValidateJsonSchema(DataInclusionStructureSchema(), s), std::vector<std::string>{})
        << s.dump();
  }
  for (const json& s : files.services) {
    EXPECT_EQ(ValidateJsonSchema(DataInclusionServiceSchema(), s), std::vector<std::string>{})
        << s.dump();
  }
}

TEST(DataInclusionTest, ValidatorCatchesTheSchemaRules) {
  const json& schema = DataInclusionServiceSchema();
  json s = kServices[0];
  EXPECT_TRUE(ValidateJsonSchema(schema, s).empty());
  s.erase("description");
  EXPECT_EQ(ValidateJsonSchema(schema, s),
            std::vector<std::string>{"/: missing required \"description\""});
  s = kServices[0];
  s["thematiques"] = {"apprendre-francais"};
  EXPECT_EQ(ValidateJsonSchema(schema, s).at(0),
            "/thematiques/0: \"apprendre-francais\" is not an allowed value");
  s = kServices[0];
  s["nom"] = "AB";
  EXPECT_EQ(ValidateJsonSchema(schema, s).at(0), "/nom: shorter than 3");
  s = kServices[0];
  s["date_maj"] = "14/02/2025";
  EXPECT_EQ(ValidateJsonSchema(schema, s).at(0),
            "/date_maj: \"14/02/2025\" is not a date YYYY-MM-DD");
  s = kServices[0];
  s["zone_eligibilite"] = {"3726"};
  EXPECT_FALSE(ValidateJsonSchema(schema, s).empty());
  s = kServices[0];
  s["publics"] = {"jeunes", "jeunes"};
  EXPECT_EQ(ValidateJsonSchema(schema, s).at(0), "/publics: items must be unique");
  json st = kStructures[0];
  st["siret"] = "1300301330001";
  EXPECT_EQ(ValidateJsonSchema(DataInclusionStructureSchema(), st).at(0),
            "/siret: shorter than 14");
}

TEST(DataInclusionTest, ImportMapsThematiquesToBarriersAndSkipsTheRest) {
  Result<DataInclusionImport> imported =
      ImportDataInclusion(kStructures.dump(), "structures.json", kServices.dump(), "services.json");
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ASSERT_EQ(imported->providers.size(), 3u);
  EXPECT_EQ(imported->skipped,
            std::vector<std::string>{
                "services.json: record 3 (id \"dora--SV4\"): no thématique maps to a barrier"});
  const Provider& permis = imported->providers[0];
  EXPECT_EQ(permis.id, "dora-sv1");
  EXPECT_EQ(permis.name, "Centre social Exemple");
  EXPECT_EQ(permis.SummaryIn("fr"), "Permis solidaire");
  EXPECT_EQ(permis.barriers, std::vector<std::string>{"mobilite"});
  EXPECT_EQ(permis.phone, "+33247000001");          // the service's own number
  EXPECT_EQ(permis.address, "1 rue de l'Exemple");  // the structure's address
  EXPECT_EQ(permis.hours, "Mo-Fr 09:00-12:00");     // the structure's hours
  EXPECT_FALSE(permis.verified);                    // a coordinator confirms first
  EXPECT_EQ(permis.source, "https://dora.example/structures/s1");
  EXPECT_EQ(imported->providers[1].barriers,
            (std::vector<std::string>{"numerique", "rapport-emploi"}));
  EXPECT_EQ(imported->providers[2].barriers,
            (std::vector<std::string>{"handicap", "rapport-emploi"}));
}

TEST(DataInclusionTest, ImportThenExportGivesBackTheRecords) {
  Result<KnowledgeBase> kb = Imported();
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const DataInclusionFiles out =
      ExportDataInclusion(*kb, {.include_unverified = true, .today = "2026-11-25"});
  ExpectAllValid(out);
  ASSERT_EQ(out.structures.size(), 2u);  // two services share dora--S1
  ASSERT_EQ(out.services.size(), 3u);
  for (const char* field :
       {"source", "id", "nom", "date_maj", "siret", "adresse", "code_postal", "commune", "latitude",
        "longitude", "courriel", "site_web", "horaires_accueil"}) {
    EXPECT_EQ(out.structures[0].value(field, json()), kStructures[0].value(field, json())) << field;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    for (const char* field : {"source", "structure_id", "id", "nom", "description", "date_maj",
                              "thematiques", "publics", "zone_eligibilite"}) {
      EXPECT_EQ(out.services[i].value(field, json()), kServices[i].value(field, json()))
          << i << " " << field;
    }
  }
  EXPECT_EQ(out.services[0]["telephone"], "+33247000001");
  // And the export imports back to the same providers (a fixed point).
  Result<KnowledgeBase> again = Imported(out.structures, out.services);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->providers().size(), kb->providers().size());
  for (std::size_t i = 0; i < kb->providers().size(); ++i) {
    json a = ProviderToJson(kb->providers()[i]);
    json b = ProviderToJson(again->providers()[i]);
    a.erase("notes");  // notes quote the import
    b.erase("notes");
    EXPECT_EQ(a, b) << i;
  }
}

TEST(DataInclusionTest, ShippedDirectoryExportsValidRecordsOnlyForShownEntries) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  std::size_t verified = 0;
  for (const Provider& p : kb->providers()) verified += p.verified;
  const DataInclusionFiles shown =
      ExportDataInclusion(*kb, {.include_unverified = false, .today = "2026-11-25"});
  EXPECT_EQ(shown.services.size(), verified);
  ExpectAllValid(shown);
  const DataInclusionFiles all =
      ExportDataInclusion(*kb, {.include_unverified = true, .today = "2026-11-25"});
  EXPECT_EQ(all.services.size(), kb->providers().size());
  ExpectAllValid(all);
  // Barriers survive the trip through thématiques and publics.
  Result<KnowledgeBase> back = Imported(all.structures, all.services);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->providers().size(), kb->providers().size());
  for (std::size_t i = 0; i < kb->providers().size(); ++i) {
    std::vector<std::string> expected = kb->providers()[i].barriers;
    std::vector<std::string> actual = back->providers()[i].barriers;
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected) << kb->providers()[i].id;
  }
}

TEST(DataInclusionTest, PhoneNumbersAreExportedInE164) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const DataInclusionFiles out =
      ExportDataInclusion(*kb, {.include_unverified = false, .today = "2026-11-25"});
  for (const json& s : out.services) {
    if (s["id"] == "levier--centre-de-soins-porte-ouverte") {
      EXPECT_EQ(s["telephone"], "+33247666322");
    }
    if (s["id"] == "levier--france-travail") {
      EXPECT_EQ(s["telephone"], "3949");
    }
  }
}

TEST(DataInclusionTest, InvalidRecordFailsTheWholeImportNamingIt) {
  json services = kServices;
  services[1]["publics"] = {"tout-le-monde"};
  Result<DataInclusionImport> r =
      ImportDataInclusion(kStructures.dump(), "structures.json", services.dump(), "services.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "services.json: record 1 (id \"dora--SV2\"): not valid data·inclusion v1: /publics/0: "
            "\"tout-le-monde\" is not an allowed value");
  services = kServices;
  services[0]["structure_id"] = "dora--S9";
  r = ImportDataInclusion(kStructures.dump(), "structures.json", services.dump(), "services.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "services.json: record 0 (id \"dora--SV1\"): structure_id \"dora--S9\" is not in "
            "structures.json");
  // The API's paginated form is accepted.
  EXPECT_TRUE(ImportDataInclusion(json{{"items", kStructures}}.dump(), "s",
                                  json{{"items", kServices}}.dump(), "v")
                  .ok());
}

TEST(DataInclusionTest, BarrierMappingBothWays) {
  EXPECT_EQ(BarriersForDataInclusion(
                {"lecture-ecriture-calcul--maitriser-le-francais", "famille--garde-denfants",
                 "sante--constituer-un-dossier-mdph-invalidite"},
                {}),
            (std::vector<std::string>{"langue", "handicap", "garde-enfants"}));
  EXPECT_TRUE(BarriersForDataInclusion({"famille--soutien-aidants"}, {"tous-publics"}).empty());
  for (const std::string_view b :
       {"logement", "langue", "mobilite", "numerique", "sante", "garde-enfants", "estime-de-soi",
        "rapport-emploi", "acces-droits", "budget"}) {
    const std::vector<std::string> t = ThematiquesForBarriers({std::string(b)});
    ASSERT_EQ(t.size(), 1u) << b;
    EXPECT_TRUE(InDataInclusionEnum("Thematique", t[0])) << t[0];
    EXPECT_EQ(BarriersForDataInclusion(t, {}), std::vector<std::string>{std::string(b)});
  }
  EXPECT_TRUE(ThematiquesForBarriers({"handicap"}).empty());  // expressed by the public
}

}  // namespace
}  // namespace levier::kb
