#include "levier/kb/commune.h"

#include <gtest/gtest.h>

namespace levier::kb {
namespace LEVIER_UNITY_ID {

TEST(FoldCommuneNameTest, StripsAccentsCaseAndSeparators) {
  EXPECT_EQ(FoldCommuneName("Joué-lès-Tours"), "joue-les-tours");
  EXPECT_EQ(FoldCommuneName("JOUÉ LÈS TOURS"), "joue-les-tours");
  EXPECT_EQ(FoldCommuneName("  Saint  Pierre_des--Corps "), "saint-pierre-des-corps");
  EXPECT_EQ(FoldCommuneName("Saint-Cyr-sur-Loire"), "saint-cyr-sur-loire");
}

TEST(FoldCommuneNameTest, FoldsApostrophesAndLigatures) {
  EXPECT_EQ(FoldCommuneName("L’Île-Bouchard"), "l-ile-bouchard");
  EXPECT_EQ(FoldCommuneName("l'ile bouchard"), "l-ile-bouchard");
  EXPECT_EQ(FoldCommuneName("Œuilly"), "oeuilly");
  EXPECT_EQ(FoldCommuneName("Ÿ ç ñ ß Æ"), "y-c-n-ss-ae");
}

TEST(FoldCommuneNameTest, KeepsOtherCharactersAndInvalidBytes) {
  EXPECT_EQ(FoldCommuneName("Tours 37000"), "tours-37000");
  EXPECT_EQ(FoldCommuneName("Łódź"), "Łodź");  // Ł and ź are not Latin-1: kept
  EXPECT_EQ(FoldCommuneName(std::string("a\xC3")), std::string("a\xC3"));  // truncated UTF-8
  EXPECT_EQ(FoldCommuneName(std::string("\xFFZ")), std::string("\xFFz"));
  EXPECT_EQ(FoldCommuneName(" - "), "");
}

TEST(SameCommuneTest, ComparesFoldedNamesAndRejectsEmpty) {
  EXPECT_TRUE(SameCommune("Joué-lès-Tours", "joue-les-tours"));
  EXPECT_TRUE(SameCommune("la riche", "La Riche"));
  EXPECT_FALSE(SameCommune("Tours", "Joué-lès-Tours"));
  EXPECT_FALSE(SameCommune("", ""));
  EXPECT_FALSE(SameCommune("-", " "));
}

}  // namespace
}  // namespace levier::kb
