// The web chat end to end against the real server: the page and its
// headers, the texts from the language files, whole conversations through
// POST /chat/api/messages, the cookie, the origin check, the limits, and
// privacy. The page itself runs in Chromium in tests/node/webchat_browser.mjs.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

#include "levier/net/http_client.h"
#include "server_process.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

using nlohmann::json;
namespace http = net::http;

constexpr const char* kOrigin = "https://levier.test";  // ServerProcess::kPublicUrl's

json LanguageFile(const std::string& code) {
  std::ifstream in(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default/lang/" + code + ".json");
  return json::parse(in);
}

struct Answer {
  int status = 0;
  json body;
  std::string set_cookie;
  std::string retry_after;
  std::string raw;
};

class WebChatTest : public ::testing::Test {
 protected:
  void Start(const std::map<std::string, std::string>& env = {}) {
    ServerProcess::Options options;
    options.env = env;
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  net::HttpResponse Send(http::verb verb, const std::string& target, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {}) {
    net::HttpRequest request{verb, "/", 11};
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    if (!body.empty()) request.prepare_payload();
    Result<net::HttpResponse> r = net::SendHttpRequest(server_->base_url() + target,
                                                       std::move(request), std::chrono::seconds(30));
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }

  // One message as the page posts it; the cookie kept as a browser would.
  Answer Post(const json& message, const std::string& origin = kOrigin,
              const std::string& content_type = "application/json") {
    return PostRaw(message.dump(), origin, content_type);
  }
  Answer PostRaw(const std::string& body, const std::string& origin = kOrigin,
                 const std::string& content_type = "application/json") {
    std::map<std::string, std::string> headers{{"Content-Type", content_type}};
    if (!origin.empty()) headers["Origin"] = origin;
    if (!cookie_.empty()) headers["Cookie"] = cookie_;
    net::HttpResponse res = Send(http::verb::post, "/chat/api/messages", body, headers);
    Answer answer;
    answer.status = res.result_int();
    answer.raw = res.body();
    answer.body = json::parse(res.body(), nullptr, false);
    answer.set_cookie = std::string(res[http::field::set_cookie]);
    answer.retry_after = std::string(res[http::field::retry_after]);
    if (!answer.set_cookie.empty()) cookie_ = answer.set_cookie.substr(0, answer.set_cookie.find(';'));
    return answer;
  }
  std::string NextId() { return "test-message-" + std::to_string(1000 + ++ids_); }
  Answer Choose(const std::string& choice) { return Post({{"id", NextId()}, {"choice", choice}}); }
  Answer Text(const std::string& text) { return Post({{"id", NextId()}, {"text", text}}); }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string cookie_;  // "levier_chat=..."
  int ids_ = 0;
};

// The last reply's choices, by position.
std::string ChoiceAt(const Answer& a, std::size_t i) {
  const json& last = a.body["replies"].back();
  EXPECT_GT(last["choices"].size(), i) << a.raw;
  return last["choices"].size() > i ? last["choices"][i]["id"].get<std::string>() : "";
}

TEST_F(WebChatTest, PageIsServedWithStrictHeadersAndCompressed) {
  Start();
  std::size_t compressed = 0;
  for (const char* path : {"/chat", "/chat/chat.css", "/chat/chat.js"}) {
    SCOPED_TRACE(path);
    net::HttpResponse plain = Send(http::verb::get, path);
    ASSERT_EQ(plain.result_int(), 200);
    const std::string csp(plain["Content-Security-Policy"]);
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
    EXPECT_EQ(plain["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(plain["Referrer-Policy"], "no-referrer");
    EXPECT_TRUE(plain[http::field::content_encoding].empty());
    net::HttpResponse gzip = Send(http::verb::get, path, "", {{"Accept-Encoding", "gzip, br"}});
    ASSERT_EQ(gzip.result_int(), 200);
    EXPECT_EQ(gzip[http::field::content_encoding], "gzip");
    EXPECT_EQ(gzip.body().substr(0, 2), "\x1f\x8b");
    EXPECT_LT(gzip.body().size(), plain.body().size());
    compressed += gzip.body().size();
  }
  EXPECT_LE(compressed, 60u * 1024);
  const std::string html = Send(http::verb::get, "/chat").body();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // no other site
}

TEST_F(WebChatTest, PageTextsComeFromTheLanguageFiles) {
  Start();
  for (const char* code : {"ar", "uk", "fr"}) {
    SCOPED_TRACE(code);
    net::HttpResponse res = Send(http::verb::get, std::string("/chat/api/texts?lang=") + code);
    ASSERT_EQ(res.result_int(), 200);
    const json texts = json::parse(res.body());
    const json file = LanguageFile(code);
    EXPECT_EQ(texts["lang"], code);
    EXPECT_EQ(texts["dir"], file.value("direction", "ltr"));
    for (const char* id :
         {"web_title", "web_language", "web_message", "web_placeholder", "web_send", "web_error"}) {
      EXPECT_EQ(texts["texts"][id], file["texts"][id]) << id;
    }
    ASSERT_EQ(texts["languages"].size(), 7u);
    EXPECT_EQ(texts["languages"][2]["name"], LanguageFile("ar")["name"]);
    EXPECT_EQ(texts["languages"][2]["dir"], "rtl");
  }
  // An unknown language gets the default one.
  EXPECT_EQ(json::parse(Send(http::verb::get, "/chat/api/texts?lang=xx").body())["lang"], "fr");
}

TEST_F(WebChatTest, ConversationByChoicesReachesProvidersWithoutConsentQuestion) {
  Start();
  Answer a = Choose("fr");
  ASSERT_EQ(a.status, 200) << a.raw;
  // The first answer sets the address cookie.
  EXPECT_EQ(a.set_cookie.rfind("levier_chat=", 0), 0u) << a.set_cookie;
  EXPECT_NE(a.set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(a.set_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(a.set_cookie.find("Path=/chat"), std::string::npos);
  EXPECT_NE(a.set_cookie.find("Secure"), std::string::npos);  // the public URL is https
  const json fr = LanguageFile("fr");
  ASSERT_EQ(a.body["replies"].size(), 2u) << a.raw;
  EXPECT_EQ(a.body["replies"][0]["text"], fr["texts"]["greeting"]);
  EXPECT_EQ(a.body["replies"][0]["lang"], "fr");
  EXPECT_EQ(a.body["replies"][0]["dir"], "ltr");
  // Transport, then the first commune: providers.
  a = Choose(ChoiceAt(a, 3));
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_TRUE(a.set_cookie.empty());  // the cookie is kept
  a = Choose(ChoiceAt(a, 0));
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(Query("SELECT COUNT(DISTINCT pseudonym) FROM referrals WHERE channel = 'web'"), "1");
  EXPECT_NE(Query("SELECT COUNT(*) FROM referrals WHERE channel = 'web'"), "0");
  // Nothing can reach a web page later: no follow-up consent is asked.
  const std::string consent = fr["texts"]["ask_followup"];
  EXPECT_EQ(a.raw.find(json(consent).dump().substr(1, 30)), std::string::npos);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox"), "0");
  // `levier report` counts them under their channel.
  ASSERT_EQ(server_->Stop(), 0);
  const CommandResult report =
      RunLevier({"report", "--db", server_->db_path().string(), "--kb",
                 std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json channels = json::parse(report.out)["breakdowns"]["channel"];
  ASSERT_EQ(channels.size(), 1u) << report.out;
  EXPECT_EQ(channels[0]["channel"], "web");
  EXPECT_EQ(channels[0]["participants"], 1);
}

TEST_F(WebChatTest, ArabicRepliesAreRightToLeft) {
  Start();
  Answer a = Text("مرحبا، أبحث عن عمل ولا أملك سيارة");
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_FALSE(a.body["replies"].empty()) << a.raw;
  for (const json& reply : a.body["replies"]) {
    EXPECT_EQ(reply["lang"], "ar");
    EXPECT_EQ(reply["dir"], "rtl");
  }
  // The switch: French's code as a choice, at the question, is French.
  a = Choose("fr");
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_FALSE(a.body["replies"].empty()) << a.raw;
  EXPECT_EQ(a.body["replies"].back()["lang"], "fr");
  EXPECT_EQ(a.body["replies"].back()["dir"], "ltr");
}

TEST_F(WebChatTest, SameMessageIdTwiceIsSteppedOnce) {
  Start();
  ASSERT_EQ(Choose("fr").status, 200);
  const json message{{"id", "retry-0123456789abcdef"}, {"text", "4"}};
  const Answer first = Post(message);
  const Answer again = Post(message);
  ASSERT_EQ(first.status, 200) << first.raw;
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["replies"].size(), first.body["replies"].size());
  EXPECT_EQ(again.body["replies"][0]["text"], first.body["replies"][0]["text"]);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages WHERE channel = 'web'"), "2");
  // The page's ids are its own: another resident with the same id is a new message.
  cookie_.clear();
  const Answer other = Post(message);
  ASSERT_EQ(other.status, 200) << other.raw;
  EXPECT_FALSE(other.set_cookie.empty());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages WHERE channel = 'web'"), "3");
}

// kill -9 after an answer: the page's retry of that message (same id, same
// cookie) gets the same replies from the restarted server, not a second step.
TEST_F(WebChatTest, AnAnsweredMessageSurvivesACrashAndItsRetryIsNotSteppedAgain) {
  Start();
  ASSERT_EQ(Choose("fr").status, 200);
  const json message{{"id", "crash-0123456789abcdef"}, {"text", "4"}};
  const Answer before = Post(message);
  ASSERT_EQ(before.status, 200) << before.raw;
  server_->Kill();
  Start();
  const Answer retried = Post(message);
  ASSERT_EQ(retried.status, 200) << retried.raw;
  EXPECT_EQ(retried.body["replies"].size(), before.body["replies"].size());
  EXPECT_EQ(retried.body["replies"][0]["text"], before.body["replies"][0]["text"]);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages WHERE channel = 'web'"), "2");
  // The conversation goes on where it was: the commune answers the question.
  const Answer next = Choose(ChoiceAt(before, 0));
  ASSERT_EQ(next.status, 200) << next.raw;
  EXPECT_NE(Query("SELECT COUNT(*) FROM referrals WHERE channel = 'web'"), "0");
}

TEST_F(WebChatTest, OtherOriginsAreRefusedAndNothingIsStored) {
  Start();
  for (const char* origin : {"", "https://evil.example", "http://levier.test", "null"}) {
    SCOPED_TRACE(origin);
    const Answer a = Post({{"id", NextId()}, {"text", "Bonjour"}}, origin);
    EXPECT_EQ(a.status, 403);
    EXPECT_TRUE(a.body.contains("error")) << a.raw;
    EXPECT_TRUE(a.set_cookie.empty());
  }
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
}

TEST_F(WebChatTest, MalformedRequestsGetClearJsonErrors) {
  Start();
  Answer a = PostRaw("text=Bonjour", kOrigin, "application/x-www-form-urlencoded");
  EXPECT_EQ(a.status, 415);
  EXPECT_EQ(a.body["error"], "expected application/json");
  a = PostRaw("{\"id\": 1");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.body["error"], "the body must be a JSON object");
  a = Post({{"id", NextId()}, {"text", std::string(1001, 'a')}});
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.body["error"], "'text' is longer than 1000 bytes");
  a = Post({{"id", NextId()}, {"text", std::string(5000, 'a')}});
  EXPECT_EQ(a.status, 413);
  EXPECT_TRUE(a.body.contains("error")) << a.raw;
  a = Post({{"text", "Bonjour"}});
  EXPECT_EQ(a.status, 400);
  // Hostile bodies: deep nesting, invalid UTF-8.
  a = PostRaw(std::string(4000, '['));
  EXPECT_EQ(a.status, 400);
  a = PostRaw("{\"id\":\"0123456789abcdef\",\"text\":\"\xff\xfe\"}");
  EXPECT_EQ(a.status, 400);

  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
  EXPECT_TRUE(cookie_.empty());
}

TEST_F(WebChatTest, RightToLeftOverridesAreAnsweredAndTheServerKeepsServing) {
  Start();
  std::string overrides;
  for (int i = 0; i < 300; ++i) overrides += "\u202e";
  const Answer a = Post({{"id", NextId()}, {"text", overrides}});
  EXPECT_EQ(a.status, 200) << a.raw;
  EXPECT_FALSE(a.body["replies"].empty()) << a.raw;
  EXPECT_EQ(Choose("fr").status, 200);
}

TEST_F(WebChatTest, EachClientAddressHasAnAllowance) {
  Start({{"LEVIER_WEBCHAT_MESSAGES_PER_MINUTE", "3"}});
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Text("Bonjour").status, 200) << i;
  // A new cookie does not reset it: the limit is per client address.
  cookie_.clear();
  const Answer limited = Text("Bonjour");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body["error"], "too many messages, retry later");
  EXPECT_FALSE(limited.retry_after.empty());
  EXPECT_GE(std::stoi(limited.retry_after), 1);
}

TEST_F(WebChatTest, TheAddressAndTheWordsNeverReachTheDatabaseOrTheLog) {
  Start({{"LEVIER_LOG_LEVEL", "debug"}});
  ASSERT_EQ(Choose("fr").status, 200);
  ASSERT_EQ(Text("mon voisin Zorglub n'a pas de voiture").status, 200);
  ASSERT_EQ(cookie_.size(), std::string("levier_chat=").size() + 32);
  const std::string address = cookie_.substr(cookie_.find('=') + 1);
  ASSERT_EQ(server_->Stop(), 0);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    const std::string content = ReadFile(entry.path());
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(content.find(address), std::string::npos);
    EXPECT_EQ(content.find(address.substr(0, 12)), std::string::npos);
    EXPECT_EQ(content.find("Zorglub"), std::string::npos);
  }
}

TEST_F(WebChatTest, OffWhenAsked) {
  Start({{"LEVIER_WEBCHAT", "off"}});
  EXPECT_EQ(Send(http::verb::get, "/chat").result_int(), 404);
  EXPECT_EQ(Post({{"id", NextId()}, {"text", "Bonjour"}}).status, 404);
}

}  // namespace
}  // namespace levier::testing
