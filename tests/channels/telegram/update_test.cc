#include "levier/channels/telegram/update.h"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

namespace levier::channels::telegram {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

constexpr UnixSeconds kNow = 1'760'000'000;

// A private chat's text message as Telegram sends it (platform spec §4.3).
json TextUpdate(std::int64_t update_id, const std::string& text) {
  return json{{"update_id", update_id},
              {"message",
               {{"message_id", 42},
                {"from",
                 {{"id", 123456789}, {"is_bot", false}, {"first_name", "Amina"},
                  {"language_code", "tr"}}},
                {"chat", {{"id", 123456789}, {"first_name", "Amina"}, {"type", "private"}}},
                {"date", 1760000000},
                {"text", text}}}};
}

json CallbackUpdate(std::int64_t update_id, const std::string& data) {
  return json{{"update_id", update_id},
              {"callback_query",
               {{"id", "4382bfdwdsb323b2d9"},
                {"from", {{"id", 123456789}, {"is_bot", false}, {"language_code", "ar"}}},
                {"message",
                 {{"message_id", 43},
                  {"chat", {{"id", 123456789}, {"type", "private"}}},
                  {"date", 1760000001},
                  {"text", "Quel est votre frein ?"}}},
                {"chat_instance", "-1234"},
                {"data", data}}}};
}

Result<ParsedUpdate> Parse(const json& update) { return ParseUpdate(update.dump(), kNow); }

TEST(TelegramSecretTest, OnlyTheConfiguredTokenMatches) {
  EXPECT_TRUE(SecretTokenMatches("s3cret_Token-1", "s3cret_Token-1"));
  EXPECT_FALSE(SecretTokenMatches("s3cret_Token-1", "s3cret_Token-2"));
  EXPECT_FALSE(SecretTokenMatches("s3cret_Token-1", "s3cret_Token-1 "));
  EXPECT_FALSE(SecretTokenMatches("s3cret_Token-1", "s3cret_Token"));
  EXPECT_FALSE(SecretTokenMatches("s3cret_Token-1", ""));
  EXPECT_FALSE(SecretTokenMatches("", ""));
}

TEST(TelegramUpdateTest, PrivateTextMessageBecomesAnInboundMessage) {
  Result<ParsedUpdate> u = Parse(TextUpdate(815739201, "J'ai besoin d'un logement"));
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->update_id, 815739201);
  EXPECT_TRUE(u->callback_query_id.empty());
  ASSERT_TRUE(u->message.has_value());
  const bot::InboundMessage& m = *u->message;
  EXPECT_EQ(m.channel, "telegram");
  EXPECT_EQ(m.sender, "123456789");
  EXPECT_EQ(m.message_id, "815739201");
  EXPECT_EQ(m.text, "J'ai besoin d'un logement");
  EXPECT_EQ(m.received_at, kNow);
  EXPECT_EQ(m.language_hint, "tr");
  EXPECT_TRUE(m.choice.empty());
  EXPECT_FALSE(m.unreadable);
  EXPECT_TRUE(m.replies_by_outbox);
}

TEST(TelegramUpdateTest, ChatIdsBeyondThirtyTwoBitsKeepEveryDigit) {
  json update = TextUpdate(1, "x");
  update["message"]["chat"]["id"] = 4503599627370495LL;  // 2^52 - 1
  Result<ParsedUpdate> u = Parse(update);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->message->sender, "4503599627370495");
}

TEST(TelegramUpdateTest, StartDeepLinkKeepsOnlyThePayload) {
  EXPECT_EQ(Parse(TextUpdate(1, "/start inv_Ab12-x"))->message->text, "inv_Ab12-x");
  EXPECT_EQ(Parse(TextUpdate(2, "/start"))->message->text, "");
  EXPECT_EQ(Parse(TextUpdate(3, "/start@levier_bot inv_1"))->message->text, "inv_1");
  EXPECT_EQ(Parse(TextUpdate(4, "/starting over"))->message->text, "/starting over");
  EXPECT_EQ(Parse(TextUpdate(5, "Bonjour /start"))->message->text, "Bonjour /start");
}

TEST(TelegramUpdateTest, MessagesWithoutTextAreUnreadable) {
  for (const char* kind : {"voice", "photo", "sticker", "document", "location"}) {
    json update = TextUpdate(7, "");
    update["message"].erase("text");
    update["message"][kind] = json::object({{"file_id", "AgAD"}});
    Result<ParsedUpdate> u = Parse(update);
    ASSERT_TRUE(u.ok()) << kind;
    ASSERT_TRUE(u->message.has_value()) << kind;
    EXPECT_TRUE(u->message->unreadable) << kind;
    EXPECT_EQ(u->message->text, "") << kind;
  }
}

