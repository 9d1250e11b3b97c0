// Coverage matrix (JSON, CSV, SVG) and the watch report.
#include "levier/kb/coverage.h"

#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <set>
#include <sstream>
#include <string>

#include "kb_test_util.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDocV2;
using kbtest::ProvidersDocV2;
using kbtest::UnverifiedProvider;
using kbtest::ValidNeighbourhood;
using kbtest::ValidProvider;
using nlohmann::json;

KnowledgeBase SmallKb() {
  json old = ValidProvider("old", {"sante"}, {"Tours"});
  old["last_verified"] = "2026-05-24";
  json recent = ValidProvider("recent", {"sante", "logement"});
  recent["last_verified"] = "2026-05-25";
  json local = ValidProvider("local & co", {"logement"}, {"Tours"});
  local["id"] = "local";
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(
      ProvidersDocV2({old, recent, local, UnverifiedProvider("hidden", {"mobilite"}, {"Tours"})}),
      NeighbourhoodsDocV2({ValidNeighbourhood("sanitas", "Tours"),
                           ValidNeighbourhood("la-rabiere", "Joué-lès-Tours")}),
      "cov");
  EXPECT_TRUE(kb.ok()) << kb.status().ToString();
  return kb.ok() ? std::move(*kb) : KnowledgeBase();
}

TEST(CoverageTest, CountsWhatTheMatcherWouldPropose) {
  const CoverageMatrix m = ComputeCoverage(SmallKb());
  ASSERT_EQ(m.neighbourhoods.size(), 2u);
  ASSERT_EQ(m.barriers.size(), 11u);
  auto cell = [&](std::size_t n, const std::string& b) {
    return m.cells[n][static_cast<std::size_t>(std::find(m.barriers.begin(), m.barriers.end(), b) -
                                               m.barriers.begin())];
  };
  EXPECT_EQ(cell(0, "sante").total, 2);  // old (Tours) + recent (metropolis)
  EXPECT_EQ(cell(0, "sante").local, 1);
  EXPECT_EQ(cell(1, "sante").total, 1);  // only recent in Joué
  EXPECT_EQ(cell(1, "sante").status(), "no-local");
  EXPECT_EQ(cell(0, "mobilite").total, 0);  // the unverified one does not count
  EXPECT_EQ(cell(0, "mobilite").status(), "gap");
  EXPECT_EQ(cell(0, "logement").status(), "ok");
}

TEST(CoverageTest, JsonAndCsvListTheGaps) {
  const CoverageMatrix m = ComputeCoverage(SmallKb());
  const json j = CoverageJson(m);
  EXPECT_EQ(j["neighbourhoods"][1]["cells"]["sante"],
            (json{{"total", 1}, {"local", 0}, {"status", "no-local"}}));
  EXPECT_NE(
      std::find(j["gaps"].begin(), j["gaps"].end(),
                json{{"neighbourhood", "sanitas"}, {"barrier", "mobilite"}, {"status", "gap"}}),
      j["gaps"].end());
  const std::string csv = CoverageCsv(m);
  EXPECT_TRUE(csv.starts_with("quartier;commune;logement;langue;handicap;")) << csv;
  EXPECT_NE(csv.find("\r\nQuartier la-rabiere;Joué-lès-Tours;1 (0 local);0;0;0;0;1 (0 local);"),
            std::string::npos)
      << csv;
}

// Parses `svg` as XML (throws on malformed input) and returns the names of
// the neighbourhood rows and the number of cells.
std::pair<std::set<std::string>, int> ParseSvg(const std::string& svg) {
  boost::property_tree::ptree tree;
  std::istringstream in(svg);
  boost::property_tree::read_xml(in, tree);
  std::set<std::string> rows;
  int cells = 0;
  for (const auto& [tag, node] : tree.get_child("svg")) {
    if (tag != "g") continue;
    for (const auto& [child_tag, child] : node) {
      if (child_tag == "text" && child.get<std::string>("<xmlattr>.text-anchor", "") != "middle") {
        rows.insert(child.get_value<std::string>());
      }
      cells += child_tag == "rect";
    }
  }
  return {rows, cells};
}

TEST(CoverageTest, SvgIsWellFormedAndShowsEveryShippedNeighbourhood) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  Result<CoverageLabels> labels =
      LoadCoverageLabels(LEVIER_SOURCE_DIR "/knowledge-base/data/coverage-labels.fr.json");
  ASSERT_TRUE(labels.ok()) << labels.status().ToString();
  for (const std::string& svg : {RenderCoverageSvg(*kb), RenderCoverageSvg(*kb, *labels)}) {
    std::pair<std::set<std::string>, int> parsed;
    ASSERT_NO_THROW(parsed = ParseSvg(svg)) << svg;
    std::set<std::string> expected;
    for (const Neighbourhood& n : kb->neighbourhoods())
      expected.insert(n.name + " (" + n.commune + ")");
    EXPECT_EQ(expected.size(), 13u);
    EXPECT_EQ(parsed.first, expected);
    EXPECT_EQ(parsed.second, 13 * 11);
  }
}

TEST(CoverageTest, SvgEscapesNames) {
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(
      ProvidersDocV2({}), NeighbourhoodsDocV2({ValidNeighbourhood("a", "Tours <&> \"x\"")}), "t");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  std::pair<std::set<std::string>, int> parsed;
  ASSERT_NO_THROW(parsed = ParseSvg(RenderCoverageSvg(*kb)));
  EXPECT_EQ(parsed.first, std::set<std::string>{"Quartier a (Tours <&> \"x\")"});
}

TEST(CoverageTest, WatchReportListsEntriesToFollowUp) {
  // 12 months: "old" was last confirmed a day before the cutoff, "recent" on it.
  const json w = WatchReport(SmallKb(), "2027-05-25");
  EXPECT_EQ(
      w["stale"],
      json::parse(R"([{"id": "old", "name": "Structure old", "last_verified": "2026-05-24"}])"));
  EXPECT_TRUE(WatchReport(SmallKb(), "2026-11-25")["stale"].empty());  // 6 months: not yet
  EXPECT_EQ(w["never_confirmed"],
            json::parse(R"([{"id": "local", "name": "Structure local & co"}])"));
  EXPECT_EQ(w["unverified"], json::parse(R"([{"id": "hidden", "name": "Structure hidden"}])"));
  // Cells with fewer than 2 verified providers: none, or one ("recent", metropolis-wide,
  // is all a resident of La Rabière can get for health); Sanitas has 2 for housing.
  const auto has = [&](const json& cell) {
    return std::find(w["gaps"].begin(), w["gaps"].end(), cell) != w["gaps"].end();
  };
  const std::string rabiere = "Quartier la-rabiere";
  EXPECT_TRUE(has({{"neighbourhood", "la-rabiere"}, {"neighbourhood_name", rabiere},
                   {"barrier", "mobilite"}, {"verified", 0}}));
  EXPECT_TRUE(has({{"neighbourhood", "la-rabiere"}, {"neighbourhood_name", rabiere},
                   {"barrier", "sante"}, {"verified", 1}}));
  for (const json& cell : w["gaps"]) {
    EXPECT_FALSE(cell["neighbourhood"] == "sanitas" && cell["barrier"] == "logement") << cell;
  }
}

}  // namespace
}  // namespace levier::kb
