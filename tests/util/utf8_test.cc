#include "levier/util/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace levier {
namespace LEVIER_UNITY_ID {

TEST(IsValidUtf8Test, AcceptsWellFormedRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("héllo 😀"));
  EXPECT_FALSE(IsValidUtf8(std::string("\xff")));
  EXPECT_FALSE(IsValidUtf8(std::string("\xc3")));              // truncated
  EXPECT_FALSE(IsValidUtf8(std::string("\xc0\xaf")));          // overlong
  EXPECT_FALSE(IsValidUtf8(std::string("\xe0\x80\xaf")));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8(std::string("\xed\xa0\x80")));      // surrogate
  EXPECT_FALSE(IsValidUtf8(std::string("\xf4\x90\x80\x80")));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8(std::string("a\x80")));             // stray continuation
}

TEST(TruncateUtf8Test, NeverCutsACharacter) {
  EXPECT_EQ(TruncateUtf8("abc", 10), "abc");
  EXPECT_EQ(TruncateUtf8("abc", 2), "ab");
  EXPECT_EQ(TruncateUtf8("aé", 2), "a");  // é is two bytes
  EXPECT_EQ(TruncateUtf8("aé", 3), "aé");
  EXPECT_EQ(TruncateUtf8("😀", 3), "");
  EXPECT_EQ(TruncateUtf8("😀", 0), "");
  EXPECT_EQ(TruncateUtf8("ab😀", 5), "ab");
}

// The crash of issue 9: a 39-byte name followed by "é", cut at 40 bytes.
TEST(TruncateUtf8Test, CutAtFortyBytesOfAnApiParameterStaysValid) {
  const std::string key = std::string(39, 'k') + "é=1";
  const std::string_view cut = TruncateUtf8(key, 40);
  EXPECT_EQ(cut, std::string(39, 'k'));
  EXPECT_TRUE(IsValidUtf8(cut));
}

TEST(TruncateUtf8Test, EveryCutOfValidTextIsValid) {
  const std::string text = "aé€😀ب ü";
  for (std::size_t max = 0; max <= text.size(); ++max) {
    EXPECT_TRUE(IsValidUtf8(TruncateUtf8(text, max))) << max;
    EXPECT_LE(TruncateUtf8(text, max).size(), max);
  }
  EXPECT_EQ(TruncateUtf8(text, 5), "aé");  // "€" is bytes 4..6
  EXPECT_EQ(TruncateUtf8(text, 6), "aé€");
}

TEST(DecodeUtf8Test, DecodesAndAdvances) {
  const std::string text = "aé€😀";
  std::size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(text, &pos), U'a');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'é');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'€');
  EXPECT_EQ(DecodeUtf8(text, &pos), U'😀');
  EXPECT_EQ(pos, text.size());
}

TEST(DecodeUtf8Test, IllFormedGivesReplacementAndMovesOn) {
  const std::string text = "\xff" "a\xc3";
  std::size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(text, &pos), kReplacementCharacter);
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeUtf8(text, &pos), U'a');
  EXPECT_EQ(DecodeUtf8(text, &pos), kReplacementCharacter);  // cut short
  EXPECT_EQ(pos, text.size());
}

TEST(AppendUtf8Test, RoundTripsEveryLength) {
  std::string out;
  for (char32_t c : {U'a', U'é', U'€', U'😀'}) AppendUtf8(c, &out);
  EXPECT_EQ(out, "aé€😀");
}

TEST(CountCodePointsTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("aé€😀"), 4u);
  EXPECT_EQ(CodePointOffset("aé€😀", 2), 3u);
  EXPECT_EQ(CodePointOffset("aé", 5), 3u);
}

TEST(ScrubUtf8Test, ReplacesIllFormedPartsAndNulAndKeepsTheRest) {
  EXPECT_EQ(ScrubUtf8("aé€😀"), "aé€😀");
  EXPECT_EQ(ScrubUtf8(""), "");
  EXPECT_EQ(ScrubUtf8("a\xFF" "b"), "a\uFFFD" "b");
  EXPECT_EQ(ScrubUtf8(std::string("a\0b", 3)), "a\uFFFD" "b");
  EXPECT_EQ(ScrubUtf8("caf\xC3"), "caf\uFFFD");         // cut short
  EXPECT_EQ(ScrubUtf8("\xC0\xAF"), "\uFFFD\uFFFD");  // overlong "/", two ill-formed parts
  EXPECT_TRUE(IsValidUtf8(ScrubUtf8("\xED\xA0\x80x")));  // a surrogate
}

}  // namespace
}  // namespace levier
