#include <gtest/gtest.h>

#include "levier/channels/twilio_sms/twilio.h"

namespace levier::channels::twilio_sms {
namespace LEVIER_UNITY_ID {

TEST(TwimlTest, EmptyResponseWhenNothingToSay) {
  EXPECT_EQ(RenderTwiml({}), R"(<?xml version="1.0" encoding="UTF-8"?><Response/>)");
}

TEST(TwimlTest, OneMessagePerEntryEscaped) {
  EXPECT_EQ(RenderTwiml({"Hello", "a < b & \"c\" > 'd'"}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello</Message>)"
            R"(<Message>a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;</Message></Response>)");
}

TEST(PackRepliesTest, JoinsShortRepliesWithBlankLine) {
  EXPECT_EQ(PackReplies({"Bonjour", "1 Oui\n2 Non"}),
            (std::vector<std::string>{"Bonjour\n\n1 Oui\n2 Non"}));
}

TEST(PackRepliesTest, StartsNewMessageWhenOverLimit) {
  const std::string a(900, 'a'), b(900, 'b');
  EXPECT_EQ(PackReplies({a, b}), (std::vector<std::string>{a, b}));
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80 ? 1 : 0;
  return n;
}

TEST(PackRepliesTest, SplitsOverlongReplyAtWordBoundaryCountingCodePoints) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "été ";  // 200 code points, 350 bytes
  text.pop_back();                              // 199 code points
  // Counted in code points, 199 fits in 199 even though it is 349 bytes.
  EXPECT_EQ(PackReplies({text}, 199).size(), 1u);
  std::vector<std::string> small = PackReplies({text}, 30);
  ASSERT_EQ(small.size(), 8u);  // 7 words (27 code points) per message, 50 words
  std::string rejoined;
  for (const auto& m : small) {
    EXPECT_LE(CodePoints(m), 30u);
    EXPECT_EQ(m.rfind("été", 0), 0u);  // cut between words, never inside a character
    rejoined += (rejoined.empty() ? "" : " ") + m;
  }
  EXPECT_EQ(rejoined, text);
}

TEST(PackRepliesTest, SkipsEmptyReplies) {
  EXPECT_TRUE(PackReplies({"", ""}).empty());
}

}  // namespace
}  // namespace levier::channels::twilio_sms
