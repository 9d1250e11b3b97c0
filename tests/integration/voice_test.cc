// The phone line end to end (platform spec 1.15): the real server, calls
// posted and signed as Twilio posts them, each step following the <Gather>
// action or <Redirect> of the TwiML before it, and the SMS copy of the
// contacts arriving at a fake Twilio Messages API through the outbox.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "fake_twilio_api.h"
#include "levier/channels/twilio_sms/twilio.h"
#include "levier/net/http_client.h"
#include "levier/util/crypto.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr const char* kFrom = "+33700000000";    // the Twilio number
constexpr const char* kCaller = "+33655501234";  // distinctive: searched for in every file
constexpr const char* kCallerDigits = "33655501234";
constexpr const char* kVoicePath = "/webhooks/twilio/voice";

using Spoken = VoiceReply;

class VoiceTest : public ::testing::Test {
 protected:
  // `per_sender_per_minute`: the resident's rate limit (0 = the default).
  void Start(std::map<std::string, std::string> env = {}, int per_sender_per_minute = 0) {
    const std::filesystem::path config = dir_.path() / "levier.json";
    std::ofstream out(config);
    out << R"({"twilio": {"api_base_url": ")" << api_.base_url() << R"(", "from": ")" << kFrom
        << R"("})";
    if (per_sender_per_minute > 0) {
      out << R"(, "rate_limits": {"per_sender_per_minute": )" << per_sender_per_minute << "}";
    }
    out << "}";
    out.close();
    ServerProcess::Options options;
    options.extra_args = {"--config", config.string()};
    options.env = {{"LEVIER_TWILIO_ACCOUNT_SID", kAccountSid}};
    for (const auto& [k, v] : env) options.env[k] = v;
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  // POSTs to `target` (a path with its query) signed over the public URL;
  // Digits only after a <Gather> (`gathered_`).
  Spoken Post(const std::string& target, const std::string& digits,
              const std::string& from = kCaller, std::optional<std::string> signature = {}) {
    VoiceRequest r;
    r.target = target;
    r.call_sid = call_sid_;
    r.from = from;
    if (!digits.empty() || gathered_) r.digits = digits;
    r.signature = std::move(signature);
    return SendVoice(server_->base_url(), r);
  }

  // A new call: the language menu.
  Spoken Call(const std::string& from = kCaller) {
    call_sid_ = "CA" + crypto::HexEncode(crypto::RandomBytes(16));
    gathered_ = false;
    last_ = Post(kVoicePath, "", from);
    return last_;
  }
  // Presses `keys` on the last answer's <Gather>.
  Spoken Press(const std::string& keys, const std::string& from = kCaller) {
    EXPECT_FALSE(last_.gather_action.empty()) << "nothing is waiting for keys: " << last_.body;
    gathered_ = true;
    last_ = Post(last_.gather_action, keys, from);
    gathered_ = false;
    return last_;
  }
  // Says nothing: Twilio follows the <Redirect>.
  Spoken Silence(const std::string& from = kCaller) {
    EXPECT_FALSE(last_.redirect.empty()) << last_.body;
    last_ = Post(last_.redirect, "", from);
    return last_;
  }
  // French, the French language (CRIA 37 has a full phone number), then
  // "1" until the contacts are read.
  Spoken PressToContacts(const std::string& from = kCaller) {
    Call(from);
    Press("1", from);
    Spoken s = Press("2", from);
    for (int i = 0; i < 6 && s.Text().find("voici qui peut vous aider") == std::string::npos; ++i) {
      s = Press("1", from);
    }
    return s;
  }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }

  TempDir dir_;
  FakeTwilioApi api_;
  std::unique_ptr<ServerProcess> server_;
  std::string call_sid_;
  bool gathered_ = false;
  Spoken last_;
};

TEST_F(VoiceTest, ACallStartsWithEveryLanguageSayingWhichKeyPicksIt) {
  Start();
  Spoken menu = Call();
  ASSERT_EQ(menu.status, 200) << menu.body;
  ASSERT_EQ(menu.says.size(), 7u) << menu.body;
  EXPECT_EQ(menu.says[0],
            (std::pair<std::string, std::string>{"fr-FR", "Pour parler en français, tapez 1."}));
  EXPECT_EQ(menu.says[1], (std::pair<std::string, std::string>{"en-GB", "For English, press 2."}));
  EXPECT_EQ(menu.says[2].first, "ar-XA");
  EXPECT_EQ(menu.gather_action, "/webhooks/twilio/voice?step=1");
  EXPECT_NE(menu.body.find(R"(numDigits="1")"), std::string::npos);
  // Nothing is stored before the caller picks a language.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
  // A key that picks nothing: the menu again.
  Spoken again = Press("9");
  EXPECT_EQ(again.says.size(), 7u);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
}

