// Professionals' invitations against the real `levier serve`: a code made
// in the workspace starts an attributed conversation on every channel's link
// (SMS body, web chat /c/CODE, Telegram /start, WhatsApp's prefilled text);
// its QR code decodes, with an independent decoder, to the web chat link;
// the summary is shown to the inviting professional only after a yes, and
// disappears on withdrawal or erasure; another organisation gets 404;
// expired and used-up codes say so and the conversation goes on; guessing
// codes is limited per sender; indicators break down by orienting
// organisation with the small-cell rule.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "api_client.h"
#include "fake_graph_api.h"
#include "fake_telegram_api.h"
#include "fake_twilio_api.h"
#include "levier/channels/whatsapp/signature.h"
#include "levier/net/http_client.h"
#include "server_process.h"
#include "twilio_client.h"
#include "workspace_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPassword = "a long passphrase here";
constexpr const char* kMissionLocale = "Mission Locale Tours";
constexpr const char* kFranceTravail = "France Travail Tours Nord";
constexpr const char* kTelegramSecret = "Invitations_secret-0123456789";
constexpr const char* kWaAppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kSmsFrom = "+33700000001";

std::string Phone(int i) { return "+3361234" + std::to_string(5000 + i); }

class InvitationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db = (dir_.path() / "levier.db").string();
    for (const auto& [email, role, org] :
         {std::tuple{"adviser@ml.example.org", "professional", kMissionLocale},
          std::tuple{"colleague@ml.example.org", "professional", kMissionLocale},
          std::tuple{"adviser@ft.example.org", "professional", kFranceTravail},
          std::tuple{"coord@tours.example.org", "coordinator", "Ville de Tours"}}) {
      CommandResult r = RunLevier({"user", "create", "--email", email, "--role", role, "--org",
                                   org, "--password-stdin", "--db", db},
                                  {}, std::string(kPassword) + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const fs::path config = dir_.path() / "levier.json";
    std::ofstream(config) << R"({"twilio": {"api_base_url": ")" << twilio_.base_url()
                          << R"(", "from": ")" << kSmsFrom << R"("}})";
    ServerProcess::Options options;
    options.extra_args = {"--config", config.string()};
    options.env = {{"LEVIER_TWILIO_ACCOUNT_SID", kAccountSid},
                   {"LEVIER_TELEGRAM_BOT_TOKEN", kTelegramBotToken},
                   {"LEVIER_TELEGRAM_SECRET_TOKEN", kTelegramSecret},
                   {"LEVIER_TELEGRAM_API_BASE", telegram_.base_url()},
                   {"LEVIER_TELEGRAM_BOT_NAME", "levier_tours_bot"},
                   {"LEVIER_WHATSAPP_APP_SECRET", kWaAppSecret},
                   {"LEVIER_WHATSAPP_VERIFY_TOKEN", "verify-7d1c0e4b9a2f"},
                   {"LEVIER_WHATSAPP_ACCESS_TOKEN", kWaAccessToken},
                   {"LEVIER_WHATSAPP_PHONE_NUMBER_ID", kWaPhoneNumberId},
                   {"LEVIER_WHATSAPP_API_BASE", graph_.base_url()},
                   {"LEVIER_WHATSAPP_NUMBER", "+33700000002"}};
    server_.emplace(dir_.path(), options);
  }

  Browser SignIn(const std::string& email) {
    Browser b(*server_);
    Answer a = b.Login(email, kPassword);
    EXPECT_EQ(a.status, 200) << a.body.dump();
    return b;
  }
  json Create(Browser& b, const json& body) {
    Answer a = b.Post("/workspace/api/invitations", body);
    EXPECT_EQ(a.status, 200) << a.body.dump();
    return a.body["invitation"];
  }
  std::vector<std::string> Say(const std::string& from, const std::string& text) {
    SmsRequest r;
    r.from = from;
    r.text = text;
    SmsReply reply = SendSms(server_->base_url(), r);
    EXPECT_EQ(reply.status, 200) << text;
    return reply.messages;
  }
  static std::string Joined(const std::vector<std::string>& messages) {
    std::string all;
    for (const std::string& m : messages) all += m + "\n";
    return all;
  }
  // Answers "1" (the first choice) until the question of sharing with the
  // professional is asked; returns everything said.
  std::string WalkToShareQuestion(const std::string& from, const std::string& code) {
    std::string said = Joined(Say(from, code));
    said += Joined(Say(from, "4"));  // transport
    for (int i = 0; i < 8 && said.find("voie ce que nous avons trouv") == std::string::npos; ++i) {
      said += Joined(Say(from, "1"));
    }
    return said;
  }
  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }
  json Summaries(Browser& b) {
    Answer a = b.Get("/workspace/api/summaries");
    EXPECT_EQ(a.status, 200) << a.body.dump();
    return a.body["summaries"];
  }

  TempDir dir_;
  FakeTwilioApi twilio_;
  FakeTelegramApi telegram_;
  FakeGraphApi graph_;
  std::optional<ServerProcess> server_;
};

