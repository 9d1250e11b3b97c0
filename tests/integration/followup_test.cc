// Follow-ups end to end: the real server sends them through the durable
// outbox to a fake Twilio Messages API on loopback (fake_twilio_api.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "fake_twilio_api.h"
#include "levier/bot/pseudonym.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

constexpr const char* kFrom = "+33700000000";
constexpr const char* kResident = "+33612345678";
// Known, so a test can compute the resident's pseudonym.
constexpr const char* kSecret = "d3b07384d113edec49eaa6238ad5ff00c9a4e1f27b86350e2f1d4a7c8b9e0f16";

// A UTC window that holds the current time, or one that surely does not.
std::pair<std::string, std::string> WindowAroundNow(bool containing) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  if (containing) return {"00:00", "24:00"};
  // At least eight hours away from now, so it cannot open while a test runs
  // (a window starting at the next hour did, for a test started at 23:59).
  if (utc.tm_hour < 12) return {"20:00", "21:00"};
  return {"08:00", "09:00"};
}

class FollowupTest : public ::testing::Test {
 protected:
  // Starts (or, on the same database, restarts) the server.
  void Start(int delay_s, bool window_contains_now) {
    const auto [start, end] = WindowAroundNow(window_contains_now);
    const std::filesystem::path config = dir_.path() / "levier.json";
    std::ofstream(config) << R"({"followup": {"delay_s": )" << delay_s
                          << R"(, "timezone": "UTC", "window_start": ")" << start
                          << R"(", "window_end": ")" << end
                          << R"(", "retry_initial_s": 1, "retry_max_s": 2, "max_attempts": 3,)"
                          << R"( "per_minute": 0},)"
                          << R"( "twilio": {"api_base_url": ")" << api_.base_url()
                          << R"(", "from": ")" << kFrom << R"("}})";
    ServerProcess::Options options;
    options.extra_args = {"--config", config.string()};
    options.env = {{"LEVIER_TWILIO_ACCOUNT_SID", kAccountSid}, {"LEVIER_SECRET", kSecret}};
    server_.reset();
    server_ = std::make_unique<ServerProcess>(dir_.path(), options);
  }

  SmsReply Say(const std::string& text, const std::string& from = kResident) {
    SmsRequest r;
    r.from = from;
    r.text = text;
    return SendSms(server_->base_url(), r);
  }

  // Transport, Tours: three providers, then the consent question.
  void WalkToConsent(const std::string& from = kResident) {
    for (const char* text : {"Bonjour", "4"}) ASSERT_EQ(Say(text, from).status, 200) << text;
    SmsReply referral = Say("1", from);
    ASSERT_EQ(referral.status, 200);
    ASSERT_NE(AllText(referral).find("Wimoov"), std::string::npos);
    ASSERT_NE(AllText(referral).find("dans 2 semaines"), std::string::npos) << AllText(referral);
  }

  std::string Query(const std::string& sql) { return QueryScalar(server_->db_path(), sql); }


  TempDir dir_;
  FakeTwilioApi api_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(FollowupTest, ConsentQueuesOneEncryptedRowPerBarrier) {
  Start(/*delay_s=*/3600, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);  // yes, text me
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND kind = 'followup' "
                  "AND payload = '{\"barrier\":\"mobilite\"}' AND channel = 'sms'"),
            "1");
  EXPECT_EQ(Query("SELECT due_at - created_at FROM outbox"), "3600");
  // nonce (12) + the 12 characters of the number + tag (16), never the number itself.
  EXPECT_EQ(Query("SELECT length(address_ciphertext) FROM outbox"), "40");
  server_->Stop();
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = ReadFile(server_->db_path().string() + suffix);
    EXPECT_EQ(bytes.find(kResident), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find("612345678"), std::string::npos) << suffix;
  }
  EXPECT_EQ(ReadFile(server_->log_path()).find("612345678"), std::string::npos);
  EXPECT_EQ(api_.requests(), 0);
}

