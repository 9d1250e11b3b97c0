// Notifications (platform spec 3.2) into messages and delivery reports.
#include "levier/channels/whatsapp/notification.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace levier::channels::whatsapp {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

constexpr const char* kPhoneId = "106540352242922";

std::string Wrap(const json& value, const char* phone_id = kPhoneId) {
  json v = value;
  v["messaging_product"] = "whatsapp";
  v["metadata"] = {{"display_phone_number", "15550783881"}, {"phone_number_id", phone_id}};
  return json{{"object", "whatsapp_business_account"},
              {"entry", json::array({{{"id", "1"},
                                      {"changes", json::array({{{"field", "messages"},
                                                                {"value", v}}})}}})}}
      .dump();
}

json Msg(const std::string& id, const json& content) {
  json m = content;
  m["from"] = "16505551234";
  m["id"] = id;
  m["timestamp"] = "1749416383";
  return m;
}

TEST(WhatsAppNotificationTest, TextInteractiveTemplateButtonAndCaptionAreRead) {
  Result<Notification> n = ParseNotification(
      Wrap({{"messages",
             json::array(
                 {Msg("wamid.1", {{"type", "text"}, {"text", {{"body", "Bonjour"}}}}),
                  Msg("wamid.2", {{"type", "interactive"},
                                  {"interactive", {{"type", "button_reply"},
                                                   {"button_reply", {{"id", "yes"}, {"title", "Oui"}}}}}}),
                  Msg("wamid.3", {{"type", "interactive"},
                                  {"interactive", {{"type", "list_reply"},
                                                   {"list_reply", {{"id", "barrier.logement"},
                                                                   {"title", "Logement"}}}}}}),
                  Msg("wamid.4", {{"type", "button"}, {"button", {{"payload", "p"}, {"text", "Oui"}}}}),
                  Msg("wamid.5", {{"type", "image"}, {"image", {{"id", "9"}, {"caption", "mon CV"}}}})})}}),
      kPhoneId);
  ASSERT_TRUE(n.ok()) << n.status().message();
  ASSERT_EQ(n->messages.size(), 5u);
  EXPECT_EQ(n->messages[0].from, "16505551234");
  EXPECT_EQ(n->messages[0].id, "wamid.1");
  EXPECT_EQ(n->messages[0].timestamp, 1749416383);
  EXPECT_EQ(n->messages[0].text, "Bonjour");
  EXPECT_EQ(n->messages[1].choice, "yes");
  EXPECT_EQ(n->messages[2].choice, "barrier.logement");
  EXPECT_EQ(n->messages[3].text, "Oui");
  EXPECT_EQ(n->messages[4].text, "mon CV");
  for (const WaMessage& m : n->messages) EXPECT_FALSE(m.unreadable);
}

TEST(WhatsAppNotificationTest, VoiceNotesStickersAndUncaptionedImagesAreUnreadable) {
  Result<Notification> n = ParseNotification(
      Wrap({{"messages", json::array({Msg("a", {{"type", "audio"}, {"audio", {{"id", "1"}}}}),
                                      Msg("b", {{"type", "sticker"}, {"sticker", {{"id", "2"}}}}),
                                      Msg("c", {{"type", "image"}, {"image", {{"id", "3"}}}}),
                                      Msg("d", {{"type", "location"}, {"location", {{"latitude", 1}}}}),
                                      Msg("e", {{"type", "unsupported"}})})}}),
      kPhoneId);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->messages.size(), 5u);
  for (const WaMessage& m : n->messages) {
    EXPECT_TRUE(m.unreadable) << m.id;
    EXPECT_EQ(m.text, "");
  }
}

TEST(WhatsAppNotificationTest, ReactionsSystemMessagesAndOtherNumbersAreLeftOut) {
  Result<Notification> n = ParseNotification(
      Wrap({{"messages", json::array({Msg("r", {{"type", "reaction"},
                                                {"reaction", {{"message_id", "x"}, {"emoji", "👍"}}}}),
                                      Msg("s", {{"type", "system"}})})}}),
      kPhoneId);
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->messages.empty());
  Result<Notification> other = ParseNotification(
      Wrap({{"messages", json::array({Msg("t", {{"type", "text"}, {"text", {{"body", "x"}}}})})}},
           "999"),
      kPhoneId);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->messages.empty());
}

TEST(WhatsAppNotificationTest, StatusesAreReportsWithTheirErrorCode) {
  Result<Notification> n = ParseNotification(
      Wrap({{"statuses",
             json::array({{{"id", "wamid.A"}, {"status", "read"}, {"timestamp", "1"}},
                          {{"id", "wamid.B"},
                           {"status", "failed"},
                           {"errors", json::array({{{"code", 131047}, {"title", "Re-engagement"}}})}}})}}),
      kPhoneId);
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->messages.empty());
  ASSERT_EQ(n->statuses.size(), 2u);
  EXPECT_EQ(n->statuses[0].id, "wamid.A");
  EXPECT_EQ(n->statuses[0].status, "read");
  EXPECT_EQ(n->statuses[1].error_code, 131047);
}

TEST(WhatsAppNotificationTest, MalformedBodiesAreRefusedWithAReason) {
  for (const std::string& body :
       {std::string("not json"), std::string("[]"), std::string(R"({"object":"page","entry":[]})"),
        std::string(R"({"object":"whatsapp_business_account"})"),
        Wrap({{"messages", json::array({{{"id", "x"}, {"type", "text"}}})}}),  // no from
        Wrap({{"messages", json::array({{{"from", "+33 6"}, {"id", "x"}, {"type", "text"}}})}}),
        Wrap({{"messages", json::array({{{"from", "336"}, {"type", "text"}}})}}),  // no id
        Wrap({{"statuses", json::array({{{"status", "read"}}})}})}) {
    Result<Notification> n = ParseNotification(body, kPhoneId);
    EXPECT_FALSE(n.ok()) << body;
    if (!n.ok()) {
      EXPECT_FALSE(n.status().message().empty());
    }
  }
}

TEST(WhatsAppNotificationTest, TooManyItemsAreRefused) {
  json messages = json::array();
  for (std::size_t i = 0; i <= kMaxNotificationItems; ++i) {
    messages.push_back(Msg("m" + std::to_string(i), {{"type", "text"}, {"text", {{"body", "x"}}}}));
  }
  EXPECT_FALSE(ParseNotification(Wrap({{"messages", messages}}), kPhoneId).ok());
}

}  // namespace
}  // namespace levier::channels::whatsapp