TEST_F(InvitationsTest, AnInvitationHasACodeLinksAMessageAndAPrintableCard) {
  Browser adviser = SignIn("adviser@ml.example.org");
  json v = Create(adviser, {{"language", "ar"}, {"note", "rdv mardi"}, {"uses", 1},
                            {"expires_days", 14}});
  const std::string code = v["code"];
  ASSERT_EQ(code.size(), 8u);
  EXPECT_EQ(v["org"], kMissionLocale);
  EXPECT_EQ(v["state"], "open");
  EXPECT_EQ(v["links"]["webchat"], "https://levier.test/c/" + code);
  EXPECT_EQ(v["links"]["sms"], std::string("sms:") + kSmsFrom + "?body=" + code);
  EXPECT_EQ(v["links"]["whatsapp"], "https://wa.me/33700000002?text=" + code);
  EXPECT_EQ(v["links"]["telegram"], "https://t.me/levier_tours_bot?start=" + code);
  // The message is in the participant's language (Arabic), with the link
  // and the SMS way in.
  const std::string message = v["message"];
  EXPECT_NE(message.find("https://levier.test/c/" + code), std::string::npos) << message;
  EXPECT_NE(message.find(kSmsFrom), std::string::npos) << message;
  EXPECT_NE(message.find("\xD8"), std::string::npos) << "Arabic letters: " << message;
  // Refusals name the field.
  for (const auto& [body, field] :
       {std::pair{json{{"language", "xx"}}, "language"}, std::pair{json{{"uses", -1}}, "uses"},
        std::pair{json{{"expires_days", 0}}, "expires_days"},
        std::pair{json{{"note", std::string(600, 'a')}}, "note"}}) {
    Answer refused = adviser.Post("/workspace/api/invitations", body);
    EXPECT_EQ(refused.status, 400) << body.dump() << refused.body.dump();
    EXPECT_EQ(refused.body["field"], field) << refused.body.dump();
  }

  // The printable card: in Arabic, right to left, with the QR code, the
  // SMS number and the code.
  for (const char* size : {"a6", "a4"}) {
    Answer card =
        adviser.Get("/workspace/api/invitations/card?size=" + std::string(size) + "&code=" + code);
    ASSERT_EQ(card.status, 200);
    const std::string html = card.raw.body();
    EXPECT_NE(html.find("lang=\"ar\" dir=\"rtl\""), std::string::npos) << html.substr(0, 200);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find(code), std::string::npos);
    EXPECT_NE(html.find(kSmsFrom), std::string::npos);
    EXPECT_NE(html.find(std::string("class=\"card ") + size), std::string::npos);
  }
  EXPECT_EQ(adviser.Get("/workspace/api/invitations/card?size=a5&code=" + code).status, 400);
  // The listing; the audit names the code, never the note.
  Answer listed = adviser.Get("/workspace/api/invitations");
  ASSERT_EQ(listed.body["invitations"].size(), 1u);
  EXPECT_EQ(listed.body["invitations"][0]["note"], "rdv mardi");
  // The languages the form offers are the published script's.
  ASSERT_EQ(listed.body["languages"].size(), 7u) << listed.body["languages"].dump();
  EXPECT_EQ(listed.body["languages"][2], (json{{"code", "ar"}, {"name", "العربية"},
                                               {"direction", "rtl"}}));
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE detail = 'invitation created: " + code +
                  "'"),
            "1");
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE detail LIKE '%rdv mardi%'"), "0");
}

