// The WhatsApp channel end to end: the real server, signed notifications as
// Meta sends them (platform spec 3.2, 3.3), and the replies arriving at a
// fake Cloud API on loopback (fake_graph_api.h) through the outbox.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_graph_api.h"
#include "levier/channels/whatsapp/signature.h"
#include "levier/net/http_client.h"
#include "server_process.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

using nlohmann::json;

constexpr const char* kAppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kVerifyToken = "verify-7d1c0e4b9a2f";
constexpr const char* kResident = "33698765432";  // wa_id: digits, no '+'

class WhatsAppTest : public ::testing::Test {
 protected:
  void Start(const std::map<std::string, std::string>& extra_env = {},
             const std::string& config_json = "") {
    ServerProcess::Options options;
    options.env = {{"LEVIER_WHATSAPP_APP_SECRET", kAppSecret},
                   {"LEVIER_WHATSAPP_VERIFY_TOKEN", kVerifyToken},
                   {"LEVIER_WHATSAPP_ACCESS_TOKEN", kWaAccessToken},
                   {"LEVIER_WHATSAPP_PHONE_NUMBER_ID", kWaPhoneNumberId},
                   {"LEVIER_WHATSAPP_API_BASE", api_.base_url()}};
    for (const auto& [k, v] : extra_env) options.env[k] = v;
    if (!config_json.empty()) {
      const std::filesystem::path config = dir_.path() / "levier.json";
      std::ofstream(config) << config_json;
      options.extra_args = {"--config", config.string()};
    }
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  net::HttpResponse Post(const std::string& body, const std::string& signature) {
    net::HttpRequest request{net::http::verb::post, "/", 11};
    request.set(net::http::field::content_type, "application/json");
    if (!signature.empty()) request.set("X-Hub-Signature-256", signature);
    request.body() = body;
    Result<net::HttpResponse> r = net::SendHttpRequest(
        server_->base_url() + "/webhooks/whatsapp", std::move(request), std::chrono::seconds(60));
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : net::HttpResponse{};
  }
  net::HttpResponse PostSigned(const json& notification) {
    const std::string body = notification.dump();
    return Post(body, channels::whatsapp::ComputeSignature(kAppSecret, body));
  }

  // One inbound message in Meta's envelope.
  static json Envelope(const json& value) {
    json v = value;
    v["messaging_product"] = "whatsapp";
    v["metadata"] = {{"display_phone_number", "33700000000"}, {"phone_number_id", kWaPhoneNumberId}};
    return {{"object", "whatsapp_business_account"},
            {"entry", json::array({{{"id", "102290129340398"},
                                    {"changes", json::array({{{"field", "messages"},
                                                              {"value", v}}})}}})}};
  }
  static json Message(const std::string& id, const json& content,
                      const std::string& from = kResident) {
    json m = content;
    m["from"] = from;
    m["id"] = id;
    m["timestamp"] = std::to_string(std::time(nullptr));
    return Envelope({{"contacts", json::array({{{"profile", {{"name", "R"}}}, {"wa_id", from}}})},
                     {"messages", json::array({m})}});
  }
  net::HttpResponse Text(const std::string& id, const std::string& text,
                         const std::string& from = kResident) {
    return PostSigned(Message(id, {{"type", "text"}, {"text", {{"body", text}}}}, from));
  }
  net::HttpResponse Choose(const std::string& id, const std::string& choice, bool list) {
    const char* kind = list ? "list_reply" : "button_reply";
    return PostSigned(Message(
        id, {{"type", "interactive"},
             {"interactive", {{"type", kind}, {kind, {{"id", choice}, {"title", "x"}}}}}}));
  }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }
  // Polls `sql` until it answers `expected` (the outbox records a send just
  // after the platform got it), for at most 30 s; returns the last answer.
  std::string QueryUntil(const std::string& sql, const std::string& expected) {
    std::string got = Query(sql);
    for (int i = 0; i < 300 && got != expected; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      got = Query(sql);
    }
    return got;
  }
  // Until every queued reply has reached the fake API and been recorded.
  void WaitForOutboxDrained() {
    EXPECT_EQ(QueryUntil("SELECT COUNT(*) FROM outbox WHERE status = 'pending'", "0"), "0")
        << server_->LogTail();
  }
  std::string FrenchText(const std::string& id) {
    std::ifstream in(std::string(LEVIER_SOURCE_DIR) + "/dialogs/default/lang/fr.json");
    return json::parse(in)["texts"][id].get<std::string>();
  }

