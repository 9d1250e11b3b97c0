#include "levier/dialogs/text.h"

#include <gtest/gtest.h>

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

TEST(NormalizeForMatchingTest, FoldsCaseAccentsApostrophesAndSpaces) {
  EXPECT_EQ(NormalizeForMatching("  L\u2019ÉTÉ  "), "l'ete");
  EXPECT_EQ(NormalizeForMatching("ARRÊT"), "arret");
  EXPECT_EQ(NormalizeForMatching("Arrête"), "arrete");
  EXPECT_EQ(NormalizeForMatching("\u00ab oui \u00bb"), "\" oui \"");
  EXPECT_EQ(NormalizeForMatching("Joué-lès-Tours"), "joue-les-tours");
  EXPECT_EQ(NormalizeForMatching("Straße"), "strasse");
  EXPECT_EQ(NormalizeForMatching("a\t\n b"), "a b");
  EXPECT_EQ(NormalizeForMatching(""), "");
}

TEST(NormalizeForMatchingTest, AppliesNfkc) {
  EXPECT_EQ(NormalizeForMatching("\uFF12"), "2");     // fullwidth digit
  EXPECT_EQ(NormalizeForMatching("\uFB01n"), "fin");  // ligature
  // Decomposed and precomposed e-acute compare equal.
  EXPECT_EQ(NormalizeForMatching("e\u0301"), NormalizeForMatching("\u00e9"));
}

TEST(MatchKeyTest, KeepsOnlyWords) {
  EXPECT_EQ(MatchKey("N°2."), "n 2");
  EXPECT_EQ(MatchKey("J'ai pas de voiture !!"), "j ai pas de voiture");
  EXPECT_EQ(MatchKey("\u200f\u202e2\u202c"), "2");
  EXPECT_EQ(MatchKey("😀 oui 😀"), "oui");
  EXPECT_EQ(MatchKey("...!"), "");
  EXPECT_EQ(MatchKey("مرحبا"), "مرحبا");
}

TEST(MatchKeyTest, ToleratesInvalidUtf8) {
  EXPECT_EQ(MatchKey(std::string("oui\xff")), "oui");
  EXPECT_EQ(MatchKey(std::string("\xc3")), "");
}

}  // namespace
}  // namespace levier::dialogs