// The QR code, decoded by zbarimg (Debian's zbar-tools), is the web chat link.
TEST_F(InvitationsTest, TheQrCodeDecodesToTheWebChatLink) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}})["code"];
  Answer png = adviser.Get("/workspace/api/invitations/qr?format=png&code=" + code);
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.raw[net::http::field::content_type], "image/png");
  const fs::path file = dir_.path() / "qr.png";
  std::ofstream(file, std::ios::binary) << png.raw.body();
  // stderr apart: zbarimg may complain there about a missing D-Bus.
  const std::string command = "zbarimg --raw -q '" + file.string() + "' 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string decoded;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) decoded += buffer;
  const int status = pclose(pipe);
  ASSERT_EQ(status, 0) << "zbarimg failed or is missing (deploy/install-deps.sh installs "
                          "zbar-tools): " << decoded;
  while (!decoded.empty() && decoded.back() == '\n') decoded.pop_back();
  EXPECT_EQ(decoded, "https://levier.test/c/" + code);
  Answer svg = adviser.Get("/workspace/api/invitations/qr?format=svg&code=" + code);
  ASSERT_EQ(svg.status, 200);
  EXPECT_EQ(svg.raw.body().rfind("<svg", 0), 0u);
}

// Each channel's link starts a conversation attributed to the inviting
// organisation, in the language the professional chose.
TEST_F(InvitationsTest, EveryChannelsLinkStartsAnAttributedConversation) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}, {"uses", 0}})["code"];

  // SMS: the code as the body (lower case and a dash, as typed).
  std::string lowered = code;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string sms = Joined(Say(Phone(1), lowered.substr(0, 4) + "-" + lowered.substr(4)));
  EXPECT_NE(sms.find(std::string("de la part de ") + kMissionLocale), std::string::npos) << sms;

  // Web chat: the page at /c/CODE, which posts the code first.
  net::HttpRequest page{net::http::verb::get, "/c/" + code, 11};
  Result<net::HttpResponse> opened =
      net::SendHttpRequest(server_->base_url() + "/c/" + code, page, std::chrono::seconds(10));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->result_int(), 200u);
  EXPECT_NE(opened->body().find("/chat/chat.js"), std::string::npos);
  net::HttpRequest posted{net::http::verb::post, "/chat/api/messages", 11};
  posted.set(net::http::field::content_type, "application/json");
  posted.set(net::http::field::origin, kOrigin);
  posted.body() = json{{"id", "invitation-web-message-1"}, {"text", code}}.dump();
  Result<net::HttpResponse> web = net::SendHttpRequest(server_->base_url() + "/chat/api/messages",
                                                       posted, std::chrono::seconds(10));
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(web->result_int(), 200u) << web->body();
  EXPECT_NE(web->body().find(kMissionLocale), std::string::npos) << web->body();

  // Telegram: the t.me link's /start payload.
  json update{{"update_id", 9001},
              {"message",
               {{"message_id", 1},
                {"from", {{"id", 7351946820}, {"is_bot", false}, {"first_name", "A"}}},
                {"chat", {{"id", 7351946820}, {"type", "private"}}},
                {"date", 1760000000},
                {"text", "/start " + code},
                {"entities", json::array({{{"type", "bot_command"}, {"offset", 0},
                                           {"length", 6}}})}}}};
  net::HttpRequest tg{net::http::verb::post, "/webhooks/telegram", 11};
  tg.set(net::http::field::content_type, "application/json");
  tg.set("X-Telegram-Bot-Api-Secret-Token", kTelegramSecret);
  tg.body() = update.dump();
  Result<net::HttpResponse> telegram =
      net::SendHttpRequest(server_->base_url() + "/webhooks/telegram", tg, std::chrono::seconds(10));
  ASSERT_TRUE(telegram.ok());
  EXPECT_EQ(telegram->result_int(), 200u);

  // WhatsApp: wa.me's prefilled text, sent as the first message.
  json wa{{"object", "whatsapp_business_account"},
          {"entry",
           json::array({{{"id", "102290129340398"},
                         {"changes",
                          json::array({{{"field", "messages"},
                                        {"value",
                                         {{"messaging_product", "whatsapp"},
                                          {"metadata", {{"display_phone_number", "33700000002"},
                                                        {"phone_number_id", kWaPhoneNumberId}}},
                                          {"contacts", json::array({{{"wa_id", "33698765432"}}})},
                                          {"messages",
                                           json::array({{{"from", "33698765432"},
                                                         {"id", "wamid.invite1"},
                                                         {"timestamp", "1760000000"},
                                                         {"type", "text"},
                                                         {"text", {{"body", code}}}}})}}}}})}}})}};
  const std::string wa_body = wa.dump();
  net::HttpRequest whatsapp{net::http::verb::post, "/webhooks/whatsapp", 11};
  whatsapp.set(net::http::field::content_type, "application/json");
  whatsapp.set("X-Hub-Signature-256", channels::whatsapp::ComputeSignature(kWaAppSecret, wa_body));
  whatsapp.body() = wa_body;
  Result<net::HttpResponse> wa_answer = net::SendHttpRequest(
      server_->base_url() + "/webhooks/whatsapp", whatsapp, std::chrono::seconds(10));
  ASSERT_TRUE(wa_answer.ok());
  EXPECT_EQ(wa_answer->result_int(), 200u);

  // Four participants, one per channel, each attributed once; their
  // sessions know the code, and none stores the number or chat id.
  EXPECT_EQ(Query("SELECT count(*) FROM attributions WHERE code = '" + code + "'"), "4");
  EXPECT_EQ(Query("SELECT uses FROM invitations WHERE code = '" + code + "'"), "4");
  EXPECT_EQ(Query("SELECT count(*) FROM sessions WHERE state LIKE '%\"invitation\":\"" + code +
                  "\"%'"),
            "4");
  EXPECT_EQ(Query("SELECT count(*) FROM sessions WHERE state LIKE '%7351946820%' OR state LIKE "
                  "'%33698765432%' OR state LIKE '%612345001%'"),
            "0");
  // The same resident sending the code again is not a second use.
  Say(Phone(1), code);
  EXPECT_EQ(Query("SELECT uses FROM invitations WHERE code = '" + code + "'"), "4");
  Answer listed = adviser.Get("/workspace/api/invitations/one?code=" + code);
  EXPECT_EQ(listed.body["invitation"]["uses"], 4);

  // Referrals carry the code as their source.
  const std::string said = WalkToShareQuestion(Phone(2), code);
  EXPECT_NE(Query("SELECT count(*) FROM referrals WHERE source = '" + code + "'"), "0") << said;
  EXPECT_EQ(Query("SELECT count(*) FROM referrals WHERE source = 'self'"), "0");
}