  TempDir dir_;
  FakeGraphApi api_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(WhatsAppTest, VerificationChallengeIsEchoedOnlyForTheRightToken) {
  Start();
  const auto get = [&](const std::string& query) {
    net::HttpRequest request{net::http::verb::get, "/", 11};
    Result<net::HttpResponse> r = net::SendHttpRequest(
        server_->base_url() + "/webhooks/whatsapp?" + query, std::move(request),
        std::chrono::seconds(60));
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : net::HttpResponse{};
  };
  net::HttpResponse ok =
      get(std::string("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=") +
          kVerifyToken);
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(ok.body(), "1158201444");
  EXPECT_EQ(get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong").result_int(),
            403);
  EXPECT_EQ(get(std::string("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=") +
                kVerifyToken)
                .result_int(),
            403);
}

TEST_F(WhatsAppTest, UnsignedOrWronglySignedNotificationsAre401AndStoreNothing) {
  Start();
  const std::string body = Message("wamid.A1", {{"type", "text"}, {"text", {{"body", "Bonjour"}}}}).dump();
  EXPECT_EQ(Post(body, "").result_int(), 401);
  EXPECT_EQ(Post(body, channels::whatsapp::ComputeSignature("another-secret-0000", body)).result_int(),
            401);
  std::string altered = body;
  altered.replace(altered.find("Bonjour"), 7, "Bonsoir");
  EXPECT_EQ(Post(altered, channels::whatsapp::ComputeSignature(kAppSecret, body)).result_int(), 401);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox"), "0");
}

TEST_F(WhatsAppTest, MalformedNotificationsAreRefusedWithAClearStatus) {
  Start();
  EXPECT_EQ(Post("{\"object\":", channels::whatsapp::ComputeSignature(kAppSecret, "{\"object\":"))
                .result_int(),
            400);
  const json wrong_object = {{"object", "page"}, {"entry", json::array()}};
  EXPECT_EQ(PostSigned(wrong_object).result_int(), 400);
  json no_from = Message("wamid.B", {{"type", "text"}, {"text", {{"body", "x"}}}});
  no_from["entry"][0]["changes"][0]["value"]["messages"][0].erase("from");
  EXPECT_EQ(PostSigned(no_from).result_int(), 400);
  net::HttpRequest form{net::http::verb::post, "/", 11};
  form.set(net::http::field::content_type, "application/x-www-form-urlencoded");
  form.body() = "a=b";
  Result<net::HttpResponse> r = net::SendHttpRequest(server_->base_url() + "/webhooks/whatsapp",
                                                     std::move(form), std::chrono::seconds(60));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->result_int(), 415);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
}

// Failed signature checks count against the client address: past its
// allowance (10 per minute by default), 429 with Retry-After; the
// verification GET counts the same way.
TEST_F(WhatsAppTest, AFloodOfBadSignaturesIsRefusedWith429) {
  Start();
  const std::string body = Message("wamid.H", {{"type", "text"}, {"text", {{"body", "x"}}}}).dump();
  int refused = 0;
  int limited = 0;
  for (int i = 0; i < 30; ++i) {
    const unsigned status = Post(body, "sha256=" + std::string(64, '0')).result_int();
    refused += status == 401;
    limited += status == 429;
  }
  EXPECT_GE(refused, 1);
  EXPECT_GE(limited, 15);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
}

