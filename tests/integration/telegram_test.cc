// The Telegram channel against the real server on loopback, with a fake Bot
// API (fake_telegram_api.h) for what Levier sends: the secret check, the
// Update kinds, the answer to a button press in the webhook's response,
// deep links, redelivery, the configuration and `levier telegram
// set-webhook`.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_telegram_api.h"
#include "levier/net/http_client.h"
#include "server_process.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

constexpr const char* kSecretToken = "Levier_webhook-Secret_0123456789";
// Distinctive enough to be found if it were ever written in clear.
constexpr std::int64_t kChatId = 7351946820;

struct WebhookAnswer {
  int status = 0;
  std::string content_type;
  std::string body;
};

json Message(std::int64_t update_id, const std::string& text, const std::string& language = "fr") {
  json update{{"update_id", update_id},
              {"message",
               {{"message_id", update_id + 1000},
                {"from",
                 {{"id", kChatId}, {"is_bot", false}, {"first_name", "Amina"},
                  {"language_code", language}}},
                {"chat", {{"id", kChatId}, {"first_name", "Amina"}, {"type", "private"}}},
                {"date", 1760000000},
                {"text", text}}}};
  if (text.rfind("/start", 0) == 0) {  // as Telegram marks a command
    update["message"]["entities"] = json::array(
        {{{"type", "bot_command"}, {"offset", 0}, {"length", 6}}});
  }
  return update;
}

json Press(std::int64_t update_id, const std::string& data, const std::string& query_id) {
  return json{{"update_id", update_id},
              {"callback_query",
               {{"id", query_id},
                {"from", {{"id", kChatId}, {"is_bot", false}, {"first_name", "Amina"}}},
                {"message",
                 {{"message_id", 77},
                  {"from", {{"id", 7512346890}, {"is_bot", true}, {"first_name", "Levier"}}},
                  {"chat", {{"id", kChatId}, {"type", "private"}}},
                  {"date", 1760000000},
                  {"text", "?"}}},
                {"chat_instance", "-4836201"},
                {"data", data}}}};
}

json Sticker(std::int64_t update_id) {
  json update = Message(update_id, "");
  update["message"].erase("text");
  update["message"]["sticker"] = {{"file_id", "CAACAgIAAxkBAAEB"}, {"file_unique_id", "AgADBQAD"},
                                  {"type", "regular"}, {"width", 512}, {"height", 512},
                                  {"is_animated", false}, {"is_video", false}};
  return update;
}

class TelegramTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start() {
    ServerProcess::Options options;
    options.env = {{"LEVIER_TELEGRAM_BOT_TOKEN", kTelegramBotToken},
                   {"LEVIER_TELEGRAM_SECRET_TOKEN", kSecretToken},
                   {"LEVIER_TELEGRAM_API_BASE", api_.base_url()}};
    server_.reset();
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  // POSTs `body` as Telegram does; `secret` nullopt = no header.
  WebhookAnswer Post(const std::string& body,
                     const std::optional<std::string>& secret = std::string(kSecretToken),
                     const std::string& content_type = "application/json") {
    net::HttpRequest request{net::http::verb::post, "/webhooks/telegram", 11};
    request.set(net::http::field::content_type, content_type);
    if (secret) request.set("X-Telegram-Bot-Api-Secret-Token", *secret);
    request.body() = body;
    Result<net::HttpResponse> response = net::SendHttpRequest(
        server_->base_url() + "/webhooks/telegram", std::move(request), std::chrono::seconds(30));
    if (!response.ok()) {
      ADD_FAILURE() << response.status().ToString();
      return {};
    }
    return {static_cast<int>(response->result_int()),
            std::string((*response)[net::http::field::content_type]), response->body()};
  }
  WebhookAnswer Post(const json& update) { return Post(update.dump()); }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }
  int Processed() { return std::stoi(Query("SELECT count(*) FROM processed_messages")); }
  std::string SessionState() { return Query("SELECT coalesce(max(state), '') FROM sessions"); }
  // The neutral replies stored for update `update_id` (what the outbox sends).
  json StoredReplies(std::int64_t update_id) {
    return json::parse(Query("SELECT reply FROM processed_messages WHERE channel = 'telegram' AND "
                             "message_id = '" + std::to_string(update_id) + "'"))["replies"];
  }

  // Waits (up to 20 s) until the fake Bot API holds `count` sendMessage
  // calls, and returns them all.
  std::vector<BotApiCall> WaitForSent(std::size_t count) {
    for (int i = 0; i < 200 && api_.sent().size() < count; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return api_.sent();
  }

  TempDir dir_;
  FakeTelegramApi api_;
  std::unique_ptr<ServerProcess> server_;
};

