#include "levier/channels/telegram/renderer.h"

#include <gtest/gtest.h>

#include <string>

#include "levier/util/utf8.h"

namespace levier::channels::telegram {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

dialogs::Reply Question(std::vector<dialogs::ReplyChoice> choices) {
  return dialogs::Reply{"Which one?", std::move(choices), "{n}. {label}", false};
}

std::size_t Utf16Units(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t pos = 0; pos < text.size();) units += DecodeUtf8(text, &pos) > 0xFFFF ? 2 : 1;
  return units;
}

TEST(TelegramRendererTest, PlainTextIsOneMessageWithoutKeyboard) {
  const std::vector<json> bodies =
      RenderSendMessages(123456789, {dialogs::Reply{"Bonjour !", {}, "{n} {label}", false}});
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0], (json{{"chat_id", 123456789}, {"text", "Bonjour !"}}));
}

TEST(TelegramRendererTest, ChoicesBecomeAnInlineKeyboardOneButtonPerRow) {
  const std::vector<json> bodies = RenderSendMessages(
      -5, {Question({{"barrier.logement", "Logement"}, {"barrier.mobilite", "Transport"}})});
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0],
            (json{{"chat_id", -5},
                  {"text", "Which one?"},
                  {"reply_markup",
                   {{"inline_keyboard",
                     json::array({json::array({{{"text", "Logement"},
                                                 {"callback_data", "barrier.logement"}}}),
                                  json::array({{{"text", "Transport"},
                                                 {"callback_data", "barrier.mobilite"}}})})}}}}));
}

TEST(TelegramRendererTest, RepliesStayInOrderOneMessageEach) {
  const std::vector<json> bodies = RenderSendMessages(
      1, {dialogs::Reply{"first", {}, "", false}, Question({{"yes", "Oui"}}),
          dialogs::Reply{"third", {}, "", false}});
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[0]["text"], "first");
  EXPECT_EQ(bodies[1]["text"], "Which one?");
  EXPECT_TRUE(bodies[1].contains("reply_markup"));
  EXPECT_EQ(bodies[2]["text"], "third");
  EXPECT_FALSE(bodies[2].contains("reply_markup"));
}

TEST(TelegramRendererTest, ChoiceIdTooLongForCallbackDataFallsBackToNumberedText) {
  const std::string long_id(65, 'x');
  const dialogs::Reply reply = Question({{"short", "A"}, {long_id, "B"}});
  const std::vector<json> bodies = RenderSendMessages(1, {reply});
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_FALSE(bodies[0].contains("reply_markup"));
  EXPECT_EQ(bodies[0]["text"], dialogs::NumberedText(reply));
  EXPECT_EQ(bodies[0]["text"], "Which one?\n1. A\n2. B");

  // 64 bytes exactly still fits.
  const std::vector<json> fits = RenderSendMessages(1, {Question({{std::string(64, 'y'), "C"}})});
  ASSERT_TRUE(fits[0].contains("reply_markup"));
  EXPECT_EQ(fits[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"], std::string(64, 'y'));
}

TEST(TelegramRendererTest, QuestionWithoutTextShowsItsChoicesAsText) {
  const dialogs::Reply reply{"", {{"fr", "Français"}, {"en", "English"}}, "{n} {label}", false};
  const std::vector<json> bodies = RenderSendMessages(1, {reply});
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0]["text"], "1 Français\n2 English");
  EXPECT_TRUE(bodies[0].contains("reply_markup"));
}

TEST(TelegramRendererTest, EmptyReplySendsNothing) {
  EXPECT_TRUE(RenderSendMessages(1, {dialogs::Reply{"", {}, "", false}}).empty());
  EXPECT_TRUE(RenderSendMessages(1, {}).empty());
}

TEST(TelegramRendererTest, TextOverTheLimitIsSplitAtALineBreakKeyboardOnTheLast) {
  const std::string line(3000, 'a');
  const std::string text = line + "\n" + line + "\n" + "end";
  dialogs::Reply reply = Question({{"yes", "Oui"}});
  reply.text = text;
  const std::vector<json> bodies = RenderSendMessages(1, {reply});
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0]["text"], line);
  EXPECT_EQ(bodies[1]["text"], line + "\nend");
  EXPECT_FALSE(bodies[0].contains("reply_markup"));
  EXPECT_TRUE(bodies[1].contains("reply_markup"));
}

TEST(TelegramRendererTest, SplitNeverExceedsTheLimitInUtf16UnitsNorCutsACharacter) {
  // 4,096 characters exactly: one message.
  EXPECT_EQ(SplitText(std::string(4096, 'a')).size(), 1u);
  EXPECT_EQ(SplitText(std::string(4097, 'a')).size(), 2u);
  // Arabic (2 bytes each) and emoji (4 bytes, 2 UTF-16 units), no spaces.
  std::string arabic;
  for (int i = 0; i < 5000; ++i) arabic += "\u0645";
  std::string emoji;
  for (int i = 0; i < 3000; ++i) emoji += "\U0001F600";
  for (const std::string& text : {arabic, emoji, arabic + " " + emoji}) {
    std::string joined;
    for (const std::string& piece : SplitText(text)) {
      EXPECT_TRUE(IsValidUtf8(piece));
      EXPECT_LE(Utf16Units(piece), kMaxTextUnits);
      EXPECT_FALSE(piece.empty());
      joined += piece;
    }
    std::string without_spaces = text;
    std::erase(without_spaces, ' ');
    EXPECT_EQ(joined, without_spaces);
  }
  EXPECT_EQ(SplitText(emoji).front().size(), 2048u * 4);
}

TEST(TelegramRendererTest, SplitPrefersTheLastSpaceBeforeTheLimit) {
  const std::vector<std::string> pieces = SplitText("aaaa bbbb cccc", 10);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "aaaa bbbb");
  EXPECT_EQ(pieces[1], "cccc");
}

}  // namespace
}  // namespace levier::channels::telegram