TEST_F(VoiceTest, DigitsThroughAWholeReferralThenTheContactsBySms) {
  Start();
  Call();
  Spoken start = Press("2");  // English
  ASSERT_EQ(start.status, 200) << start.body;
  EXPECT_NE(start.Text().find("Hello, this is Levier"), std::string::npos) << start.body;
  EXPECT_NE(start.Text().find("press 1."), std::string::npos) << start.body;
  EXPECT_EQ(start.says.front().first, "en-GB");
  EXPECT_EQ(start.gather_action, "/webhooks/twilio/voice?step=2&lang=en");
  // Ten choices: "1" then "0" must not be cut at the first key.
  EXPECT_NE(start.body.find(R"(finishOnKey="#")"), std::string::npos) << start.body;

  Spoken contacts = PressToContacts();
  ASSERT_NE(contacts.Text().find("Téléphone"), std::string::npos) << contacts.body;
  // Read slowly: pairs of digits with a pause between them, never a web address.
  EXPECT_TRUE(
      std::regex_search(contacts.Text(), std::regex(R"(\d \d, \d \d, \d \d, \d \d, \d \d)")))
      << contacts.Text();
  EXPECT_EQ(contacts.Text().find("https://"), std::string::npos) << contacts.Text();
  EXPECT_NE(contacts.body.find(R"(<Pause length="1"/>)"), std::string::npos);
  EXPECT_NE(contacts.Text().find("Voulez-vous recevoir ces contacts par SMS ?"), std::string::npos)
      << contacts.Text();
  const std::string referrals = Query("SELECT COUNT(*) FROM referrals WHERE channel = 'voice'");
  EXPECT_NE(referrals, "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals WHERE channel != 'voice'"), "0");

  Spoken sent = Press("1");
  EXPECT_NE(sent.Text().find("vous allez recevoir un SMS"), std::string::npos) << sent.Text();
  ASSERT_TRUE(WaitUntil([&] { return !api_.sent().empty(); }, 20)) << ReadFile(server_->log_path());
  const ReceivedMessage sms = api_.sent()[0];
  EXPECT_EQ(sms.to, kCaller);
  EXPECT_EQ(sms.from, kFrom);
  // The written contacts: the number as written, the web address.
  EXPECT_NE(sms.body.find("CRIA"), std::string::npos) << sms.body;
  EXPECT_NE(sms.body.find("02 47 47 12 87"), std::string::npos) << sms.body;
  EXPECT_NE(sms.body.find("Tél."), std::string::npos) << sms.body;
  EXPECT_TRUE(api_.problems().empty()) << api_.problems()[0];
  // The copy logs no second referral, and its row keeps neither text nor number.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals"), referrals);
  ASSERT_TRUE(WaitUntil(
      [&] { return Query("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == "0"; }, 10));
  EXPECT_EQ(Query("SELECT channel || '/' || kind FROM outbox"), "sms/reply");
  EXPECT_EQ(
      Query("SELECT COUNT(*) FROM outbox WHERE payload != '' OR address_ciphertext IS NOT NULL"),
      "0");

  Spoken bye = Press("2");  // nothing else
  EXPECT_TRUE(bye.hangup) << bye.body;
  EXPECT_TRUE(bye.gather_action.empty());
  EXPECT_NE(bye.Text().find("Au revoir"), std::string::npos) << bye.body;

  // `levier report` counts the phone line's referrals under its own channel.
  ASSERT_EQ(server_->Stop(), 0);
  CommandResult report = RunLevier({"report", "--json", "--db", server_->db_path().string(), "--kb",
                                    std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const nlohmann::json channels = nlohmann::json::parse(report.out)["breakdowns"]["channel"];
  ASSERT_EQ(channels.size(), 1u) << report.out;
  EXPECT_EQ(channels[0]["channel"], "voice");
}

TEST_F(VoiceTest, ARepeatedRequestGetsTheSameAnswerAndStepsOnce) {
  Start();
  Call();
  Press("1");
  const std::string target = last_.gather_action;
  gathered_ = true;
  const Spoken first = Post(target, "4");
  const Spoken again = Post(target, "4");
  gathered_ = false;
  EXPECT_EQ(first.body, again.body);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "2");  // language, then "4"
}

TEST_F(VoiceTest, SilenceAsksAgainThenEndsTheCall) {
  Start();
  Call();
  // The menu, said again twice, then the call ends: nothing stored.
  ASSERT_EQ(Silence().says.size(), 7u);
  ASSERT_EQ(Silence().says.size(), 7u);
  EXPECT_TRUE(Silence().hangup);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");

  Call();
  Press("1");
  Spoken asked = Silence();
  EXPECT_NE(asked.Text().find("je n'ai pas compris"), std::string::npos) << asked.body;
  EXPECT_FALSE(asked.gather_action.empty());
  EXPECT_FALSE(Silence().hangup);
  EXPECT_TRUE(Silence().hangup) << "three silences in a row end the call";
}

// Keys pressed faster than the resident's limit allows: the call waits and
// posts the same step again with its keys, instead of hanging up.
TEST_F(VoiceTest, AStepOverTheRateLimitWaitsAndComesBackWithItsKeys) {
  Start({}, 2);  // two new messages at once, then one every 30 s
  Call();
  ASSERT_FALSE(Press("1").gather_action.empty());  // the language: 1 of 2
  ASSERT_FALSE(Press("2").gather_action.empty());  // the barrier: 2 of 2
  const std::string processed = Query("SELECT COUNT(*) FROM processed_messages");
  const std::string target = last_.gather_action;
  const Spoken limited = Press("1");  // over the limit
  ASSERT_EQ(limited.status, 200) << limited.body;
  EXPECT_FALSE(limited.hangup) << limited.body;
  EXPECT_TRUE(limited.says.empty());
  EXPECT_NE(limited.body.find(R"(<Pause length="5"/>)"), std::string::npos) << limited.body;
  EXPECT_EQ(limited.redirect, target + "&keys=1");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), processed) << "nothing read";
  // Posted again (still over the limit here): the keys ride along, once.
  last_.gather_action.clear();
  const Spoken again = Post(limited.redirect, "");
  EXPECT_EQ(again.redirect, target + "&keys=1");
  // Keys that are not keypad keys are refused.
  EXPECT_EQ(Post(target + "&keys=1%3Cx", "").status, 400);
}

TEST_F(VoiceTest, AHiddenNumberTalksButIsOfferedNoSms) {
  Start();
  Spoken contacts = PressToContacts("anonymous");
  ASSERT_NE(contacts.Text().find("Téléphone"), std::string::npos) << contacts.body;
  EXPECT_EQ(contacts.Text().find("par SMS"), std::string::npos) << contacts.Text();
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox"), "0");
}

TEST_F(VoiceTest, WithoutTwilioSendingNoSmsIsOffered) {
  ServerProcess::Options options;  // no account, no sender number
  server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  Spoken contacts = PressToContacts();
  ASSERT_NE(contacts.Text().find("Téléphone"), std::string::npos) << contacts.body;
  EXPECT_EQ(contacts.Text().find("par SMS"), std::string::npos) << contacts.Text();
}

TEST_F(VoiceTest, UnsignedOrMisSignedCallsAreRefusedAndStoreNothing) {
  Start();
  call_sid_ = "CA" + std::string(32, '1');
  EXPECT_EQ(Post(kVoicePath, "", kCaller, std::string()).status, 403);
  EXPECT_EQ(Post(kVoicePath, "", kCaller, std::string("bm90IGEgc2lnbmF0dXJl")).status, 403);
  // Signed for another step than the one asked: the query is signed too.
  VoiceRequest signed_for;
  signed_for.call_sid = call_sid_;
  signed_for.from = kCaller;
  signed_for.digits = "1";
  const net::FormParams params = TwilioVoiceParams(signed_for);
  const std::string other = channels::twilio_sms::ComputeSignature(
      ServerProcess::kAuthToken,
      std::string(ServerProcess::kPublicUrl) + "/webhooks/twilio/voice?step=1", params);
  gathered_ = true;
  EXPECT_EQ(Post("/webhooks/twilio/voice?step=2&lang=fr", "1", kCaller, other).status, 403);
  gathered_ = false;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM processed_messages"), "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sessions"), "0");
}

TEST_F(VoiceTest, MalformedCallsGetAClearError) {
  Start();
  call_sid_ = "not-a-call-sid";
  Spoken bad = Post(kVoicePath, "");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("CallSid"), std::string::npos);
}

TEST_F(VoiceTest, TheLineCanBeTurnedOff) {
  Start({{"LEVIER_VOICE", "off"}});
  EXPECT_EQ(Call().status, 404);
}

TEST_F(VoiceTest, TheCallersNumberIsNeverStoredOrLoggedInClear) {
  Start();
  PressToContacts();
  Press("1");  // the SMS copy: the number is sealed, then blanked once sent
  ASSERT_TRUE(WaitUntil([&] { return !api_.sent().empty(); }, 20));
  ASSERT_TRUE(WaitUntil(
      [&] { return Query("SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == "0"; }, 10));
  ASSERT_EQ(server_->Stop(), 0);
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename() == "levier.json") continue;
    EXPECT_EQ(ReadFile(entry.path()).find(kCallerDigits), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace levier::testing