TEST_F(FollowupTest, DueFollowupIsSentThenAnswersAreLogged) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitUntil([&] { return api_.sent().size() == 1; }, 15)) << ReadFile(server_->log_path());
  const ReceivedMessage message = api_.sent()[0];
  EXPECT_EQ(message.to, kResident);
  EXPECT_EQ(message.from, kFrom);
  EXPECT_NE(message.body.find("Transport, permis"), std::string::npos) << message.body;
  EXPECT_NE(message.body.find("Les avez-vous contactés ?"), std::string::npos) << message.body;
  EXPECT_NE(message.body.find("3 Pas réussi à joindre"), std::string::npos);
  EXPECT_TRUE(api_.problems().empty());
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "sent"; }, 5));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE address_ciphertext IS NULL AND attempts = 1 "
                  "AND sent_at IS NOT NULL"),
            "1");

  // The resident's next messages answer the follow-up.
  SmsReply rating = Say("1");  // yes, I contacted them
  EXPECT_NE(AllText(rating).find("vous a aidé ?"), std::string::npos)  // "ça" fits GSM-7 as "ca"
      << AllText(rating);
  SmsReply lifted = Say("4");
  EXPECT_NE(AllText(lifted).find("Le problème est-il réglé ?"), std::string::npos);
  SmsReply thanks = Say("2");  // partly
  EXPECT_NE(AllText(thanks).find("Merci pour vos réponses"), std::string::npos);
  EXPECT_EQ(Query("SELECT barrier || '|' || contacted || '|' || rating || '|' || lifted || '|' || "
                  "could_not_reach || '|' || commune || '|' || language FROM followup_answers"),
            "mobilite|yes|4|partly|0|Tours|fr");
  EXPECT_EQ(api_.sent().size(), 1u);
}

TEST_F(FollowupTest, CouldNotReachIsLoggedWithoutRating) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "sent"; }, 15));
  EXPECT_NE(AllText(Say("3")).find("Le problème est-il réglé ?"), std::string::npos);
  EXPECT_NE(AllText(Say("3")).find("Merci pour vos réponses"), std::string::npos);
  EXPECT_EQ(Query("SELECT contacted || '|' || (rating IS NULL) || '|' || lifted || '|' || "
                  "could_not_reach FROM followup_answers"),
            "could_not_reach|1|no|1");
}

TEST_F(FollowupTest, ServerErrorIsRetriedWithBackoff) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  api_.FailNext(1, 500, 20500);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitUntil([&] { return api_.sent().size() == 1; }, 20)) << ReadFile(server_->log_path());
  EXPECT_EQ(api_.requests(), 2);  // the 500, then the retry
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "sent"; }, 5));
  EXPECT_EQ(Query("SELECT attempts FROM outbox"), "2");
  EXPECT_EQ(api_.sent()[0].to, kResident);
}

TEST_F(FollowupTest, OptedOutAtTwilioCancelsWithoutRetry) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  api_.FailNext(5, 400, 21610);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "cancelled"; }, 15));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a retry would come within 2 s
  EXPECT_EQ(api_.requests(), 1);
  EXPECT_EQ(Query("SELECT (address_ciphertext IS NULL) || '|' || last_error FROM outbox"),
            "1|http 400, twilio 21610");
}

TEST_F(FollowupTest, NeverSentOutsideTheSendingWindow) {
  Start(/*delay_s=*/0, /*window_contains_now=*/false);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  std::this_thread::sleep_for(std::chrono::seconds(4));  // several dispatcher polls
  EXPECT_EQ(api_.requests(), 0);
  EXPECT_EQ(Query("SELECT status || '|' || attempts FROM outbox"), "pending|0");
  // Positive control: the same row, once the window holds now, is sent. A
  // dead dispatcher or a row that was never due fails here, not silently above.
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  ASSERT_TRUE(WaitUntil([&] { return api_.sent().size() == 1; }, 15))
      << ReadFile(server_->log_path());
  EXPECT_EQ(api_.sent()[0].to, kResident);
}

TEST_F(FollowupTest, NeverSentAfterStop) {
  constexpr const char* kOther = "+33698765432";
  Start(/*delay_s=*/3, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  WalkToConsent(kOther);
  ASSERT_EQ(Say("1", kOther).status, 200);
  ASSERT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"), "2");
  ASSERT_EQ(Say("STOP").status, 200);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'cancelled' AND "
                  "address_ciphertext IS NULL"),
            "1");
  // Positive control in the same server: the resident who did not stop
  // gets theirs, so the dispatcher was alive while the other's stayed unsent.
  ASSERT_TRUE(WaitUntil([&] { return api_.sent().size() == 1; }, 15))
      << ReadFile(server_->log_path());
  std::this_thread::sleep_for(std::chrono::seconds(3));  // several more polls
  ASSERT_EQ(api_.sent().size(), 1u);
  EXPECT_EQ(api_.sent()[0].to, kOther);
  EXPECT_EQ(api_.requests(), 1);
}

