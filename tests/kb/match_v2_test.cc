// MatchProfile: eligibility as a hard filter, locality and language as
// preferences, reasons, cap per barrier, opening state.
#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

#include "kb_test_util.h"
#include "levier/kb/match.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDocV2;
using kbtest::ProvidersDocV2;
using kbtest::UnverifiedProvider;
using kbtest::ValidNeighbourhood;
using kbtest::ValidProvider;
using nlohmann::json;

json With(json p, const char* field, json value) {
  p[field] = std::move(value);
  return p;
}

class MatchV2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::vector<std::string> job = {"rapport-emploi"};
    Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(
        ProvidersDocV2({
            ValidProvider("wide", job),
            ValidProvider("tours-local", job, {"Tours"}),
            With(With(ValidProvider("sanitas-only", job, {"Tours"}), "neighbourhoods", {"sanitas"}),
                 "eligibility", {{"priority_neighbourhood_only", true}}),
            With(ValidProvider("jeunes", job), "eligibility", {{"min_age", 16}, {"max_age", 25}}),
            With(ValidProvider("handi", job), "eligibility", {{"disability_required", true}}),
            With(ValidProvider("arabic", job), "languages", {"fr", "ar"}),
            UnverifiedProvider("hidden", job),
            With(ValidProvider("creche", {"garde-enfants"}), "eligibility",
                 {{"young_children_required", true}}),
            With(ValidProvider("open-office", {"logement"}), "hours", "Mo-Fr 09:00-17:00"),
        }),
        NeighbourhoodsDocV2({ValidNeighbourhood("sanitas", "Tours"),
                             ValidNeighbourhood("europe", "Tours"),
                             ValidNeighbourhood("la-rabiere", "Joué-lès-Tours")}),
        "match");
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = std::move(*kb);
  }

  std::vector<std::string> Ids(const Profile& profile,
                               const std::string& barrier = "rapport-emploi",
                               std::size_t per_barrier = 3) const {
    MatchRequest request{{barrier}, profile, 0, per_barrier};
    std::vector<std::string> ids;
    const std::vector<BarrierMatches> result = MatchProfile(kb_, request);
    for (const ProviderMatch& m : result.at(0).matches) ids.push_back(m.provider->id);
    return ids;
  }

  ProviderMatch First(const Profile& profile, const std::string& barrier = "rapport-emploi",
                      UnixSeconds now = 0) const {
    MatchRequest request{{barrier}, profile, now, 1};
    return MatchProfile(kb_, request).at(0).matches.at(0);
  }

  KnowledgeBase kb_;
};

Profile InNeighbourhood(const std::string& id) {
  Profile p;
  p.neighbourhood = id;
  return p;
}

TEST_F(MatchV2Test, NeighbourhoodThenCommuneThenMetropolisInFileOrder) {
  EXPECT_EQ(Ids(InNeighbourhood("sanitas"), "rapport-emploi", 10),
            (std::vector<std::string>{"sanitas-only", "tours-local", "wide", "jeunes", "handi",
                                      "arabic"}));
}

TEST_F(MatchV2Test, ResidentsOnlyServiceIsNotOfferedToOtherNeighbourhoods) {
  EXPECT_EQ(Ids(InNeighbourhood("europe")),
            (std::vector<std::string>{"tours-local", "wide", "jeunes"}));
  // Neighbourhood unknown: not excluded (the reason states the condition).
  Profile tours;
  tours.commune = "tours";
  EXPECT_EQ(Ids(tours), (std::vector<std::string>{"tours-local", "sanitas-only", "wide"}));
}

TEST_F(MatchV2Test, AtMostThreePerBarrierAndNeverUnverified) {
  EXPECT_EQ(Ids(InNeighbourhood("la-rabiere")),
            (std::vector<std::string>{"wide", "jeunes", "handi"}));
  for (const std::string& id : Ids(InNeighbourhood("la-rabiere"), "rapport-emploi", 100))
    EXPECT_NE(id, "hidden");
}