// A code that no longer works says so in plain words, and the
// conversation goes on as it would have: never a dead end.
TEST_F(InvitationsTest, ExpiredAndUsedUpCodesSaySoAndTheConversationGoesOn) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string once = Create(adviser, {{"language", "fr"}, {"uses", 1}})["code"];
  const std::string expired = Create(adviser, {{"language", "fr"}, {"uses", 0}})["code"];
  ExecSql(server_->db_path(),
          "UPDATE invitations SET expires_at = 1000 WHERE code = '" + expired + "'");

  EXPECT_NE(Joined(Say(Phone(1), once)).find("de la part de"), std::string::npos);
  const std::string second = Joined(Say(Phone(2), once));
  EXPECT_NE(second.find("Ce code ne marche plus"), std::string::npos) << second;
  EXPECT_NE(second.find("Bonjour"), std::string::npos) << "the greeting follows: " << second;
  const std::string late = Joined(Say(Phone(3), expired));
  EXPECT_NE(late.find("Ce code ne marche plus"), std::string::npos) << late;
  EXPECT_EQ(Query("SELECT count(*) FROM attributions"), "1");
  Answer listed = adviser.Get("/workspace/api/invitations");
  for (const json& v : listed.body["invitations"]) {
    EXPECT_EQ(v["state"], v["code"] == once ? "used" : "expired") << v.dump();
  }
  // Mid-conversation, a valid code is noted and the question asked again.
  const std::string fresh = Create(adviser, {{"language", "fr"}})["code"];
  Say(Phone(4), "Bonjour");
  const std::string noted = Joined(Say(Phone(4), fresh));
  EXPECT_NE(noted.find("de la part de"), std::string::npos) << noted;
  EXPECT_EQ(Query("SELECT count(*) FROM attributions WHERE code = '" + fresh + "'"), "1");
}

