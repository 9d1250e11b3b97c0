#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kb_test_util.h"
#include "levier/kb/knowledge_base.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

using kbtest::NeighbourhoodsDoc;
using kbtest::ProvidersDoc;
using kbtest::UnverifiedProvider;
using kbtest::ValidProvider;

std::vector<std::string> Ids(const std::vector<const Provider*>& providers) {
  std::vector<std::string> ids;
  for (const Provider* p : providers) ids.push_back(p->id);
  return ids;
}

class MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<KnowledgeBase> kb = KnowledgeBase::LoadFromJson(
        ProvidersDoc({
            ValidProvider("wide-a", {"logement"}),
            ValidProvider("tours-a", {"logement"}, {"Tours"}),
            ValidProvider("joue-a", {"logement"}, {"Joué-lès-Tours"}),
            UnverifiedProvider("hidden-tours", {"logement", "sante"}, {"Tours"}),
            UnverifiedProvider("hidden-wide", {"logement", "sante"}),
            ValidProvider("wide-b", {"logement"}),
            ValidProvider("tours-b", {"logement", "sante"}, {"Tours", "La Riche"}),
        }),
        NeighbourhoodsDoc({}), "match");
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = std::move(*kb);
  }

  KnowledgeBase kb_;
};

TEST_F(MatchTest, CommuneSpecificFirstThenMetropolisInFileOrder) {
  EXPECT_EQ(Ids(kb_.Match("logement", "Tours", 10)),
            (std::vector<std::string>{"tours-a", "tours-b", "wide-a", "wide-b"}));
  EXPECT_EQ(Ids(kb_.Match("logement", "Joué-lès-Tours", 10)),
            (std::vector<std::string>{"joue-a", "wide-a", "wide-b"}));
}

TEST_F(MatchTest, CommuneComparisonIgnoresAccentsCaseAndSeparators) {
  EXPECT_EQ(Ids(kb_.Match("logement", "joue-les-tours", 10)),
            (std::vector<std::string>{"joue-a", "wide-a", "wide-b"}));
  EXPECT_EQ(Ids(kb_.Match("logement", "JOUE LES TOURS", 10)),
            (std::vector<std::string>{"joue-a", "wide-a", "wide-b"}));
  EXPECT_EQ(Ids(kb_.Match("sante", "la riche", 10)), (std::vector<std::string>{"tours-b"}));
}

TEST_F(MatchTest, UnknownOrUnservedCommuneGetsOnlyMetropolisWide) {
  EXPECT_EQ(Ids(kb_.Match("logement", "", 10)), (std::vector<std::string>{"wide-a", "wide-b"}));
  EXPECT_EQ(Ids(kb_.Match("logement", "Ballan-Miré", 10)),
            (std::vector<std::string>{"wide-a", "wide-b"}));
}

TEST_F(MatchTest, LimitIsRespected) {
  EXPECT_EQ(Ids(kb_.Match("logement", "Tours", 3)),
            (std::vector<std::string>{"tours-a", "tours-b", "wide-a"}));
  EXPECT_EQ(Ids(kb_.Match("logement", "Tours", 1)), (std::vector<std::string>{"tours-a"}));
  EXPECT_TRUE(kb_.Match("logement", "Tours", 0).empty());
}

TEST_F(MatchTest, UnverifiedProvidersAreNeverReturned) {
  // Only unverified entries serve "sante" in Tours besides tours-b.
  EXPECT_EQ(Ids(kb_.Match("sante", "Tours", 10)), (std::vector<std::string>{"tours-b"}));
  EXPECT_TRUE(kb_.Match("sante", "", 10).empty());
}

TEST_F(MatchTest, UnknownBarrierMatchesNothing) {
  EXPECT_TRUE(kb_.Match("transport", "Tours", 10).empty());
  EXPECT_TRUE(kb_.Match("", "Tours", 10).empty());
  EXPECT_TRUE(kb_.Match("Logement", "Tours", 10).empty());  // codes are exact identifiers
}

}  // namespace
}  // namespace levier::kb