// A whole conversation by tapping: the barrier list, then every question's
// buttons or list, up to the providers; replies arrive in order through the
// outbox as interactive messages whose ids come back as the answers.
TEST_F(WhatsAppTest, WholeConversationByTappingChoicesReachesProviders) {
  Start();
  ASSERT_EQ(Text("wamid.1", "Bonjour").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(1));
  int n = 1;
  std::size_t seen = 0;
  bool chose_barrier = false;
  for (int step = 0; step < 12 && Query("SELECT COUNT(*) FROM referrals") == "0"; ++step) {
    // Wait for the replies to this step, then answer the last one.
    ASSERT_TRUE(api_.WaitForSent(seen + 1)) << server_->LogTail();
    WaitForOutboxDrained();  // the step's other replies
    const std::vector<GraphMessage> sent = api_.sent();
    seen = sent.size();
    const json& last = sent.back().body;
    ASSERT_EQ(last["to"], kResident);
    ASSERT_EQ(last["type"], "interactive") << [&] {
      std::string all;
      for (const GraphMessage& m : sent) all += m.body.dump() + "\n";
      return all;
    }();
    const json& interactive = last["interactive"];
    std::string choice;
    bool list = interactive["type"] == "list";
    if (list) {
      EXPECT_FALSE(interactive["action"]["button"].get<std::string>().empty());
      const json& rows = interactive["action"]["sections"][0]["rows"];
      ASSERT_LE(rows.size(), 10u);
      for (const json& row : rows) {
        ASSERT_LE(row["title"].get<std::string>().size(), 24u * 4);
        if (!chose_barrier && row["id"].get<std::string>().find("mobilite") != std::string::npos) {
          choice = row["id"];
        }
      }
      if (choice.empty()) choice = rows[0]["id"];
    } else {
      ASSERT_EQ(interactive["type"], "button");
      const json& buttons = interactive["action"]["buttons"];
      ASSERT_GE(buttons.size(), 1u);
      ASSERT_LE(buttons.size(), 3u);
      choice = buttons[0]["reply"]["id"];
    }
    chose_barrier = chose_barrier || choice.find("mobilite") != std::string::npos;
    ASSERT_EQ(Choose("wamid.c" + std::to_string(++n), choice, list).result_int(), 200);
  }
  ASSERT_TRUE(chose_barrier);
  EXPECT_NE(Query("SELECT COUNT(*) FROM referrals"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals WHERE channel != 'whatsapp'"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals WHERE barrier = 'mobilite'"),
            Query("SELECT COUNT(*) FROM referrals"));
  EXPECT_TRUE(api_.problems().empty()) << api_.problems()[0];
  // Every reply row was sent, with the platform's id; none keeps its text or address.
  ASSERT_TRUE(api_.WaitForSent(seen + 1));
  WaitForOutboxDrained();
  EXPECT_EQ(QueryUntil("SELECT COUNT(*) FROM outbox WHERE status != 'sent'", "0"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE platform_id IS NULL"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE payload != '' OR address_ciphertext IS NOT NULL"),
            "0");
  // `levier report` breaks the referrals down by channel.
  ASSERT_EQ(server_->Stop(), 0);
  CommandResult report = RunLevier({"report", "--json", "--db", server_->db_path().string(), "--kb",
                                    std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json channels = json::parse(report.out)["breakdowns"]["channel"];
  ASSERT_EQ(channels.size(), 1u) << report.out;
  EXPECT_EQ(channels[0]["channel"], "whatsapp");
  EXPECT_EQ(channels[0]["referrals"].dump(), Query("SELECT COUNT(*) FROM referrals"));
}

// kill -9 with replies still waiting for the Cloud API (down): every
// acknowledged message's replies are sent after the restart, in order.
TEST_F(WhatsAppTest, AcknowledgedRepliesSurviveAKillAndLeaveAfterTheRestart) {
  api_.FailNext(1'000'000, 503, 131000);
  Start();
  constexpr int kResidents = 10;
  for (int i = 0; i < kResidents; ++i) {
    ASSERT_EQ(Text("wamid.K" + std::to_string(i), "Bonjour", "3361000000" + std::to_string(i))
                  .result_int(),
              200);
  }
  const std::string queued = Query("SELECT COUNT(*) FROM outbox WHERE kind = 'reply'");
  ASSERT_GE(std::stoi(queued), kResidents);
  server_->Kill();
  server_.reset();
  EXPECT_TRUE(api_.sent().empty());
  api_.FailNext(0, 503, 131000);
  Start();
  ASSERT_TRUE(api_.WaitForSent(std::stoul(queued), 120))
      << api_.sent().size() << " of " << queued << "\n" << server_->LogTail();
  // Each resident got the greeting before the question, as queued.
  for (int i = 0; i < kResidents; ++i) {
    std::vector<std::string> types;
    for (const GraphMessage& m : api_.sent()) {
      if (m.body["to"] == "3361000000" + std::to_string(i)) types.push_back(m.body["type"]);
    }
    ASSERT_GE(types.size(), 2u);
    EXPECT_EQ(types.front(), "text");
    EXPECT_EQ(types.back(), "interactive");
  }
  EXPECT_EQ(QueryUntil("SELECT COUNT(*) FROM outbox WHERE status != 'sent'", "0"), "0");
}

// A step's replies are leased to the dispatcher in the step's own commit and
// sent at once, with no claim of their own. kill -9 while the first is in
// flight (leased, its result not recorded): after the restart they leave when
// the lease ends, in order, each counted as a second attempt.
TEST_F(WhatsAppTest, RepliesLeasedAtQueuingSurviveAKillDuringTheirSend) {
  api_.Hang();
  Start();
  ASSERT_EQ(Text("wamid.L1", "Bonjour").result_int(), 200);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (api_.hung() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(api_.hung(), 1) << server_->LogTail();
  const std::string queued = Query("SELECT COUNT(*) FROM outbox");
  ASSERT_GE(std::stoi(queued), 2);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 1"), queued)
      << "every row leased by the step's own commit";
  server_->Kill();
  server_.reset();
  api_.Release();
  const auto restarted = std::chrono::steady_clock::now();
  Start();
  ASSERT_TRUE(api_.WaitForSent(std::stoul(queued), 60)) << server_->LogTail();
  EXPECT_GE(std::chrono::steady_clock::now() - restarted, std::chrono::seconds(1))
      << "sent by a pass once the lease ended, not at once";
  const std::vector<GraphMessage> sent = api_.sent();
  EXPECT_EQ(sent.front().body["type"], "text");
  EXPECT_EQ(sent.back().body["type"], "interactive");
  EXPECT_EQ(QueryUntil("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 2",
                       queued),
            queued);
}

TEST_F(WhatsAppTest, RedeliveredNotificationIsSteppedOnce) {
  Start();
  ASSERT_EQ(Text("wamid.R1", "Bonjour").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(1));
  WaitForOutboxDrained();
  const std::size_t after_first = api_.sent().size();
  const std::string rows = Query("SELECT COUNT(*) FROM outbox");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Text("wamid.R1", "Bonjour").result_int(), 200);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox"), rows);  // nothing queued again
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(api_.sent().size(), after_first);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "1");
}

TEST_F(WhatsAppTest, VoiceNoteImageAndStickerGetTheWrittenMessagesReply) {
  Start();
  const std::string expected = FrenchText("media_not_read");
  int n = 0;
  for (const char* type : {"audio", "image", "sticker"}) {
    const json media = {{"id", "1234"}, {"mime_type", "audio/ogg"}, {"sha256", "abc"}};
    ASSERT_EQ(PostSigned(Message("wamid.m" + std::to_string(++n), {{"type", type}, {type, media}}))
                  .result_int(),
              200);
    ASSERT_TRUE(api_.WaitForSent(n));
    const json last = api_.sent().back().body;
    EXPECT_EQ(last["type"], "text") << type;
    EXPECT_EQ(last["text"]["body"], expected) << type;
  }
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals"), "0");
}

TEST_F(WhatsAppTest, StatusReportsUpdateDeliveryAndNeverStepTheDialog) {
  Start();
  ASSERT_EQ(Text("wamid.S1", "Bonjour").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(1));
  WaitForOutboxDrained();
  const std::size_t sent = api_.sent().size();
  const std::string wamid = api_.sent().front().wamid;
  const std::string session = Query("SELECT state FROM sessions");
  const auto report = [&](const std::string& status) {
    json statuses = json::array({{{"id", wamid},
                                  {"status", status},
                                  {"timestamp", "1750857384"},
                                  {"recipient_id", kResident}}});
    if (status == "failed") {
      statuses[0]["errors"] = json::array({{{"code", 131026}, {"title", "Message undeliverable"}}});
    }
    return PostSigned(Envelope({{"statuses", statuses}})).result_int();
  };
  EXPECT_EQ(report("sent"), 200);
  EXPECT_EQ(report("delivered"), 200);
  EXPECT_EQ(Query("SELECT delivery FROM outbox WHERE platform_id = '" + wamid + "'"), "delivered");
  EXPECT_EQ(report("read"), 200);
  EXPECT_EQ(report("delivered"), 200);  // late: does not move it back
  EXPECT_EQ(Query("SELECT delivery FROM outbox WHERE platform_id = '" + wamid + "'"), "read");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(api_.sent().size(), sent);
  EXPECT_EQ(Query("SELECT state FROM sessions"), session);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "1");
}