// Guessing: past 3 code-shaped messages a minute, a sender's codes are not
// looked up (read as any text): even the right one.
TEST_F(InvitationsTest, CodeAttemptsAreLimitedPerSender) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}})["code"];
  for (const char* guess : {"AAAA2222", "BBBB3333", "CCCC4444"}) Say(Phone(1), guess);
  const std::string late = Joined(Say(Phone(1), code));
  EXPECT_EQ(late.find("de la part de"), std::string::npos) << late;
  EXPECT_EQ(Query("SELECT count(*) FROM attributions"), "0");
  EXPECT_TRUE(server_->WaitForLog("invitation_code_attempts_limited"));
  // Another sender is not held back by the first one's guesses.
  EXPECT_NE(Joined(Say(Phone(2), code)).find("de la part de"), std::string::npos);
}

TEST_F(InvitationsTest, ARedeliveredGuessSpendsNoAttempt) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}})["code"];
  // One wrong guess, delivered four times by the platform (same MessageSid):
  // one attempt spent, so the right code, two messages later, still counts.
  SmsRequest guess;
  guess.from = Phone(3);
  guess.text = "AAAA2222";
  guess.message_sid = "SM" + std::string(32, 'd');
  for (int i = 0; i < 4; ++i) ASSERT_EQ(SendSms(server_->base_url(), guess).status, 200);
  Say(Phone(3), "BBBB3333");
  EXPECT_NE(Joined(Say(Phone(3), code)).find("de la part de"), std::string::npos);
  EXPECT_EQ(ReadFile(server_->log_path()).find("invitation_code_attempts_limited"), std::string::npos);
}

