// The coordinators' CSV: round trip, French spreadsheet conventions, and
// all-or-nothing import with the line of the first bad row.
#include "levier/kb/csv.h"

#include <gtest/gtest.h>

#include <string>

#include "levier/kb/provider_json.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

const std::vector<Neighbourhood> kNeighbourhoods = {{"sanitas", "Sanitas", "Tours", "test"}};

// A minimal file with ';' separators, as a French spreadsheet saves it.
const std::string kHeader =
    "identifiant;nom;resume_fr;freins;communes;quartiers;age_min;age_max;telephone;adresse;"
    "horaires;"
    "source;confiance;verifiee\r\n";

std::string Row(const std::string& id, const std::string& phone = "02 47 00 00 00",
                const std::string& age_min = "") {
  return id + ";Structure " + id + ";Aide pour " + id + ";\"logement, sante\";Tours;sanitas;" +
         age_min + ";;" + phone + ";\"1 rue X; Tours\";Mo-Fr 09:00-12:00;https://example.org/" +
         id + ";haute;oui\r\n";
}

TEST(CsvTest, ImportsAMinimalSpreadsheetFile) {
  Result<std::vector<Provider>> r =
      ImportProvidersCsv(kHeader + Row("a") + Row("b", "", "16"), "p.csv", &kNeighbourhoods);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const Provider& a = (*r)[0];
  EXPECT_EQ(a.id, "a");
  EXPECT_EQ(a.SummaryIn("fr"), "Aide pour a");
  EXPECT_EQ(a.barriers, (std::vector<std::string>{"logement", "sante"}));
  EXPECT_EQ(a.neighbourhoods, std::vector<std::string>{"sanitas"});
  EXPECT_EQ(a.address, "1 rue X; Tours");
  EXPECT_TRUE(a.verified);
  EXPECT_TRUE(a.opening.known());
  EXPECT_EQ((*r)[1].eligibility.min_age, 16);
}

TEST(CsvTest, CommaSeparatedFileWithBomAndQuotedLinesAlsoReads) {
  const std::string text =
      "\xEF\xBB\xBFidentifiant,nom,resume_fr,resume_ar,freins,source,confiance,verifiee,notes\n"
      "a,\"Structure \"\"A\"\"\",Aide,مساعدة,\"logement, "
      "sante\",https://example.org,basse,non,\"ligne 1\nligne 2\"\n"
      "\n"
      "b,B,Aide,,langue,https://example.org,moyenne,non,\n";
  Result<std::vector<Provider>> r = ImportProvidersCsv(text, "p.csv", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "Structure \"A\"");
  EXPECT_EQ((*r)[0].SummaryIn("ar"), "مساعدة");
  EXPECT_EQ((*r)[0].notes, "ligne 1\nligne 2");
  EXPECT_FALSE((*r)[1].summary.contains("ar"));
}

TEST(CsvTest, MalformedRowNamesItsLineAndNothingIsImported) {
  // Line 4 has an unknown barrier code; lines 2 and 3 are fine.
  const std::string bad =
      "x;Structure x;Aide;loyer;;;;;02 47 00 00 00;;;https://e.org;haute;oui\r\n";
  Result<std::vector<Provider>> r =
      ImportProvidersCsv(kHeader + Row("a") + Row("b") + bad + Row("c"), "p.csv", &kNeighbourhoods);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "p.csv: line 4 (id \"x\"): unknown barrier code \"loyer\"");
}

TEST(CsvTest, RowErrorsSayWhatAndWhere) {
  auto error = [](const std::string& rows) {
    Result<std::vector<Provider>> r = ImportProvidersCsv(kHeader + rows, "p.csv", &kNeighbourhoods);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error(Row("a") + "b;B;Aide;logement\r\n"),
            "p.csv: line 3: 4 cells, the header has 14 (a separator or a quote missing?)");
  EXPECT_EQ(error(Row("a", "02 47 00 00 00", "seize")),
            "p.csv: line 2 (id \"a\"): column \"age_min\" must be a whole number of years, not "
            "\"seize\"");
  EXPECT_EQ(error(Row("a") + Row("a")),
            "p.csv: line 3 (id \"a\"): duplicate id, already used on line 2");
  const std::string no_contact = "a;A;Aide;logement;;;;;;;;https://e.org;haute;oui\r\n";
  EXPECT_EQ(
      error(no_contact),
      "p.csv: line 2 (id \"a\"): verified entry without any contact (address, phone or website)");
  const std::string bad_quartier =
      "a;A;Aide;logement;Tours;europe;;;01 00 00 00 00;;;https://e.org;haute;oui\r\n";
  EXPECT_EQ(error(bad_quartier),
            "p.csv: line 2 (id \"a\"): column \"quartiers\": unknown neighbourhood \"europe\"");
  EXPECT_EQ(error("a;A;Aide;logement;;;;;01 00 00 00 00;;;https://e.org;haute;peut-être\r\n"),
            "p.csv: line 2 (id \"a\"): column \"verifiee\" must be \"oui\" or \"non\", not "
            "\"peut-être\"");
  EXPECT_EQ(error("\"a;A\r\n"), "p.csv: line 2: a quoted cell is never closed");
}

TEST(CsvTest, HeaderErrors) {
  Result<std::vector<Provider>> r =
      ImportProvidersCsv("identifiant;nom;resume_fr;freins;adress\r\n", "p.csv", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "p.csv: line 1 (headers): unknown column \"adress\" (see docs/knowledge-base.md for "
            "the column names)");
  r = ImportProvidersCsv("identifiant;nom;resume_fr;freins\r\n", "p.csv", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "p.csv: line 1 (headers): missing column \"source\"");
}

TEST(CsvTest, ExportThenImportKeepsEveryField) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const std::string csv = ExportProvidersCsv(kb->providers());
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBFidentifiant;nom;resume_fr;resume_en;freins;"));
  Result<std::vector<Provider>> back = ImportProvidersCsv(csv, "export.csv", &kb->neighbourhoods());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), kb->providers().size());
  for (std::size_t i = 0; i < back->size(); ++i) {
    EXPECT_EQ(ProviderToJson((*back)[i]), ProviderToJson(kb->providers()[i]))
        << kb->providers()[i].id;
  }
}

TEST(CsvTest, CoordinatesUseShortestExactFormAndAcceptDecimalComma) {
  Provider p;
  p.id = "a";
  p.name = "A";
  p.summary["fr"] = "Aide";
  p.barriers = {"sante"};
  p.source = "https://e.org";
  p.confidence = "haute";
  p.latitude = 47.3941234567;
  p.longitude = 0.6848;
  const std::string csv = ExportProvidersCsv({p});
  EXPECT_NE(csv.find(";47.3941234567;0.6848;"), std::string::npos) << csv;
  Result<std::vector<Provider>> back = ImportProvidersCsv(csv, "p.csv", nullptr);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)[0].latitude, 47.3941234567);
  const std::string french =
      "identifiant;nom;resume_fr;freins;source;confiance;verifiee;latitude;longitude\r\n"
      "a;A;Aide;sante;https://e.org;haute;non;47,39;0,68\r\n";
  back = ImportProvidersCsv(french, "p.csv", nullptr);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)[0].latitude, 47.39);
}

}  // namespace
}  // namespace levier::kb
