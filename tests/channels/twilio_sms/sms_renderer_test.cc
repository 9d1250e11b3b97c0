// The SMS renderer: the one place neutral replies become SMS text.
#include "levier/channels/twilio_sms/sms_renderer.h"

#include <gtest/gtest.h>

namespace levier::channels::twilio_sms {
namespace LEVIER_UNITY_ID {

dialogs::Reply Question() {
  return {"Quel frein ?", {{"a", "Logement"}, {"b", "Santé"}}, "{n}) {label}", false};
}

TEST(SmsRendererTest, NumbersChoicesWithTheLanguagesLineAndPacksReplies) {
  const std::vector<std::string> messages =
      RenderReplies({dialogs::Reply{"Bonjour", {}, {}, false}, Question()}, false);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "Bonjour\n\nQuel frein ?\n1) Logement\n2) Santé");
}

TEST(SmsRendererTest, FitsEachReplyToGsm7WhenThatSavesSegments) {
  const dialogs::Reply typographic{"C’est noté", {}, {}, false};
  EXPECT_EQ(RenderReplies({typographic}, false), std::vector<std::string>{"C'est noté"});
  EXPECT_EQ(RenderOutbound({typographic, Question()}, true),
            "C'est noté\nQuel frein ?\n1) Logement\n2) Santé");
}

TEST(SmsRendererTest, RightToLeftRepliesIsolateTheirNumbers) {
  dialogs::Reply arabic{"", {{"a", "السكن"}}, "{n} {label}", true};
  EXPECT_EQ(RenderReplies({arabic}, true), std::vector<std::string>{"\u20661\u2069 السكن"});
}

}  // namespace
}  // namespace levier::channels::twilio_sms
