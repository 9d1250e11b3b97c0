// Invitation codes: drawn uniformly from an alphabet without look-alikes,
// always with a digit and a letter; recognised only as a whole message.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "levier/bot/invitation_code.h"

namespace levier::bot {
namespace LEVIER_UNITY_ID {

TEST(InvitationCodeTest, CodesUseTheAlphabetWithoutLookAlikesAndNeverRepeat) {
  for (char look_alike : std::string("01ILO")) {
    EXPECT_EQ(kInvitationAlphabet.find(look_alike), std::string_view::npos) << look_alike;
  }
  constexpr int kCodes = 50'000;
  std::set<std::string> seen;
  std::map<char, int> counts;
  for (int i = 0; i < kCodes; ++i) {
    const std::string code = NewInvitationCode();
    ASSERT_EQ(code.size(), kInvitationCodeLength);
    bool digit = false, letter = false;
    for (char c : code) {
      ASSERT_NE(kInvitationAlphabet.find(c), std::string_view::npos) << code;
      digit = digit || (c >= '2' && c <= '9');
      letter = letter || (c >= 'A' && c <= 'Z');
      ++counts[c];
    }
    EXPECT_TRUE(digit && letter) << code;
    // A repeat among the first 2,000 of 31^8 codes has a chance of 2 in a
    // million; a generator that repeats itself (a fixed seed) shows at once.
    if (i < 2'000) {
      EXPECT_TRUE(seen.insert(code).second) << "drawn twice: " << code;
    }
    EXPECT_EQ(InvitationCodeIn(code), code);
  }
  // Each character as likely as the redraw of codes without a digit or a
  // letter makes it (about 9% of draws have no digit, so digits come out
  // about 14% more often than letters), and no more: a modulo bias would
  // favour the alphabet's first 8 characters by another 1/8. Within 6%
  // of the exact expectation: about 6.5 standard deviations, so that one
  // run in a hundred million fails by chance (at 3.5 with 20,000 codes,
  // one in a hundred did: 31 characters each had a 1 in 2,000 chance),
  // while a bias of 1/8 stays far outside.
  const double n = static_cast<double>(kInvitationCodeLength);
  const double a = static_cast<double>(kInvitationAlphabet.size());
  const double digits = 8, letters = a - 8;
  const double accepted = 1 - std::pow(letters / a, n) - std::pow(digits / a, n);
  const double per_digit = kCodes * n / a * (1 - std::pow(digits / a, n - 1)) / accepted;
  const double per_letter = kCodes * n / a * (1 - std::pow(letters / a, n - 1)) / accepted;
  ASSERT_EQ(counts.size(), kInvitationAlphabet.size());
  for (const auto& [c, count] : counts) {
    const double expected = (c >= '2' && c <= '9') ? per_digit : per_letter;
    EXPECT_NEAR(count, expected, expected * 0.06) << c;
  }
}

TEST(InvitationCodeTest, AWholeMessageIsACodeASentenceIsNot) {
  EXPECT_EQ(InvitationCodeIn("K7QM4RTX"), "K7QM4RTX");
  EXPECT_EQ(InvitationCodeIn("  k7qm-4rtx \n"), "K7QM4RTX") << "as a resident types it";
  EXPECT_EQ(InvitationCodeIn("K7QM 4RTX"), "K7QM4RTX");
  EXPECT_EQ(InvitationCodeIn("/start K7QM4RTX"), "K7QM4RTX") << "a Telegram link";
  EXPECT_EQ(InvitationCodeIn("DEMANDER"), "") << "a word written with the alphabet's letters";
  EXPECT_EQ(InvitationCodeIn("23456789"), "") << "a number, not a code";
  EXPECT_EQ(InvitationCodeIn("K7QM4RTX merci"), "") << "a sentence is an answer";
  EXPECT_EQ(InvitationCodeIn("K7QM4RT0"), "") << "0 is not in the alphabet";
  EXPECT_EQ(InvitationCodeIn("K7QM4RT"), "");
  EXPECT_EQ(InvitationCodeIn("K7QM4RTXY"), "");
  EXPECT_EQ(InvitationCodeIn(""), "");
  EXPECT_EQ(InvitationCodeIn(std::string(1000, 'A')), "");
  EXPECT_EQ(InvitationCodeIn("K7QM4RTX\xC3\xA9"), "");
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::bot