TEST_F(MatchV2Test, AgeOutsideTheRangeExcludesAndInsideRanksHigher) {
  Profile p = InNeighbourhood("la-rabiere");
  p.age_min = 30;
  p.age_max = 39;
  EXPECT_EQ(Ids(p, "rapport-emploi", 10), (std::vector<std::string>{"wide", "handi", "arabic"}));
  p.age_min = 16;
  p.age_max = 25;
  const ProviderMatch m = First(p);
  EXPECT_EQ(m.provider->id, "jeunes");
  EXPECT_EQ(m.reasons,
            (std::vector<Reason>{{"metropolis", {}}, {"for_age", {{"min", "16"}, {"max", "25"}}}}));
  // A bracket that overlaps the range is not excluded (it may fit).
  p.age_min = 20;
  p.age_max = 29;
  EXPECT_EQ(Ids(p, "rapport-emploi", 10).size(), 4u);  // wide, jeunes, handi, arabic
}

TEST_F(MatchV2Test, RecognisedDisabilityFilter) {
  Profile p = InNeighbourhood("la-rabiere");
  p.disability = Tri::kNo;
  EXPECT_EQ(Ids(p, "rapport-emploi", 10), (std::vector<std::string>{"wide", "jeunes", "arabic"}));
  p.disability = Tri::kYes;
  const ProviderMatch m = First(p);
  EXPECT_EQ(m.provider->id, "handi");
  EXPECT_EQ(m.reasons.back(), (Reason{"for_disability", {}}));
}

TEST_F(MatchV2Test, YoungChildrenFilter) {
  Profile p = InNeighbourhood("europe");
  EXPECT_EQ(Ids(p, "garde-enfants"), std::vector<std::string>{"creche"});
  p.young_children = Tri::kNo;
  EXPECT_TRUE(Ids(p, "garde-enfants").empty());
}

TEST_F(MatchV2Test, SpeakingTheResidentsLanguageOutranksLocality) {
  Profile p = InNeighbourhood("europe");
  p.language = "ar";
  const ProviderMatch m = First(p);
  EXPECT_EQ(m.provider->id, "arabic");
  EXPECT_EQ(m.reasons,
            (std::vector<Reason>{{"metropolis", {}}, {"speaks_language", {{"lang", "ar"}}}}));
  p.language = "fr";  // French is not a preference: everyone speaks it
  EXPECT_EQ(First(p).provider->id, "tours-local");
}

TEST_F(MatchV2Test, ReasonsNameThePlace) {
  EXPECT_EQ(First(InNeighbourhood("sanitas")).reasons,
            (std::vector<Reason>{{"in_neighbourhood", {{"neighbourhood", "Quartier sanitas"}}},
                                 {"residents_only", {{"neighbourhoods", "Quartier sanitas"}}}}));
  EXPECT_EQ(First(InNeighbourhood("europe")).reasons,
            (std::vector<Reason>{{"in_commune", {{"commune", "Tours"}}}}));
}

TEST_F(MatchV2Test, OpeningStateAndReason) {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 0;
  tm.tm_mday = 13;  // a Tuesday
  tm.tm_hour = 9;   // 10:00 in Paris
  const UnixSeconds now = timegm(&tm);
  ProviderMatch m = First(InNeighbourhood("europe"), "logement", now);
  EXPECT_TRUE(m.opening.open_now);
  EXPECT_EQ(m.reasons.back(), (Reason{"open_now", {{"until", "17:00"}}}));
  m = First(InNeighbourhood("europe"), "logement", now + 8 * 3600);  // 18:00
  EXPECT_EQ(m.reasons.back(),
            (Reason{"opens_next", {{"day", "we"}, {"time", "09:00"}, {"date", "2026-01-14"}}}));
}

TEST_F(MatchV2Test, SeveralBarriersKeepRequestOrderAndUnknownCodesGiveNothing) {
  MatchRequest request{{"garde-enfants", "transport", "logement"}, InNeighbourhood("europe"), 0, 3};
  const std::vector<BarrierMatches> r = MatchProfile(kb_, request);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].barrier, "garde-enfants");
  EXPECT_EQ(r[0].matches.size(), 1u);
  EXPECT_TRUE(r[1].matches.empty());
  EXPECT_EQ(r[2].matches.at(0).provider->id, "open-office");
}

TEST_F(MatchV2Test, LegacyMatchIgnoresEligibilityButKeepsGeography) {
  std::vector<std::string> ids;
  for (const Provider* p : kb_.Match("rapport-emploi", "Tours", 10)) ids.push_back(p->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"tours-local", "sanitas-only", "wide", "jeunes", "handi",
                                           "arabic"}));
}

}  // namespace
}  // namespace levier::kb