// Yes shows the summary to the inviting professional only; no shows
// nothing; withdrawing and erasing remove it at once.
TEST_F(InvitationsTest, TheSummaryIsSeenOnlyWithConsentAndOnlyByTheInvitingProfessional) {
  Browser adviser = SignIn("adviser@ml.example.org");
  Browser colleague = SignIn("colleague@ml.example.org");
  Browser other_org = SignIn("adviser@ft.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}, {"uses", 0}})["code"];

  const std::string said = WalkToShareQuestion(Phone(1), code);
  ASSERT_NE(said.find(std::string("Voulez-vous que ") + kMissionLocale), std::string::npos)
      << said;
  EXPECT_EQ(Summaries(adviser).size(), 0u) << "nothing before the answer";
  const std::string yes = Joined(Say(Phone(1), "1"));
  EXPECT_NE(yes.find("RETIRER"), std::string::npos) << yes;

  json shown = Summaries(adviser);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]["code"], code);
  EXPECT_EQ(shown[0]["barriers"], json::array({"mobilite"}));
  ASSERT_FALSE(shown[0]["referrals"].empty());
  EXPECT_EQ(shown[0]["referrals"][0]["barrier"], "mobilite");
  // Never the participant's words nor their number.
  const std::string dumped = shown.dump();
  EXPECT_EQ(dumped.find("612345"), std::string::npos);
  EXPECT_EQ(dumped.find("pseudonym"), std::string::npos);
  // Each view is audited.
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE detail LIKE 'summaries viewed: %' AND "
                  "account = 'adviser@ml.example.org'"),
            "2");
  // Not for a colleague (the summary is the inviting professional's) nor
  // another organisation: the API answers 404 for their invitation.
  EXPECT_EQ(Summaries(colleague).size(), 0u);
  EXPECT_EQ(Summaries(other_org).size(), 0u);
  for (const std::string& target :
       {"/workspace/api/invitations/one?code=" + code,
        "/workspace/api/invitations/card?size=a6&code=" + code,
        "/workspace/api/invitations/qr?format=png&code=" + code}) {
    EXPECT_EQ(other_org.Get(target).status, 404) << target;
    EXPECT_EQ(colleague.Get(target).status, 404) << target;
  }
  EXPECT_EQ(other_org.Get("/workspace/api/invitations").body["invitations"].size(), 0u);
  EXPECT_EQ(other_org.Post("/workspace/api/invitations/send",
                           {{"code", code}, {"number", "06 12 34 56 78"}})
                .status,
            404);

  // Withdrawn: gone at once.
  const std::string withdrawn = Joined(Say(Phone(1), "RETIRER"));
  EXPECT_NE(withdrawn.find("C'est fait"), std::string::npos) << withdrawn;
  EXPECT_EQ(Summaries(adviser).size(), 0u);

  // No: nothing visible.
  WalkToShareQuestion(Phone(2), code);
  Say(Phone(2), "2");
  EXPECT_EQ(Summaries(adviser).size(), 0u);

  // Yes, then erase: gone.
  WalkToShareQuestion(Phone(3), code);
  Say(Phone(3), "oui");
  ASSERT_EQ(Summaries(adviser).size(), 1u);
  Say(Phone(3), "effacer");
  Say(Phone(3), "oui");
  EXPECT_EQ(Summaries(adviser).size(), 0u);
  EXPECT_EQ(Query("SELECT count(*) FROM attributions WHERE pseudonym <> '' AND consent = 'yes'"),
            "0");
}