// The sendMessage bodies the stored neutral replies of update `update_id`
// must have become: one per reply, its text, and a keyboard of its choices.
void ExpectSentInOrder(const json& replies, const std::vector<BotApiCall>& sent,
                       std::size_t first, std::int64_t chat_id) {
  ASSERT_GE(sent.size(), first + replies.size());
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const json& body = sent[first + i].body;
    EXPECT_EQ(body["chat_id"], chat_id);
    EXPECT_EQ(body["text"], replies[i]["text"]) << i;
    const json choices = replies[i].value("choices", json::array());
    ASSERT_EQ(body.contains("reply_markup"), !choices.empty()) << i;
    for (std::size_t c = 0; c < choices.size(); ++c) {
      EXPECT_EQ(body["reply_markup"]["inline_keyboard"][c][0],
                (json{{"text", choices[c]["label"]}, {"callback_data", choices[c]["id"]}}));
    }
  }
}

// True when `call` carries a button whose callback_data is `id`.
bool Offers(const BotApiCall& call, const std::string& id) {
  if (!call.body.contains("reply_markup")) return false;
  for (const json& row : call.body["reply_markup"]["inline_keyboard"]) {
    if (row[0]["callback_data"] == id) return true;
  }
  return false;
}

TEST_F(TelegramTest, WrongOrMissingSecretIsRefusedAndNothingIsStored) {
  const std::string update = Message(1, "Bonjour").dump();
  for (const std::optional<std::string>& secret :
       {std::optional<std::string>(), std::optional<std::string>(""),
        std::optional<std::string>("Levier_webhook-Secret_012345678"),
        std::optional<std::string>(std::string(kSecretToken) + "0")}) {
    const WebhookAnswer answer = Post(update, secret);
    EXPECT_EQ(answer.status, 401) << secret.value_or("(none)");
    EXPECT_EQ(answer.body, "secret token is wrong\n");
  }
  EXPECT_EQ(Processed(), 0);
  EXPECT_EQ(Query("SELECT count(*) FROM sessions"), "0");
  EXPECT_EQ(Post(update).status, 200);
  EXPECT_EQ(Processed(), 1);
}

// Wrong secrets count against the address with every other failed
// authentication (rate_limits.per_address_per_minute, 10 by default).
TEST_F(TelegramTest, RepeatedWrongSecretsFromOneAddressAreLimited) {
  const std::string update = Message(1, "Bonjour").dump();
  for (int i = 0; i < 10; ++i) ASSERT_EQ(Post(update, std::string("wrong")).status, 401) << i;
  net::HttpRequest request{net::http::verb::post, "/webhooks/telegram", 11};
  request.set(net::http::field::content_type, "application/json");
  request.set("X-Telegram-Bot-Api-Secret-Token", "wrong");
  request.body() = update;
  Result<net::HttpResponse> limited = net::SendHttpRequest(
      server_->base_url() + "/webhooks/telegram", std::move(request), std::chrono::seconds(30));
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->result_int(), 429u);
  EXPECT_FALSE((*limited)[net::http::field::retry_after].empty());
  EXPECT_EQ(Processed(), 0);
}

