// The levier-kb/2 fields: loading, validation, and compatibility with /1.
#include <gtest/gtest.h>

#include <string>

#include "kb_test_util.h"
#include "levier/kb/coverage.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/provider_json.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDocV2;
using kbtest::ProvidersDoc;
using kbtest::ProvidersDocV2;
using kbtest::ValidNeighbourhood;
using kbtest::ValidProvider;
using nlohmann::json;

const std::string kTwoNeighbourhoods = NeighbourhoodsDocV2(
    {ValidNeighbourhood("sanitas", "Tours"), ValidNeighbourhood("la-rabiere", "Joué-lès-Tours")});

json FullProvider() {
  json p = ValidProvider("ml", {"rapport-emploi"}, {"Tours"});
  p["neighbourhoods"] = {"sanitas"};
  p["languages"] = {"fr", "ar"};
  p["eligibility"] = {{"min_age", 16}, {"max_age", 25}, {"priority_neighbourhood_only", true}};
  p["hours"] = "Mo-Fr 09:00-12:00,14:00-17:00";
  p["thematiques"] = {"trouver-un-emploi--repondre-a-des-offres-demploi"};
  p["publics"] = {"jeunes"};
  p["postcode"] = "37000";
  p["latitude"] = 47.39;
  p["longitude"] = 0.69;
  p["updated"] = "2026-11-25";
  p["last_verified"] = "2026-06-01";
  return p;
}

Status V2Error(const json& p) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromJson(ProvidersDocV2({p}), kTwoNeighbourhoods, "t");
  EXPECT_FALSE(kb.ok());
  return kb.ok() ? Status::Ok() : kb.status();
}

TEST(LoaderV2Test, LoadsEveryNewField) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromJson(ProvidersDocV2({FullProvider()}), kTwoNeighbourhoods, "t");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const Provider& p = kb->providers()[0];
  EXPECT_EQ(p.neighbourhoods, std::vector<std::string>{"sanitas"});
  EXPECT_EQ(p.languages, (std::vector<std::string>{"fr", "ar"}));
  EXPECT_EQ(p.eligibility.min_age, 16);
  EXPECT_EQ(p.eligibility.max_age, 25);
  EXPECT_TRUE(p.eligibility.priority_neighbourhood_only);
  EXPECT_FALSE(p.eligibility.disability_required);
  ASSERT_TRUE(p.opening.known());
  EXPECT_EQ(p.opening.day(0).size(), 2u);  // Monday: two ranges
  EXPECT_TRUE(p.opening.day(6).empty());   // Sunday: closed
  EXPECT_EQ(p.latitude, 47.39);
  EXPECT_EQ(p.last_verified, "2026-06-01");
}

TEST(LoaderV2Test, WrittenJsonLoadsBackIdentical) {
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromJson(ProvidersDocV2({FullProvider()}), kTwoNeighbourhoods, "t");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  Result<KnowledgeBase> again =
      KnowledgeBase::LoadFromJson(WriteProvidersJson(kb->providers()), kTwoNeighbourhoods, "t");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(ProviderToJson(again->providers()[0]), ProviderToJson(kb->providers()[0]));
}