// "Send it by SMS now": through the outbox to the fake Twilio API; the
// number is sealed, blanked once sent, and never in the audit.
TEST_F(InvitationsTest, AnInvitationSentBySmsGoesThroughTheOutboxAndTheNumberIsNotKept) {
  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "en"}})["code"];
  Answer bad = adviser.Post("/workspace/api/invitations/send", {{"code", code}, {"number", "12"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["field"], "number");
  Answer sent = adviser.Post("/workspace/api/invitations/send",
                             {{"code", code}, {"number", "06 12 34 56 78"}});
  ASSERT_EQ(sent.status, 200) << sent.body.dump();
  ASSERT_TRUE(WaitUntil([&] { return !twilio_.sent().empty(); }, 20));
  const ReceivedMessage m = twilio_.sent().front();
  EXPECT_EQ(m.to, "+33612345678");
  EXPECT_EQ(m.from, kSmsFrom);
  EXPECT_NE(m.body.find("https://levier.test/c/" + code), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("Hello"), std::string::npos) << "in the participant's language: " << m.body;
  ASSERT_TRUE(WaitUntil([&] {
    return Query("SELECT count(*) FROM outbox WHERE status = 'sent' AND address_ciphertext IS NULL "
                 "AND payload NOT LIKE '%levier.test%'") == "1";
  }, 20)) << Query("SELECT status || '|' || coalesce(length(address_ciphertext), 0) || '|' || "
                   "payload FROM outbox");
  EXPECT_EQ(Query("SELECT count(*) FROM audit_log WHERE detail LIKE '%612345%' OR detail LIKE "
                  "'%06 12%'"),
            "0");
  EXPECT_EQ(ReadFile(server_->log_path()).find("612345678"), std::string::npos);
}

// Indicators by orienting organisation: in /api/v1/indicators (small-cell
// rule) and the coordinators' counts per organisation.
TEST_F(InvitationsTest, IndicatorsBreakDownByOrientingOrganisationWithSuppression) {
  Browser adviser = SignIn("adviser@ml.example.org");
  Browser ft = SignIn("adviser@ft.example.org");
  const std::string ml_code = Create(adviser, {{"language", "fr"}, {"uses", 0}})["code"];
  const std::string ft_code = Create(ft, {{"language", "fr"}, {"uses", 0}})["code"];
  for (int i = 0; i < 5; ++i) WalkToShareQuestion(Phone(10 + i), ml_code);
  WalkToShareQuestion(Phone(20), ft_code);

  const std::string admin = CreateToken(server_->db_path(), "admin");
  json full = json::parse(ApiGet(*server_, "/api/v1/indicators?suppress=false",
                                 "Bearer " + admin).body());
  std::map<std::string, std::int64_t> people;
  for (const json& row : full["breakdowns"]["org"]) people[row["org"]] = row["participants"];
  EXPECT_EQ(people[kMissionLocale], 5);
  EXPECT_EQ(people[kFranceTravail], 1);
  const std::string coordinator = CreateToken(server_->db_path(), "coordinator");
  json shared =
      json::parse(ApiGet(*server_, "/api/v1/indicators", "Bearer " + coordinator).body());
  ASSERT_EQ(shared["breakdowns"]["org"].size(), 1u) << shared["breakdowns"]["org"];
  EXPECT_EQ(shared["breakdowns"]["org"][0]["org"], kMissionLocale);
  EXPECT_EQ(shared["hidden"]["org"], 1);

  Browser coord = SignIn("coord@tours.example.org");
  Answer stats = coord.Get("/workspace/api/invitations/stats");
  ASSERT_EQ(stats.status, 200) << stats.body.dump();
  for (const json& row : stats.body["orgs"]) {
    if (row["org"] == kMissionLocale) {
      EXPECT_EQ(row["created"], 1);
      EXPECT_EQ(row["used"], 1);
      EXPECT_EQ(row["participants"], 5);
      EXPECT_GT(row["referrals"].get<int>(), 0);
    } else {
      EXPECT_EQ(row["org"], kFranceTravail);
      EXPECT_TRUE(row["participants"].is_null()) << "one person: not shown";
      EXPECT_TRUE(row["referrals"].is_null());
    }
  }
  EXPECT_EQ(adviser.Get("/workspace/api/invitations/stats").status, 403)
      << "per-organisation counts are the coordinators'";
}

// `levier invitation create`: an organisation's code, usable at once, seen
// by every professional of that organisation.
TEST_F(InvitationsTest, TheCommandLineMakesAnOrganisationsCode) {
  CommandResult r = RunLevier({"invitation", "create", "--org", kMissionLocale, "--lang", "tr",
                               "--uses", "0", "--db", server_->db_path().string()},
                              {{"LEVIER_SMS_NUMBER", kSmsFrom}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::size_t at = r.out.find("code      ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string code = r.out.substr(at + 10, 8);
  EXPECT_NE(r.out.find(std::string("sms:") + kSmsFrom + "?body=" + code), std::string::npos)
      << r.out;
  Browser colleague = SignIn("colleague@ml.example.org");
  Answer seen = colleague.Get("/workspace/api/invitations/one?code=" + code);
  ASSERT_EQ(seen.status, 200) << seen.body.dump();
  EXPECT_EQ(seen.body["invitation"]["language"], "tr");
  Browser other_org = SignIn("adviser@ft.example.org");
  EXPECT_EQ(other_org.Get("/workspace/api/invitations/one?code=" + code).status, 404);
  EXPECT_EQ(RunLevier({"invitation", "create", "--org", kMissionLocale, "--uses", "-1", "--db",
                       server_->db_path().string()})
                .exit_code != 0,
            true);
}

// Hostile or careless requests get a clear 4xx and change nothing: no
// session, no CSRF token, malformed queries and bodies, odd paths under /c/.
TEST_F(InvitationsTest, BadRequestsAreRefusedAndChangeNothing) {
  Browser stranger(*server_);
  for (const char* target :
       {"/workspace/api/invitations", "/workspace/api/invitations/one?code=AAAA2222",
        "/workspace/api/invitations/qr?format=png&code=AAAA2222",
        "/workspace/api/invitations/card?size=a6&code=AAAA2222", "/workspace/api/summaries",
        "/workspace/api/invitations/stats"}) {
    EXPECT_EQ(stranger.Get(target).status, 401) << target;
  }
  EXPECT_EQ(stranger.Post("/workspace/api/invitations", json::object()).status, 401);

  Browser adviser = SignIn("adviser@ml.example.org");
  const std::string code = Create(adviser, {{"language", "fr"}})["code"];
  // A change without the CSRF token, or from another origin: 403.
  EXPECT_EQ(adviser.Send(net::http::verb::post, "/workspace/api/invitations", "{}", false).status,
            403);
  EXPECT_EQ(adviser.Send(net::http::verb::post, "/workspace/api/invitations", "{}", true,
                         "https://evil.example")
                .status,
            403);
  // Not JSON, not an object, wrong types.
  EXPECT_EQ(adviser.Send(net::http::verb::post, "/workspace/api/invitations", "code=1", true,
                         kOrigin, "application/x-www-form-urlencoded")
                .status / 100,
            4);
  EXPECT_EQ(adviser.Send(net::http::verb::post, "/workspace/api/invitations", "[1]").status, 400);
  EXPECT_EQ(adviser.Post("/workspace/api/invitations", {{"uses", "many"}}).status, 400);
  EXPECT_EQ(adviser.Post("/workspace/api/invitations", {{"uses", true}}).status, 400);
  EXPECT_EQ(adviser.Post("/workspace/api/invitations/send", {{"code", code}, {"number", "+33 6 ab"}})
                .status,
            400);
  // Malformed or odd queries: 400 or 404, never a crash.
  for (const std::string& target : std::vector<std::string>{
           "/workspace/api/invitations/one?code=%ZZ", "/workspace/api/invitations/one",
        "/workspace/api/invitations/one?code=" + std::string(3000, 'A'),
        "/workspace/api/invitations/qr?format=gif&code=" + code,
        "/workspace/api/invitations/card?code=" + code,
        "/workspace/api/invitations/one?code=%C3"}) {
    const int status = adviser.Get(target).status;
    EXPECT_TRUE(status == 400 || status == 404) << target << " " << status;
  }
  // /c/ serves one segment only.
  for (const std::string& path : std::vector<std::string>{"/c/", "/c/a/b", "/c/" + code + "/x"}) {
    net::HttpRequest get{net::http::verb::get, path, 11};
    Result<net::HttpResponse> r =
        net::SendHttpRequest(server_->base_url() + path, get, std::chrono::seconds(10));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->result_int(), 404u) << path;
  }
  EXPECT_TRUE(server_->Alive());
  EXPECT_EQ(Query("SELECT count(*) FROM invitations"), "1");
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::testing
