// `levier kb check` findings on a directory with problems.
#include "levier/kb/check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kb_test_util.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDocV2;
using kbtest::ProvidersDocV2;
using kbtest::UnverifiedProvider;
using kbtest::ValidNeighbourhood;
using kbtest::ValidProvider;
using nlohmann::json;

std::vector<std::string> Lines(const std::vector<KbFinding>& findings) {
  std::vector<std::string> lines;
  for (const KbFinding& f : findings) {
    lines.push_back(std::string(f.severity == KbFinding::Severity::kError ? "E " : "W ") + f.code +
                    " " + f.message);
  }
  return lines;
}

TEST(CheckTest, SixMonthsBefore) {
  EXPECT_EQ(SixMonthsBefore("2026-11-25"), "2026-05-25");
  EXPECT_EQ(SixMonthsBefore("2026-03-10"), "2025-09-10");
  EXPECT_EQ(SixMonthsBefore("2026-08-31"), "2026-02-28");
  EXPECT_EQ(SixMonthsBefore("2028-08-31"), "2028-02-29");
}

TEST(CheckTest, ReportsEveryProblemInOnePass) {
  const std::filesystem::path dir = std::filesystem::path(LEVIER_BINARY_DIR) / "kb-check-test";
  std::filesystem::create_directories(dir);
  json unknown_code = ValidProvider("a", {"loyer"});
  json no_contact = ValidProvider("b", {"sante"});
  no_contact["address"] = "";
  json bad_hours = ValidProvider("c", {"sante"});
  bad_hours["hours"] = "lundi 9h-12h";
  json bad_neighbourhood = ValidProvider("d", {"sante"});
  bad_neighbourhood["neighbourhoods"] = {"nulle-part"};
  json stale = ValidProvider("e", {"sante"});
  stale["last_verified"] = "2026-01-02";
  json fresh = ValidProvider("f", {"sante"});
  fresh["last_verified"] = "2026-10-01";
  json never = ValidProvider("g", {"sante"});
  std::ofstream(dir / "providers.json")
      << ProvidersDocV2({unknown_code, no_contact, bad_hours, bad_neighbourhood, stale, fresh,
                         never, UnverifiedProvider("h", {"sante"})});
  std::ofstream(dir / "neighbourhoods.json")
      << NeighbourhoodsDocV2({ValidNeighbourhood("sanitas", "Tours")});

  const std::string f = dir.string() + "/providers.json: ";
  EXPECT_EQ(
      Lines(CheckDirectory(dir, "2026-11-25")),
      (std::vector<std::string>{
          "E invalid " + f + "entry 0 (id \"a\"): unknown barrier code \"loyer\"",
          "E invalid " + f +
              "entry 1 (id \"b\"): verified entry without any contact (address, phone or website)",
          "E invalid " + f +
              "entry 2 (id \"c\"): \"hours\": opening hours rule \"lundi 9h-12h\": \"lundi "
              "9h-12h\" is not a time range like 08:30-12:30 (supported: days, hours, off, 24/7, "
              "PH off)",
          "E invalid " + f + "entry id \"d\": unknown neighbourhood \"nulle-part\"",
          "W stale " + f + "entry id \"e\": last confirmed on 2026-01-02, more than 6 months ago",
          "W never-confirmed " + f +
              "entry id \"g\": shown to residents but never confirmed by a coordinator "
              "(\"last_verified\" is empty)",
          "W unverified " + f + "entry id \"h\": not verified: never shown to residents",
          "W missing-contact " + f +
              "entry id \"h\": no address, phone or website: find one in a source",
      }));
}

TEST(CheckTest, ShippedDirectoryHasNoErrors) {
  for (const KbFinding& f :
       CheckDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data", "2026-11-25")) {
    EXPECT_EQ(f.severity, KbFinding::Severity::kWarning) << f.message;
  }
}

}  // namespace
}  // namespace levier::kb