TEST(TelegramUpdateTest, CallbackQueryIsAChoiceAndIsAnswered) {
  Result<ParsedUpdate> u = Parse(CallbackUpdate(900, "barrier.logement"));
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->callback_query_id, "4382bfdwdsb323b2d9");
  ASSERT_TRUE(u->message.has_value());
  EXPECT_EQ(u->message->choice, "barrier.logement");
  EXPECT_EQ(u->message->text, "");
  EXPECT_EQ(u->message->sender, "123456789");
  EXPECT_EQ(u->message->message_id, "900");
  EXPECT_EQ(u->message->language_hint, "ar");
  EXPECT_TRUE(u->message->replies_by_outbox);
  EXPECT_EQ(json::parse(AnswerCallbackQueryBody(u->callback_query_id)),
            (json{{"method", "answerCallbackQuery"}, {"callback_query_id", "4382bfdwdsb323b2d9"}}));
}

TEST(TelegramUpdateTest, PressWithoutDataOrMessageIsAnsweredButNotRead) {
  json no_data = CallbackUpdate(1, "x");
  no_data["callback_query"].erase("data");
  Result<ParsedUpdate> a = Parse(no_data);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->message.has_value());
  EXPECT_EQ(a->callback_query_id, "4382bfdwdsb323b2d9");

  json no_message = CallbackUpdate(2, "barrier.logement");
  no_message["callback_query"].erase("message");
  Result<ParsedUpdate> b = Parse(no_message);
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->message.has_value());
  EXPECT_EQ(b->callback_query_id, "4382bfdwdsb323b2d9");

  Result<ParsedUpdate> c = Parse(CallbackUpdate(3, std::string(65, 'a')));
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->message.has_value());
}

TEST(TelegramUpdateTest, GroupsChannelsAndOtherUpdatesAreIgnored) {
  for (const char* type : {"group", "supergroup", "channel"}) {
    json update = TextUpdate(1, "Bonjour");
    update["message"]["chat"]["type"] = type;
    update["message"]["chat"]["id"] = -1001234567890LL;
    Result<ParsedUpdate> u = Parse(update);
    ASSERT_TRUE(u.ok()) << type;
    EXPECT_FALSE(u->message.has_value()) << type;
  }
  json edited{{"update_id", 2},
              {"edited_message",
               {{"message_id", 1}, {"chat", {{"id", 5}, {"type", "private"}}}, {"text", "x"}}}};
  Result<ParsedUpdate> u = Parse(edited);
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->message.has_value());
  EXPECT_TRUE(u->callback_query_id.empty());
}

TEST(TelegramUpdateTest, MalformedUpdatesAreRefusedWithAReason) {
  const auto refused = [](std::string_view body) {
    Result<ParsedUpdate> u = ParseUpdate(body, kNow);
    return u.ok() ? std::string("accepted") : u.status().message();
  };
  EXPECT_NE(refused("{\"update_id\":1,").find("not a JSON object"), std::string::npos);
  EXPECT_NE(refused("[1,2]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(refused("").find("not a JSON object"), std::string::npos);
  EXPECT_NE(refused("{}").find("update_id"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":"5"})").find("update_id"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":-1})").find("update_id"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1.5})").find("update_id"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":18446744073709551615})").find("update_id"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1,"message":null})").find("message"), std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1,"message":{"text":"x"}})").find("chat.id"),
            std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1,"message":{"chat":{"id":"12","type":"private"}}})")
                .find("chat.id"),
            std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1,"callback_query":{"data":"x"}})").find("callback_query.id"),
            std::string::npos);
  EXPECT_NE(refused(R"({"update_id":1,"callback_query":{"id":")" + std::string(129, 'a') +
                    R"("}})")
                .find("callback_query.id"),
            std::string::npos);
  // Invalid UTF-8 in a string: the JSON parser refuses it.
  EXPECT_NE(refused("{\"update_id\":1,\"message\":{\"chat\":{\"id\":1,\"type\":\"private\"},"
                    "\"text\":\"\xff\"}}")
                .find("not a JSON object"),
            std::string::npos);
}

TEST(TelegramUpdateTest, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = R"({"update_id":1,"message":{"chat":{"id":1,"type":"private"},"x":)";
  deep += std::string(10'000, '[') + std::string(10'000, ']') + "}}";
  Result<ParsedUpdate> u = ParseUpdate(deep, kNow);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("nested deeper"), std::string::npos);
}

TEST(TelegramUpdateTest, OverlongLanguageCodeIsNoHint) {
  json update = TextUpdate(1, "x");
  update["message"]["from"]["language_code"] = std::string(36, 'a');
  EXPECT_EQ(Parse(update)->message->language_hint, "");
  update["message"]["from"]["language_code"] = 7;
  EXPECT_EQ(Parse(update)->message->language_hint, "");
}

}  // namespace
}  // namespace levier::channels::telegram