// Who confirmed an entry, and retirement: a retired entry is kept (referrals
// point to it), never shown, never listed as waiting for verification, and
// cannot be marked verified.
TEST(LoaderV2Test, RetiredEntriesAreKeptButNeverShownNorVerified) {
  json verified = FullProvider();
  verified["verified_by"] = "coordinatrice@ville.fr";
  json retired = ValidProvider("ancien-centre", {"rapport-emploi"}, {"Tours"});
  retired["verified"] = false;
  retired["retired"] = "2026-12-01";
  Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(ProvidersDocV2({verified, retired}),
                                                         kTwoNeighbourhoods, "t");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  EXPECT_EQ(kb->providers()[0].verified_by, "coordinatrice@ville.fr");
  EXPECT_EQ(kb->providers()[1].retired, "2026-12-01");
  const auto matched = kb->Match("rapport-emploi", "Tours", 10);
  ASSERT_EQ(matched.size(), 1u);
  EXPECT_EQ(matched[0]->id, "ml");
  const json watch = WatchReport(*kb, "2026-12-05");
  EXPECT_TRUE(watch["unverified"].empty()) << watch.dump();
  // Written back: the fields survive, and an entry without them keeps its shape.
  Result<KnowledgeBase> again =
      KnowledgeBase::LoadFromJson(WriteProvidersJson(kb->providers()), kTwoNeighbourhoods, "t");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->providers()[1].retired, "2026-12-01");
  EXPECT_FALSE(ProviderToJson(kb->providers()[1]).contains("verified_by"));

  retired["verified"] = true;
  EXPECT_NE(V2Error(retired).message().find("retired entry marked verified"), std::string::npos);
  retired["verified"] = false;
  retired["retired"] = "1er décembre";
  EXPECT_NE(V2Error(retired).message().find("\"retired\""), std::string::npos);
}

TEST(LoaderV2Test, ErrorsNameEntryAndField) {
  const std::string prefix = "t/providers.json: entry 0 (id \"ml\"): ";
  json p = FullProvider();
  p["neighbourhoods"] = {"sanitas", "le-sanitas"};
  EXPECT_EQ(V2Error(p).message(),
            prefix + "unknown neighbourhood \"le-sanitas\" (ids of neighbourhoods.json)");
  p = FullProvider();
  p["hours"] = "Mo-Fr 9h-12h";
  EXPECT_EQ(
      V2Error(p).message(),
      prefix +
          "\"hours\": opening hours rule \"Mo-Fr 9h-12h\": \"9h-12h\" is not a time range like "
          "08:30-12:30 (supported: days, hours, off, 24/7, PH off)");
  p = FullProvider();
  p["thematiques"] = {"apprendre-francais"};  // a v0 slug, gone in v1
  EXPECT_EQ(V2Error(p).message(),
            prefix + "unknown data·inclusion thématique \"apprendre-francais\"");
  p = FullProvider();
  p["publics"] = {"jeunes", "tous-publics"};
  EXPECT_EQ(V2Error(p).message(), prefix + "\"publics\": \"tous-publics\" must be alone");
  p = FullProvider();
  p["eligibility"] = {{"min_age", 26}, {"max_age", 25}};
  EXPECT_EQ(V2Error(p).message(), prefix + "eligibility \"max_age\" is below \"min_age\"");
  p = FullProvider();
  p["eligibility"] = {{"min_age", "16"}};
  EXPECT_EQ(V2Error(p).message(), prefix + "\"eligibility.min_age\" must be a whole number");
  p = FullProvider();
  p["eligibility"] = {{"age", 16}};
  EXPECT_EQ(V2Error(p).message(), prefix + "unknown field \"eligibility.age\"");
  p = FullProvider();
  p.erase("longitude");
  EXPECT_EQ(V2Error(p).message(), prefix + "\"latitude\" and \"longitude\" go together");
  p = FullProvider();
  p["last_verified"] = "2026-02-30";
  EXPECT_EQ(V2Error(p).message(),
            prefix + "\"last_verified\" \"2026-02-30\" must be a date YYYY-MM-DD");
  p = FullProvider();
  p["languages"] = {"arabe!"};
  EXPECT_EQ(V2Error(p).message(), prefix + "bad language tag \"arabe!\"");
}

TEST(LoaderV2Test, VersionOneFilesStillLoadButRefuseNewFields) {
  json v1 = ValidProvider("a", {"sante"});
  ASSERT_TRUE(KnowledgeBase::LoadFromJson(ProvidersDoc({v1}), kTwoNeighbourhoods, "t").ok());
  v1["hours"] = "Mo 09:00-12:00";
  Result<KnowledgeBase> kb =
      KnowledgeBase::LoadFromJson(ProvidersDoc({v1}), kTwoNeighbourhoods, "t");
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().message(), "t/providers.json: entry 0 (id \"a\"): unknown field \"hours\"");
}

}  // namespace
}  // namespace levier::kb
