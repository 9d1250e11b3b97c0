#include "levier/channels/webchat/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace levier::channels::webchat {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

constexpr std::string_view kId = "0123456789abcdef0123";

TEST(WebChatRequestTest, TextAndChoiceAreRead) {
  Result<MessageRequest> text =
      ParseMessageRequest(R"({"id":"0123456789abcdef0123","text":"bonjour"})");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->id, kId);
  EXPECT_EQ(text->text, "bonjour");
  EXPECT_EQ(text->choice, "");
  Result<MessageRequest> choice =
      ParseMessageRequest(R"({"choice":"barrier.logement","id":"0123456789abcdef0123"})");
  ASSERT_TRUE(choice.ok()) << choice.status().message();
  EXPECT_EQ(choice->choice, "barrier.logement");
  EXPECT_EQ(choice->text, "");
}

TEST(WebChatRequestTest, MalformedRequestsAreRefusedSayingWhat) {
  const auto error = [](std::string_view body) {
    Result<MessageRequest> r = ParseMessageRequest(body);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << body;
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error("not json"), "the body must be a JSON object");
  EXPECT_EQ(error(R"(["text"])"), "the body must be a JSON object");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef","text":"a","choice":"b"})"),
            "send either 'text' or 'choice'");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef"})"), "send either 'text' or 'choice'");
  EXPECT_EQ(error(R"({"id":"short","text":"a"})"),
            "'id' must be 16 to 64 letters, digits, '-' or '_'");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef<>","text":"a"})"),
            "'id' must be 16 to 64 letters, digits, '-' or '_'");
  EXPECT_EQ(error(R"({"text":"a"})"), "'id' must be 16 to 64 letters, digits, '-' or '_'");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef","text":"a","from":"x"})"), "unknown member 'from'");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef","text":3})"), "'text' must be a string");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef","text":"   "})"), "'text' is empty");
  EXPECT_EQ(error(R"({"id":"0123456789abcdef","text":"\udc00"})"), "the body must be a JSON object");
  const std::string longest(kMaxTextBytes, 'a');
  EXPECT_TRUE(
      ParseMessageRequest(json{{"id", kId}, {"text", longest}}.dump()).ok());
  EXPECT_EQ(error(json{{"id", kId}, {"text", longest + "a"}}.dump()),
            "'text' is longer than 1000 bytes");
}

TEST(WebChatRepliesTest, RepliesCarryChoicesLanguageAndDirection) {
  dialogs::Reply question{"Question ?", {{"b_logement", "Logement"}, {"b_sante", "Santé"}},
                          "{n} {label}", false, "Choisir"};
  dialogs::Reply arabic{"سؤال", {{"yes", "نعم"}}, "{n} {label}", true, ""};
  const json out = json::parse(RepliesToJson({question, arabic}, "ar"));
  ASSERT_EQ(out["replies"].size(), 2u);
  EXPECT_EQ(out["replies"][0],
            json({{"text", "Question ?"},
                  {"choices", {{{"id", "b_logement"}, {"label", "Logement"}},
                               {{"id", "b_sante"}, {"label", "Santé"}}}},
                  {"lang", "ar"},
                  {"dir", "ltr"}}));
  EXPECT_EQ(out["replies"][1]["dir"], "rtl");
  EXPECT_EQ(out["replies"][1]["choices"][0]["label"], "نعم");
  // A retried message's stored replies come without the language.
  const json retried = json::parse(RepliesToJson({arabic}, ""));
  EXPECT_FALSE(retried["replies"][0].contains("lang"));
  EXPECT_EQ(retried["replies"][0]["dir"], "rtl");
  EXPECT_EQ(json::parse(RepliesToJson({}, "fr")), json({{"replies", json::array()}}));
}

TEST(WebChatCookieTest, OnlyAWellFormedAddressIsTaken) {
  const std::string address(32, 'a');
  EXPECT_EQ(AddressFromCookies("levier_chat=" + address), address);
  EXPECT_EQ(AddressFromCookies("x=1; levier_chat=" + address + "; y=2"), address);
  EXPECT_EQ(AddressFromCookies("levier_chat=" + std::string(31, 'a')), std::nullopt);
  EXPECT_EQ(AddressFromCookies("levier_chat=" + std::string(32, 'A')), std::nullopt);
  EXPECT_EQ(AddressFromCookies("levier_chat=" + std::string(30, 'a') + "zz"), std::nullopt);
  EXPECT_EQ(AddressFromCookies("other_chat=" + address), std::nullopt);
  EXPECT_EQ(AddressFromCookies(""), std::nullopt);
}

TEST(WebChatCookieTest, NewAddressesAreRandomHex) {
  const std::string a = NewAddress();
  const std::string b = NewAddress();
  EXPECT_EQ(a.size(), 2 * kAddressBytes);
  EXPECT_NE(a, b);
  EXPECT_EQ(AddressFromCookies("levier_chat=" + a), a);
}

TEST(WebChatCookieTest, CookieIsHttpOnlyLaxScopedAndSecureUnlessAsked) {
  const std::string address(32, 'b');
  EXPECT_EQ(AddressCookie(address, true),
            "levier_chat=" + address +
                "; Path=/chat; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(AddressCookie(address, false).find("Secure"), std::string::npos);
  EXPECT_NE(AddressCookie(address, false).find("HttpOnly"), std::string::npos);
}

TEST(WebChatMessageIdTest, ScopedToTheAddress) {
  const std::string a(32, 'a');
  const std::string b(32, 'b');
  EXPECT_EQ(MessageIdFor(a, kId), MessageIdFor(a, kId));
  EXPECT_NE(MessageIdFor(a, kId), MessageIdFor(b, kId));
  EXPECT_EQ(MessageIdFor(a, kId).find(a), std::string::npos);
}

}  // namespace
}  // namespace levier::channels::webchat