// The Cloud API failing for a while: the reply is retried, then delivered,
// and the resident's later replies wait behind it.
TEST_F(WhatsAppTest, RepliesAreRetriedInOrderWhenTheApiFails) {
  Start();
  api_.FailNext(2, 503, 131000);
  ASSERT_EQ(Text("wamid.F1", "Bonjour").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(1, 60));
  WaitForOutboxDrained();
  const std::vector<GraphMessage> sent = api_.sent();
  // The greeting's replies, in the order the engine wrote them: the last
  // one asks the question.
  EXPECT_EQ(sent.back().body["type"], "interactive");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"),
            std::to_string(sent.size()));
  EXPECT_EQ(Query("SELECT MAX(attempts) FROM outbox"), "3");
}

TEST_F(WhatsAppTest, TheNumberAndTheWordsNeverReachTheDatabaseOrTheLog) {
  Start();
  ASSERT_EQ(Text("wamid.P1", "Bonjour, mon voisin Zorglub dit que").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(1));
  WaitForOutboxDrained();
  ASSERT_EQ(server_->Stop(), 0);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    const std::string content = ReadFile(entry.path());
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(content.find(kResident), std::string::npos);
    EXPECT_EQ(content.find("98765432"), std::string::npos);
    EXPECT_EQ(content.find("Zorglub"), std::string::npos);
  }
}