// The dispatcher leases a row, then sends, then records the result. A crash
// between the two must not lose the follow-up: the lease expires and the
// restarted server sends it (at least once; Twilio has no idempotency key).
TEST_F(FollowupTest, KilledBetweenClaimAndRecordTheFollowupIsSentAfterRestart) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  api_.Hang();
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  // The send is in flight (claimed, unanswered): the kill lands in the window.
  ASSERT_TRUE(WaitUntil([&] { return api_.hung() == 1; }, 15)) << ReadFile(server_->log_path());
  EXPECT_EQ(Query("SELECT status || '|' || attempts FROM outbox"), "pending|1");
  server_->Kill();
  api_.Release();
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  ASSERT_TRUE(WaitUntil([&] { return api_.sent().size() == 1; }, 20))
      << ReadFile(server_->log_path());
  EXPECT_EQ(api_.sent()[0].to, kResident);
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "sent"; }, 5));
  EXPECT_EQ(Query("SELECT attempts FROM outbox"), "2");
}

// Erased, the pending follow-up is cancelled and keeps nothing of the
// person: no pseudonym, no address, no barrier (its payload). The row itself
// stays so that its id is never given to another.
TEST_F(FollowupTest, EraseCancelsThePendingFollowupAndBlanksIt) {
  Start(/*delay_s=*/3600, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_EQ(Query("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND pseudonym != '' AND "
                  "address_ciphertext IS NOT NULL AND payload LIKE '%barrier%'"),
            "1");
  SmsReply confirm = Say("EFFACER");
  ASSERT_EQ(confirm.status, 200);
  SmsReply done = Say("OUI");
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(Query("SELECT status || '|' || pseudonym || '|' || payload || '|' || "
                  "(address_ciphertext IS NULL) || '|' || last_error FROM outbox"),
            "cancelled|||1|erased")
      << AllText(confirm) << AllText(done);
}

// Every table that has a pseudonym column is filled for this resident
// first (a count of zero proves nothing about a table the scenario never
// wrote), then the erasure leaves none of them a row of theirs.
TEST_F(FollowupTest, EraseLeavesNoRowOfTheResidentInAnyTableItFilled) {
  Start(/*delay_s=*/0, /*window_contains_now=*/true);
  WalkToConsent();
  ASSERT_EQ(Say("1").status, 200);
  ASSERT_TRUE(WaitUntil([&] { return Query("SELECT status FROM outbox") == "sent"; }, 15));
  for (const char* answer : {"1", "4", "2"}) ASSERT_EQ(Say(answer).status, 200);
  ASSERT_EQ(Query("SELECT COUNT(*) FROM followup_answers"), "1");
  ASSERT_EQ(Say("je veux parler à quelqu'un").status, 200);
  // A professional's invitation code, sent mid-conversation: attributed.
  CommandResult invitation = RunLevier({"invitation", "create", "--org", "Mission Locale",
                                        "--db", server_->db_path().string()});
  ASSERT_EQ(invitation.exit_code, 0) << invitation.err;
  const std::string code = invitation.out.substr(invitation.out.find("code      ") + 10, 8);
  ASSERT_EQ(Say(code).status, 200);

  const std::string tables = Query(
      "SELECT group_concat(m.name, ' ') FROM sqlite_master m, pragma_table_info(m.name) p "
      "WHERE m.type = 'table' AND p.name = 'pseudonym'");
  const std::string pseudonym = bot::Pseudonymize(kSecret, "sms", kResident);
  const auto rows_of_resident = [&](const std::string& table) {
    return Query("SELECT COUNT(*) FROM " + table + " WHERE pseudonym = '" + pseudonym + "'");
  };
  std::istringstream names(tables);
  std::vector<std::string> filled;
  for (std::string table; names >> table;) {
    EXPECT_NE(rows_of_resident(table), "0")
        << table << " was never filled: the test proves nothing there";
    filled.push_back(table);
  }
  for (const char* expected : {"sessions", "processed_messages", "referrals", "callback_requests",
                               "outbox", "followup_answers", "attributions"}) {
    EXPECT_NE(std::find(filled.begin(), filled.end(), expected), filled.end()) << expected;
  }

  ASSERT_EQ(Say("EFFACER").status, 200);
  ASSERT_EQ(Say("OUI").status, 200);
  for (const std::string& table : filled) EXPECT_EQ(rows_of_resident(table), "0") << table;
  // The anonymous figures stay.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM followup_answers WHERE pseudonym = ''"), "1");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM referrals WHERE pseudonym = ''"), "3");
}

}  // namespace
}  // namespace levier::testing
