// Checks on the curated directory shipped in knowledge-base/data.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "levier/kb/commune.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/barriers.h"

namespace levier::kb {
namespace LEVIER_UNITY_ID {

// The barriers the resident dialog asks about (the extras are not asked).
const std::vector<std::string> kDialogBarriers = {
    "logement", "langue",        "handicap",      "mobilite",      "numerique",
    "sante",    "garde-enfants", "estime-de-soi", "rapport-emploi"};

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class ShippedDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<KnowledgeBase> kb =
        KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = new KnowledgeBase(std::move(*kb));
  }
  static void TearDownTestSuite() {
    delete kb_;
    kb_ = nullptr;
  }

  // Every commune the shipped data knows, plus unknown and unserved ones.
  static std::vector<std::string> Communes() {
    std::vector<std::string> communes = {"", "Ballan-Miré", "joue-les-tours", "TOURS"};
    for (const Neighbourhood& n : kb_->neighbourhoods()) communes.push_back(n.commune);
    for (const Provider& p : kb_->providers()) {
      communes.insert(communes.end(), p.communes.begin(), p.communes.end());
    }
    return communes;
  }

  static KnowledgeBase* kb_;
};

KnowledgeBase* ShippedDataTest::kb_ = nullptr;

TEST_F(ShippedDataTest, HoldsEveryCuratedEntry) {
  ASSERT_NE(kb_, nullptr);
  // 44 from the first research notes, 25 from the second (unverified until a
  // coordinator confirms them: docs/knowledge-base.md).
  EXPECT_EQ(kb_->providers().size(), 69u);
  EXPECT_EQ(kb_->neighbourhoods().size(), 13u);
}

TEST_F(ShippedDataTest, EveryShownProviderHasAContactAndPlainSummaries) {
  ASSERT_NE(kb_, nullptr);
  for (const Provider& p : kb_->providers()) {
    if (!p.verified) continue;
    EXPECT_TRUE(!p.phone.empty() || !p.address.empty() || !p.website.empty()) << p.id;
    EXPECT_NE(p.confidence, "basse") << p.id;
    EXPECT_FALSE(p.source.empty()) << p.id;
    for (const char* lang : {"fr", "en"}) {
      ASSERT_TRUE(p.summary.contains(lang)) << p.id << " " << lang;
      EXPECT_LE(CodePoints(p.summary.at(lang)), 70u) << p.id << " " << lang;
    }
  }
}

TEST_F(ShippedDataTest, MatchNeverReturnsUnverifiedProviders) {
  ASSERT_NE(kb_, nullptr);
  std::size_t returned = 0;
  for (const std::string_view barrier : BarrierCodes()) {
    for (const std::string& commune : Communes()) {
      for (const Provider* p : kb_->Match(barrier, commune, 1000)) {
        EXPECT_TRUE(p->verified) << p->id << " for " << barrier << " in '" << commune << "'";
        ++returned;
      }
    }
  }
  EXPECT_GT(returned, 0u);
}

TEST_F(ShippedDataTest, EveryDialogBarrierHasAProviderInEveryNeighbourhoodCommune) {
  ASSERT_NE(kb_, nullptr);
  for (const Neighbourhood& n : kb_->neighbourhoods()) {
    for (const std::string& barrier : kDialogBarriers) {
      EXPECT_FALSE(kb_->Match(barrier, n.commune, 3).empty()) << barrier << " in " << n.commune;
    }
  }
}

TEST_F(ShippedDataTest, TourResidentSeesLocalProvidersFirst) {
  ASSERT_NE(kb_, nullptr);
  // Co-Hop' serves Tours only; France Travail the whole metropolis.
  std::vector<const Provider*> tours = kb_->Match("rapport-emploi", "Tours", 3);
  ASSERT_EQ(tours.size(), 3u);
  EXPECT_EQ(tours[0]->id, "co-hop");
  EXPECT_EQ(tours[1]->id, "france-travail");
  std::vector<const Provider*> joue = kb_->Match("rapport-emploi", "Joué-lès-Tours", 3);
  ASSERT_FALSE(joue.empty());
  EXPECT_EQ(joue[0]->id, "france-travail");
}

TEST_F(ShippedDataTest, ContactsDisclaimedBySourceAreNotCopied) {
  ASSERT_NE(kb_, nullptr);
  // Numbers and addresses found only in an unofficial third-party file.
  const Provider* cap_emploi = kb_->FindProvider("cap-emploi-37");
  ASSERT_NE(cap_emploi, nullptr);
  EXPECT_EQ(cap_emploi->phone, "");
  EXPECT_FALSE(cap_emploi->verified);
  const Provider* mdph = kb_->FindProvider("mdph-37");
  ASSERT_NE(mdph, nullptr);
  EXPECT_EQ(mdph->phone, "");
  EXPECT_EQ(mdph->address, "");
  EXPECT_EQ(mdph->website, "https://www.mdph37.fr");
}

TEST_F(ShippedDataTest, NeighbourhoodCommunesAreTheFourQpvCommunes) {
  ASSERT_NE(kb_, nullptr);
  std::set<std::string> communes;
  for (const Neighbourhood& n : kb_->neighbourhoods()) communes.insert(FoldCommuneName(n.commune));
  EXPECT_EQ(communes, (std::set<std::string>{"joue-les-tours", "la-riche", "saint-pierre-des-corps",
                                             "tours"}));
}

TEST_F(ShippedDataTest, NoHoursCoordinatesOrLanguagesWithoutASource) {
  ASSERT_NE(kb_, nullptr);
  std::set<std::string> with_hours;
  for (const Provider& p : kb_->providers()) {
    if (!p.hours.empty()) with_hours.insert(p.id);
    EXPECT_FALSE(p.latitude.has_value()) << p.id;  // no source gives a position
    EXPECT_TRUE(p.languages.empty()) << p.id;      // no source lists languages spoken
    EXPECT_EQ(p.last_verified, "") << p.id;        // nobody has confirmed by phone yet
    // The two curation dates: the first notes, then tmvl-providers-2.json.
    EXPECT_TRUE(p.updated == "2026-11-25" || p.updated == "2026-12-05") << p.id;
    if (p.updated == "2026-12-05") {
      EXPECT_FALSE(p.verified) << p.id;
    }
  }
  // The two hours the research notes give (MDA 37 public, Tours petite enfance notes).
  EXPECT_EQ(with_hours,
            (std::set<std::string>{"maison-des-adolescents-37", "tours-petite-enfance"}));
  EXPECT_EQ(kb_->FindProvider("tours-petite-enfance")->hours, "Mo-Th 08:30-17:00; Fr 08:30-16:30");
}

TEST_F(ShippedDataTest, EligibilityFromTheSourcesPublic) {
  ASSERT_NE(kb_, nullptr);
  const Provider* ml = kb_->FindProvider("mission-locale-touraine");
  ASSERT_NE(ml, nullptr);
  EXPECT_EQ(ml->eligibility.min_age, 16);
  EXPECT_EQ(ml->eligibility.max_age, 25);
  EXPECT_TRUE(kb_->FindProvider("cap-emploi-37")->eligibility.disability_required);
  const Provider* cohop = kb_->FindProvider("co-hop");
  EXPECT_EQ(cohop->neighbourhoods, std::vector<std::string>{"sanitas"});
  EXPECT_TRUE(cohop->eligibility.priority_neighbourhood_only);
  EXPECT_TRUE(kb_->FindProvider("tours-petite-enfance")->eligibility.young_children_required);
}

}  // namespace
}  // namespace levier::kb