TEST_F(TelegramTest, MalformedUpdateIsRefusedWithAClearBodyAndNothingIsStored) {
  WebhookAnswer a = Post(std::string(R"({"update_id": 5, "message": {)"));
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.body, "the body is not a JSON object (malformed Update)\n");
  WebhookAnswer b = Post(json{{"update_id", 6}, {"message", {{"text", "x"}}}}.dump());
  EXPECT_EQ(b.status, 400);
  EXPECT_NE(b.body.find("chat.id"), std::string::npos);
  EXPECT_EQ(Post(Message(7, "Bonjour").dump(), std::string(kSecretToken), "text/plain").status,
            415);
  EXPECT_EQ(Processed(), 0);
}

// Hostile updates with the right secret: each gets its exact status,
// nothing is stored, and the server keeps serving.
TEST_F(TelegramTest, HostileUpdatesAreRefusedAndTheServerKeepsServing) {
  const std::string deep = R"({"update_id":1,"message":{"chat":{"id":1,"type":"private"},"x":)" +
                           std::string(5000, '[') + std::string(5000, ']') + "}}";
  EXPECT_EQ(Post(deep).status, 400);
  EXPECT_EQ(Post(std::string(R"({"update_id":2,"message":{"chat":{"id":1,"type":"private"},)"
                             "\"text\":\"\xc3\x28\"}}"))
                .status,
            400);  // invalid UTF-8
  EXPECT_EQ(Post(std::string(R"({"update_id":1e400})")).status, 400);
  EXPECT_EQ(Post(std::string(R"({"update_id":3,"message":{"chat":{"id":1.5,"type":"private"}}})"))
                .status,
            400);
  // A repeated key is JSON the parser takes (one value kept); nothing to read.
  EXPECT_EQ(Post(std::string(R"({"update_id":4,"update_id":5})")).status, 200);
  std::string huge = Message(6, std::string(70 * 1024, 'a')).dump();
  EXPECT_EQ(Post(huge).status, 413);  // over the server's body limit
  EXPECT_EQ(Processed(), 0);
  // A text of Telegram's full 4,096 characters, right-to-left overrides
  // and all, is just a message.
  std::string long_text;
  for (int i = 0; i < 1024; ++i) long_text += "\u202e\u0645a ";
  ASSERT_EQ(Post(Message(7, long_text)).status, 200);
  EXPECT_EQ(Processed(), 1);
}

TEST_F(TelegramTest, GroupMessagesAndOtherUpdatesAreAcknowledgedAndIgnored) {
  json group = Message(10, "Bonjour");
  group["message"]["chat"] = {{"id", -1001234567890LL}, {"title", "Quartier"}, {"type", "supergroup"}};
  EXPECT_EQ(Post(group).status, 200);
  json edited{{"update_id", 11},
              {"edited_message", Message(11, "Bonsoir")["message"]}};
  EXPECT_EQ(Post(edited).status, 200);
  EXPECT_EQ(Processed(), 0);
}