// Follow-ups on WhatsApp: without an approved template, consent is never
// asked; with one, the follow-up goes out as that template, in the
// resident's language, with the question as its parameter.
TEST_F(WhatsAppTest, NoTemplateNoFollowupQuestion) {
  Start();
  ASSERT_EQ(Text("wamid.T1", "Bonjour").result_int(), 200);
  ASSERT_EQ(Text("wamid.T2", "4").result_int(), 200);
  ASSERT_EQ(Text("wamid.T3", "1").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(4));
  WaitForOutboxDrained();
  EXPECT_NE(Query("SELECT COUNT(*) FROM referrals"), "0");
  const std::string consent = FrenchText("ask_followup");
  for (const GraphMessage& m : api_.sent()) EXPECT_EQ(m.body.dump().find(consent.substr(0, 20)), std::string::npos);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE kind = 'followup'"), "0");
}

TEST_F(WhatsAppTest, FollowupTwoWeeksLaterIsTheApprovedTemplate) {
  Start({{"LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES", "fr=levier_suivi,en=levier_followup"}},
        R"({"followup": {"delay_s": 1, "timezone": "UTC", "window_start": "00:00",
             "window_end": "24:00", "per_minute": 0}})");
  ASSERT_EQ(Text("wamid.U1", "Bonjour").result_int(), 200);
  ASSERT_EQ(Text("wamid.U2", "4").result_int(), 200);
  ASSERT_EQ(Text("wamid.U3", "1").result_int(), 200);
  ASSERT_TRUE(api_.WaitForSent(4));
  WaitForOutboxDrained();
  // The consent question is the last reply: yes.
  const json consent = api_.sent().back().body;
  ASSERT_EQ(consent["type"], "interactive") << consent.dump();
  const std::string yes = consent["interactive"]["action"]["buttons"][0]["reply"]["id"];
  ASSERT_EQ(Choose("wamid.U4", yes, false).result_int(), 200);
  ASSERT_NE(Query("SELECT COUNT(*) FROM outbox WHERE kind = 'followup'"), "0");
  bool found = false;
  for (int i = 0; i < 300 && !found; ++i) {
    for (const GraphMessage& m : api_.sent()) found = found || m.body["type"] == "template";
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(found) << server_->LogTail();
  for (const GraphMessage& m : api_.sent()) {
    if (m.body["type"] != "template") continue;
    EXPECT_EQ(m.body["template"]["name"], "levier_suivi");
    EXPECT_EQ(m.body["template"]["language"]["code"], "fr");
    const std::string parameter =
        m.body["template"]["components"][0]["parameters"][0]["text"].get<std::string>();
    EXPECT_FALSE(parameter.empty());
    EXPECT_EQ(parameter.find('\n'), std::string::npos);
  }
}

TEST_F(WhatsAppTest, HalfConfiguredChannelRefusesToStartNamingTheMissingSetting) {
  CommandResult r = RunLevier({"serve", "--listen", "127.0.0.1:0", "--db",
                               (dir_.path() / "x.db").string(), "--dialogs",
                               std::string(LEVIER_SOURCE_DIR) + "/dialogs/default", "--kb",
                               std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"},
                              {{"LEVIER_WHATSAPP_APP_SECRET", kAppSecret}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("LEVIER_WHATSAPP_VERIFY_TOKEN"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace levier::testing
