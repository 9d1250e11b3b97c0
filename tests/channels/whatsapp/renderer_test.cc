// Neutral replies into Cloud API messages (platform spec 3.4, 3.7); the
// node cross-check (tests/node/whatsapp_cross_check.mjs) compares the same
// shapes with whatsapp-api-js's builders.
#include "levier/channels/whatsapp/renderer.h"

#include <gtest/gtest.h>

#include "levier/util/utf8.h"

namespace levier::channels::whatsapp {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

dialogs::Reply Ask(std::size_t n, const std::string& label_prefix = "Choix ") {
  dialogs::Reply r;
  r.text = "Question ?";
  r.choice_line = "{n} {label}";
  r.choose_label = "Choisir";
  for (std::size_t i = 1; i <= n; ++i) {
    r.choices.push_back({"c" + std::to_string(i), label_prefix + std::to_string(i)});
  }
  return r;
}

TEST(WhatsAppRendererTest, PlainTextIsATextMessageCutAt4096Characters) {
  json m = RenderReply({"Bonjour", {}, {}, false});
  EXPECT_EQ(m["type"], "text");
  EXPECT_EQ(m["text"]["body"], "Bonjour");
  std::string long_text;
  for (int i = 0; i < 5000; ++i) long_text += "é";
  const std::string body = RenderReply({long_text, {}, {}, false})["text"]["body"];
  EXPECT_EQ(CountCodePoints(body), kMaxTextChars);
  EXPECT_TRUE(IsValidUtf8(body));
}

TEST(WhatsAppRendererTest, UpToThreeShortChoicesAreReplyButtons) {
  json m = RenderReply(Ask(3));
  ASSERT_EQ(m["type"], "interactive");
  EXPECT_EQ(m["interactive"]["type"], "button");
  EXPECT_EQ(m["interactive"]["body"]["text"], "Question ?");
  const json& buttons = m["interactive"]["action"]["buttons"];
  ASSERT_EQ(buttons.size(), 3u);
  EXPECT_EQ(buttons[0], (json{{"type", "reply"}, {"reply", {{"id", "c1"}, {"title", "Choix 1"}}}}));
}

TEST(WhatsAppRendererTest, UpToTenChoicesAreAListWithTheLanguagesOpener) {
  json m = RenderReply(Ask(10));
  ASSERT_EQ(m["interactive"]["type"], "list");
  EXPECT_EQ(m["interactive"]["action"]["button"], "Choisir");
  const json& rows = m["interactive"]["action"]["sections"][0]["rows"];
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[9], (json{{"id", "c10"}, {"title", "Choix 10"}}));
  // A button title longer than 20 characters also makes a list.
  EXPECT_EQ(RenderReply(Ask(2, "Un choix assez long n°"))["interactive"]["type"], "list");
}

TEST(WhatsAppRendererTest, ALabelLongerThanARowTitleIsCutWithTheWholeLabelAsDescription) {
  dialogs::Reply r = Ask(5);
  r.choices[1].label = "Français (parler, lire, écrire)";
  const json row = RenderReply(r)["interactive"]["action"]["sections"][0]["rows"][1];
  EXPECT_EQ(CountCodePoints(row["title"].get<std::string>()), kMaxRowTitleChars);
  EXPECT_EQ(row["description"], "Français (parler, lire, écrire)");
}

TEST(WhatsAppRendererTest, MoreThanTenChoicesOrNoOpenerAreNumberedText) {
  json m = RenderReply(Ask(11));
  EXPECT_EQ(m["type"], "text");
  EXPECT_NE(m["text"]["body"].get<std::string>().find("11 Choix 11"), std::string::npos);
  dialogs::Reply no_opener = Ask(5);
  no_opener.choose_label.clear();
  EXPECT_EQ(RenderReply(no_opener)["type"], "text");
  dialogs::Reply long_id = Ask(2);
  long_id.choices[0].id = std::string(300, 'x');
  EXPECT_EQ(RenderReply(long_id)["type"], "text");
}

TEST(WhatsAppRendererTest, EachReplyIsOneMessageToTheResident) {
  bot::Outgoing out{bot::SendKind::kReply, "fr", {{"Bonjour", {}, {}, false}, Ask(2)}};
  Result<std::vector<json>> bodies = RenderMessages("33612345678", out, {});
  ASSERT_TRUE(bodies.ok());
  ASSERT_EQ(bodies->size(), 2u);
  for (const json& b : *bodies) {
    EXPECT_EQ(b["messaging_product"], "whatsapp");
    EXPECT_EQ(b["recipient_type"], "individual");
    EXPECT_EQ(b["to"], "33612345678");
  }
}

TEST(WhatsAppRendererTest, AFollowupIsTheTemplateOfTheLanguageWithTheTextOnOneLine) {
  FollowupTemplates templates{{{"fr", "levier_suivi"}, {"en", "levier_followup"}}, "fr"};
  bot::Outgoing out{bot::SendKind::kFollowup, "en", {{"Two weeks ago...", {}, {}, false}, Ask(2)}};
  Result<std::vector<json>> bodies = RenderMessages("33612345678", out, templates);
  ASSERT_TRUE(bodies.ok());
  ASSERT_EQ(bodies->size(), 1u);
  const json& t = (*bodies)[0];
  EXPECT_EQ(t["type"], "template");
  EXPECT_EQ(t["template"]["name"], "levier_followup");
  EXPECT_EQ(t["template"]["language"]["code"], "en");
  EXPECT_EQ(t["template"]["components"][0]["parameters"][0]["text"],
            "Two weeks ago... Question ? 1 Choix 1 2 Choix 2");
  // A language without a template falls back; none at all is refused.
  out.language = "tr";
  EXPECT_EQ((*RenderMessages("1", out, templates))[0]["template"]["name"], "levier_suivi");
  EXPECT_FALSE(RenderMessages("1", out, {}).ok());
}

}  // namespace
}  // namespace levier::channels::whatsapp