// The press is answered in the webhook's own response (platform spec
// §4.4), and steps the dialog as the choice's number typed would.
TEST_F(TelegramTest, CallbackQueryIsAnsweredInTheResponseAndPicksTheChoice) {
  ASSERT_EQ(Post(Message(20, "Bonjour")).status, 200);
  const json question = StoredReplies(20).back();
  ASSERT_GE(question["choices"].size(), 2u) << question.dump();
  const std::string choice = question["choices"][1]["id"];
  const std::string before = SessionState();

  const WebhookAnswer answer = Post(Press(21, choice, "4382bfdwdsb323b2d9"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(json::parse(answer.body),
            (json{{"method", "answerCallbackQuery"}, {"callback_query_id", "4382bfdwdsb323b2d9"}}));
  EXPECT_NE(SessionState(), before);
  EXPECT_EQ(Processed(), 2);
  EXPECT_FALSE(StoredReplies(21).empty());
}

TEST_F(TelegramTest, PressThatCannotBeReadIsStillAnswered) {
  json no_data = Press(30, "x", "q-without-data");
  no_data["callback_query"].erase("data");
  const WebhookAnswer answer = Post(no_data);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(json::parse(answer.body)["callback_query_id"], "q-without-data");
  EXPECT_EQ(Processed(), 0);
}

// A bare /start (what the Start button sends) has nothing to guess the
// language from: the app's language_code picks it instead of the menu.
TEST_F(TelegramTest, BareStartBeginsInTheAppLanguage) {
  ASSERT_EQ(Post(Message(40, "/start", "en")).status, 200);
  EXPECT_NE(SessionState().find(R"("language":"en")"), std::string::npos) << SessionState();
  EXPECT_EQ(SessionState().find(R"("awaiting":"language")"), std::string::npos) << SessionState();
}

// t.me/<bot>?start=PAYLOAD arrives as "/start PAYLOAD": the payload is the
// message (here, a language's name, which wins over the app's language).
TEST_F(TelegramTest, StartPayloadIsReadAsTheMessage) {
  ASSERT_EQ(Post(Message(50, "/start English", "tr")).status, 200);
  EXPECT_NE(SessionState().find(R"("language":"en")"), std::string::npos) << SessionState();
}

TEST_F(TelegramTest, RedeliveredUpdateIsSteppedOnce) {
  ASSERT_EQ(Post(Message(60, "Bonjour")).status, 200);
  const std::string choice = StoredReplies(60).back()["choices"][0]["id"];
  ASSERT_EQ(Post(Press(61, choice, "q1")).status, 200);
  const std::string after_first = SessionState();
  // Telegram did not see the 200 and delivers update 61 again.
  const WebhookAnswer again = Post(Press(61, choice, "q1"));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["callback_query_id"], "q1");
  EXPECT_EQ(SessionState(), after_first);
  EXPECT_EQ(Processed(), 2);
  // A text redelivered is not stepped again either.
  ASSERT_EQ(Post(Message(62, "1")).status, 200);
  const std::string after_text = SessionState();
  ASSERT_EQ(Post(Message(62, "1")).status, 200);
  EXPECT_EQ(SessionState(), after_text);
  EXPECT_EQ(Processed(), 3);
  // Nor are its replies sent twice.
  const std::size_t replies =
      StoredReplies(60).size() + StoredReplies(61).size() + StoredReplies(62).size();
  EXPECT_EQ(WaitForSent(replies).size(), replies);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(api_.sent().size(), replies);
}

TEST_F(TelegramTest, StickerGetsAnAnswer) {
  ASSERT_EQ(Post(Sticker(70)).status, 200);
  const json replies = StoredReplies(70);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_FALSE(replies[0]["text"].get<std::string>().empty());
  const std::vector<BotApiCall> sent = WaitForSent(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body, (json{{"chat_id", kChatId}, {"text", replies[0]["text"]}}));
  EXPECT_TRUE(api_.problems().empty()) << api_.problems().front();
}

// A whole conversation typed as text, to a referral: every reply reaches
// the Bot API, in order, choices as inline keyboards.
TEST_F(TelegramTest, ConversationByTextReachesAReferralWithRepliesInOrder) {
  std::size_t sent_so_far = 0;
  std::int64_t update_id = 100;
  for (const char* text : {"Bonjour", "4", "1"}) {
    ++update_id;
    ASSERT_EQ(Post(Message(update_id, text)).status, 200) << text;
    const json replies = StoredReplies(update_id);
    ASSERT_FALSE(replies.empty()) << text;
    const std::vector<BotApiCall> sent = WaitForSent(sent_so_far + replies.size());
    ASSERT_EQ(sent.size(), sent_so_far + replies.size()) << text;
    ExpectSentInOrder(replies, sent, sent_so_far, kChatId);
    sent_so_far = sent.size();
  }
  std::string all;
  for (const BotApiCall& call : api_.sent()) all += call.body["text"].get<std::string>() + "\n";
  EXPECT_NE(all.find("Wimoov"), std::string::npos) << all;
  EXPECT_EQ(Query("SELECT count(*) > 0 FROM referrals WHERE channel = 'telegram'"), "1");
  EXPECT_TRUE(api_.problems().empty()) << api_.problems().front();
}

// The same conversation by pressing buttons: a bare /start, then the
// transport button, then the first commune.
TEST_F(TelegramTest, ConversationByButtonPressesReachesAReferral) {
  ASSERT_EQ(Post(Message(200, "/start", "fr")).status, 200);
  std::vector<BotApiCall> sent = WaitForSent(StoredReplies(200).size());
  ASSERT_FALSE(sent.empty());
  ASSERT_TRUE(Offers(sent.back(), "barrier.mobilite")) << sent.back().body.dump();

  const WebhookAnswer transport = Post(Press(201, "barrier.mobilite", "press-1"));
  ASSERT_EQ(transport.status, 200);
  EXPECT_EQ(json::parse(transport.body)["callback_query_id"], "press-1");
  const json commune_replies = StoredReplies(201);
  sent = WaitForSent(sent.size() + commune_replies.size());
  ExpectSentInOrder(commune_replies, sent, sent.size() - commune_replies.size(), kChatId);
  const json& keyboard = sent.back().body["reply_markup"]["inline_keyboard"];
  ASSERT_FALSE(keyboard.empty()) << sent.back().body.dump();
  const std::string first_commune = keyboard[0][0]["callback_data"];

  ASSERT_EQ(Post(Press(202, first_commune, "press-2")).status, 200);
  const json referral = StoredReplies(202);
  sent = WaitForSent(sent.size() + referral.size());
  ExpectSentInOrder(referral, sent, sent.size() - referral.size(), kChatId);
  std::string all;
  for (const BotApiCall& call : sent) all += call.body["text"].get<std::string>() + "\n";
  EXPECT_NE(all.find("Wimoov"), std::string::npos) << all;
  EXPECT_EQ(Query("SELECT count(*) > 0 FROM referrals WHERE channel = 'telegram'"), "1");
  EXPECT_TRUE(api_.problems().empty()) << api_.problems().front();
}

// Flood control (429 with retry_after) is retried: the reply arrives.
TEST_F(TelegramTest, FloodControlIsRetriedUntilTheReplyArrives) {
  api_.FailNext(1, 429, "Too Many Requests: retry after 1", 1);
  ASSERT_EQ(Post(Sticker(300)).status, 200);
  std::vector<BotApiCall> calls;
  for (int i = 0; i < 200; ++i) {
    calls = api_.calls();
    if (calls.size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].body, calls[1].body);
}

// kill -9 while the Bot API is down: every acknowledged update's replies
// are sent after the restart, once, in order (the crash suite's rule, for a
// channel that answers through the outbox).
TEST_F(TelegramTest, AcknowledgedRepliesSurviveAKillAndLeaveAfterTheRestart) {
  api_.FailNext(1'000'000, 502, "Bad Gateway");
  ASSERT_EQ(Post(Message(500, "Bonjour")).status, 200);
  ASSERT_EQ(Post(Message(501, "4")).status, 200);
  const std::string queued = Query("SELECT COUNT(*) FROM outbox WHERE kind = 'reply'");
  ASSERT_GE(std::stoi(queued), 3);
  server_->Kill();
  // Every attempt so far was refused (sent() counts attempts).
  const std::size_t refused = api_.sent().size();
  api_.FailNext(0, 502, "Bad Gateway");
  Start();
  const std::vector<BotApiCall> all = WaitForSent(refused + std::stoul(queued));
  ASSERT_EQ(all.size(), refused + std::stoul(queued)) << ReadFile(server_->log_path());
  const std::vector<BotApiCall> sent(all.begin() + static_cast<std::ptrdiff_t>(refused), all.end());
  // The greeting first, the question of update 501 last; none twice.
  EXPECT_NE(sent.front().body["text"].get<std::string>().find("Levier"), std::string::npos);
  EXPECT_EQ(sent.back().body["text"], StoredReplies(501).back()["text"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(api_.sent().size(), all.size());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status != 'sent'"), "0");
}

TEST_F(TelegramTest, ChatIdIsNeverStoredOrLoggedInClear) {
  ASSERT_EQ(Post(Message(80, "Bonjour")).status, 200);
  ASSERT_EQ(Post(Sticker(81)).status, 200);
  ASSERT_EQ(Post(Message(82, "1")).status, 200);
  server_->Stop();
  const std::string id = std::to_string(kChatId);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_EQ(ReadFile(entry.path()).find(id), std::string::npos) << entry.path();
  }
}

TEST(TelegramConfigTest, InvalidSecretTokenStopsTheServerWithAClearMessage) {
  TempDir dir;
  const CommandResult r = RunLevier(
      {"serve", "--listen", "127.0.0.1:0", "--db", (dir.path() / "levier.db").string(), "--dialogs",
       std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", "--kb",
       std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"},
      {{"LEVIER_TELEGRAM_BOT_TOKEN", kTelegramBotToken},
       {"LEVIER_TELEGRAM_SECRET_TOKEN", "not allowed!"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("LEVIER_TELEGRAM_SECRET_TOKEN must be 1 to 256 characters"),
            std::string::npos)
      << r.err;
}

TEST(TelegramSetWebhookTest, RegistersTheRouteWithTheSecret) {
  FakeTelegramApi api;
  const CommandResult r =
      RunLevier({"telegram", "set-webhook"},
                {{"LEVIER_TELEGRAM_BOT_TOKEN", kTelegramBotToken},
                 {"LEVIER_TELEGRAM_SECRET_TOKEN", kSecretToken},
                 {"LEVIER_TELEGRAM_API_BASE", api.base_url()},
                 {"LEVIER_PUBLIC_URL", "https://levier.example.org"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("https://levier.example.org/webhooks/telegram"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Webhook was set"), std::string::npos) << r.out;
  const std::vector<BotApiCall> calls = api.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "setWebhook");
  EXPECT_EQ(calls[0].body, (json{{"url", "https://levier.example.org/webhooks/telegram"},
                                 {"secret_token", kSecretToken},
                                 {"allowed_updates", {"message", "callback_query"}},
                                 {"drop_pending_updates", false}}));
  EXPECT_TRUE(api.problems().empty());
}

TEST(TelegramSetWebhookTest, RefusalAndMissingSettingsAreClearErrors) {
  FakeTelegramApi api;
  const std::map<std::string, std::string> env{{"LEVIER_TELEGRAM_BOT_TOKEN", kTelegramBotToken},
                                               {"LEVIER_TELEGRAM_SECRET_TOKEN", kSecretToken},
                                               {"LEVIER_TELEGRAM_API_BASE", api.base_url()},
                                               {"LEVIER_PUBLIC_URL", "https://levier.example.org"}};
  api.FailNext(1, 400, "Bad Request: bad webhook: Failed to resolve host");
  CommandResult refused = RunLevier({"telegram", "set-webhook"}, env);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("Failed to resolve host"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find(kTelegramBotToken), std::string::npos);

  auto without = [&](const std::string& name) {
    auto e = env;
    e[name] = "";
    return RunLevier({"telegram", "set-webhook"}, e);
  };
  CommandResult no_token = without("LEVIER_TELEGRAM_BOT_TOKEN");
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.err.find("LEVIER_TELEGRAM_BOT_TOKEN"), std::string::npos) << no_token.err;
  CommandResult no_url = without("LEVIER_PUBLIC_URL");
  EXPECT_EQ(no_url.exit_code, 2);
  EXPECT_NE(no_url.err.find("LEVIER_PUBLIC_URL"), std::string::npos) << no_url.err;
  EXPECT_EQ(api.calls().size(), 1u);  // only the refused one reached Telegram
}

}  // namespace
}  // namespace levier::testing
