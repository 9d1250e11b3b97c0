// "Erase my data" and "talk to a person" over the real server: after a
// confirmed erase no row keyed to the participant's pseudonym is left (the
// anonymous referral counts remain); a person request is logged for
// coordinators without the number.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "levier/bot/pseudonym.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace LEVIER_UNITY_ID {

class EraseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "data");
    // A known secret, so the test can compute the pseudonym the server uses.
    ServerProcess::Options options;
    options.env = {{"LEVIER_SECRET", kSecret}};
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  }

  SmsReply Say(const std::string& text, const std::string& from) {
    SmsRequest r;
    r.from = from;
    r.text = text;
    return SendSms(server_->base_url(), r);
  }

  std::string RowsOf(const std::string& pseudonym) {
    const std::string p = "'" + pseudonym + "'";
    return QueryScalar(server_->db_path(),
                       "SELECT (SELECT COUNT(*) FROM sessions WHERE pseudonym = " + p +
                           ") + (SELECT COUNT(*) FROM processed_messages WHERE pseudonym = " + p +
                           ") + (SELECT COUNT(*) FROM referrals WHERE pseudonym = " + p +
                           ") + (SELECT COUNT(*) FROM callback_requests WHERE pseudonym = " + p +
                           ") + (SELECT COUNT(*) FROM outbox WHERE pseudonym = " + p +
                           ") + (SELECT COUNT(*) FROM followup_answers WHERE pseudonym = " + p +
                           ")");
  }

  static constexpr const char* kSecret =
      "4a7c1e90b3d25f68e0a9c47b12d3e5f6a8b0c2d4e6f81357924680ace13579bd";
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(EraseTest, ConfirmedEraseLeavesNoRowOfTheParticipantButKeepsAnonymousCounts) {
  const std::string me = "+33645454545";
  const std::string other = "+33646464646";
  const std::string pseudonym = bot::Pseudonymize(kSecret, "sms", me);
  for (const char* text : {"Bonjour", "4", "1", "parler à quelqu'un"}) {
    ASSERT_EQ(Say(text, me).status, 200) << text;
  }
  for (const char* text : {"Bonjour", "4", "1"}) Say(text, other);
  ASSERT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals"), "6");
  ASSERT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM callback_requests"), "1");
  ASSERT_NE(RowsOf(pseudonym), "0");

  SmsReply confirm = Say("effacer mes données", me);
  EXPECT_NE(AllText(confirm).find("Effacer toutes vos"), std::string::npos) << AllText(confirm);
  EXPECT_NE(RowsOf(pseudonym), "0");  // nothing erased before the confirmation
  SmsReply done = Say("oui", me);
  EXPECT_NE(AllText(done).find("effac"), std::string::npos) << AllText(done);

  EXPECT_EQ(RowsOf(pseudonym), "0");
  // The referral counts stay, detached from anyone.
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals"), "6");
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals WHERE pseudonym = ''"),
            "3");
  // The other participant is untouched.
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM sessions"), "1");
  // Writing again starts a brand-new conversation.
  EXPECT_NE(AllText(Say("Bonjour", me)).find("ici Levier"), std::string::npos);
}

// A captured signed request replayed after the erasure (by whoever captured
// it, or by the platform) must not bring the resident back: its id is still
// known, unlinked from the person, so the replay is a duplicate with an
// empty answer.
TEST_F(EraseTest, ReplayOfACapturedRequestAfterEraseRecreatesNothing) {
  const std::string me = "+33649494949";
  const std::string pseudonym = bot::Pseudonymize(kSecret, "sms", me);
  SmsRequest captured;
  captured.from = me;
  captured.text = "Bonjour";
  captured.message_sid = "SM" + std::string(32, 'c');
  SmsReply first = SendSms(server_->base_url(), captured);
  ASSERT_NE(AllText(first).find("1 Logement"), std::string::npos);
  ASSERT_EQ(Say("4", me).status, 200);
  ASSERT_EQ(Say("effacer mes données", me).status, 200);
  ASSERT_EQ(Say("oui", me).status, 200);
  ASSERT_EQ(RowsOf(pseudonym), "0");

  SmsReply replayed = SendSms(server_->base_url(), captured);
  EXPECT_EQ(replayed.status, 200);
  EXPECT_TRUE(replayed.messages.empty()) << replayed.body;  // nothing of the resident's
  EXPECT_EQ(RowsOf(pseudonym), "0");
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM sessions"), "0");
  EXPECT_EQ(QueryScalar(server_->db_path(),
                        "SELECT pseudonym || '|' || reply || '|' || (erased_at IS NOT NULL) "
                        "FROM processed_messages WHERE message_id = '" +
                            captured.message_sid + "'"),
            "||1");
}

// The unlinked ids are kept for the replay window, then purged (at the next
// erasure). Aged here by moving two residents' erasures 8 and 6 days back.
TEST_F(EraseTest, UnlinkedMessageIdsArePurgedAfterSevenDays) {
  // Resident `tag` greets and erases; their message ids start with SM<tag>.
  const auto greet_and_erase = [&](char tag, const std::string& from) {
    int n = 0;
    for (const char* text : {"Bonjour", "effacer", "oui"}) {
      SmsRequest r;
      r.from = from;
      r.text = text;
      r.message_sid = "SM" + std::string(31, tag) + std::to_string(n++);
      ASSERT_EQ(SendSms(server_->base_url(), r).status, 200);
    }
  };
  const auto ids_of = [&](char tag) {
    return QueryScalar(server_->db_path(),
                       "SELECT COUNT(*) FROM processed_messages WHERE message_id LIKE 'SM" +
                           std::string(31, tag) + "%'");
  };
  greet_and_erase('a', "+33640404040");
  greet_and_erase('b', "+33641414141");
  ASSERT_EQ(ids_of('a'), "3");
  server_->Stop();
  ExecSql(server_->db_path(),
          "UPDATE processed_messages SET erased_at = erased_at - 8 * 86400 "
          "WHERE message_id LIKE 'SMaaa%' AND erased_at IS NOT NULL;"
          "UPDATE processed_messages SET erased_at = erased_at - 6 * 86400 "
          "WHERE message_id LIKE 'SMbbb%' AND erased_at IS NOT NULL;");
  ServerProcess::Options options;
  options.env = {{"LEVIER_SECRET", kSecret}};
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  greet_and_erase('c', "+33642424242");
  // Eight days old: gone (the erasure message itself, never linked, stays).
  EXPECT_EQ(ids_of('a'), "1");
  EXPECT_EQ(ids_of('b'), "3");  // six days old: still deduping
  EXPECT_EQ(ids_of('c'), "3");
}

// A stored reply names the providers that fit a resident's barriers: past
// the redelivery window (7 days) the server blanks it, and a redelivery of
// that message is still a duplicate, answered with nothing. Aged here by
// moving two messages 8 and 6 days back.
TEST_F(EraseTest, StoredRepliesAreBlankedAfterTheRedeliveryWindow) {
  const std::string me = "+33643434343";
  std::vector<SmsRequest> sent;
  for (const char* text : {"Bonjour", "4"}) {
    SmsRequest r;
    r.from = me;
    r.text = text;
    r.message_sid = "SM" + std::string(31, 'r') + std::to_string(sent.size());
    ASSERT_EQ(SendSms(server_->base_url(), r).status, 200);
    sent.push_back(r);
  }
  const auto reply_of = [&](const SmsRequest& r) {
    return QueryScalar(server_->db_path(), "SELECT reply FROM processed_messages WHERE "
                                           "message_id = '" + r.message_sid + "'");
  };
  ASSERT_NE(reply_of(sent[0]), "");
  server_->Stop();
  ExecSql(server_->db_path(),
          "UPDATE processed_messages SET created_at = created_at - 8 * 86400 "
          "WHERE message_id = '" + sent[0].message_sid + "';"
          "UPDATE processed_messages SET created_at = created_at - 6 * 86400 "
          "WHERE message_id = '" + sent[1].message_sid + "';");
  ServerProcess::Options options;
  options.env = {{"LEVIER_SECRET", kSecret}};
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  // The pass runs at start, on the writer: give it a moment.
  for (int i = 0; i < 100 && reply_of(sent[0]) != ""; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(reply_of(sent[0]), "");
  EXPECT_NE(reply_of(sent[1]), "") << "six days old: kept";
  const std::string session = QueryScalar(server_->db_path(), "SELECT state FROM sessions");
  SmsReply redelivered = SendSms(server_->base_url(), sent[0]);
  EXPECT_EQ(redelivered.status, 200);
  EXPECT_TRUE(redelivered.messages.empty()) << redelivered.body;
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM processed_messages"), "2");
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT state FROM sessions"), session)
      << "not stepped again";
}

// A resident who simply stops writing is erased once the retention
// (session.retention_s, 365 days by default) has passed since their last
// message, as if they had sent ERASE; one silent for less is kept. Aged here
// by moving two sessions 366 and 364 days back.
TEST_F(EraseTest, ResidentsSilentPastTheRetentionAreErasedAndOthersKept) {
  const std::string gone = "+33648484848";
  const std::string kept = "+33649494949";
  for (const std::string& who : {gone, kept}) {
    for (const char* text : {"Bonjour", "4", "1"}) ASSERT_EQ(Say(text, who).status, 200) << text;
  }
  const std::string gone_p = bot::Pseudonymize(kSecret, "sms", gone);
  const std::string kept_p = bot::Pseudonymize(kSecret, "sms", kept);
  ASSERT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals"), "6");
  const std::string kept_rows = RowsOf(kept_p);
  ASSERT_NE(RowsOf(gone_p), "0");
  server_->Stop();
  ExecSql(server_->db_path(),
          "UPDATE sessions SET updated_at = updated_at - 366 * 86400 WHERE pseudonym = '" +
              gone_p + "'; UPDATE sessions SET updated_at = updated_at - 364 * 86400 "
              "WHERE pseudonym = '" + kept_p + "';");
  ServerProcess::Options options;
  options.env = {{"LEVIER_SECRET", kSecret}};
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", options);
  // The pass runs at start (a read, then the writer): give it a moment.
  for (int i = 0; i < 100 && RowsOf(gone_p) != "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(RowsOf(gone_p), "0");
  EXPECT_EQ(RowsOf(kept_p), kept_rows) << "364 days silent: kept";
  // The counts stay, the erased resident's detached from them.
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals"), "6");
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM referrals WHERE pseudonym = ''"),
            "3");
  // Their message ids stay, unlinked, and still dedupe a replay.
  EXPECT_EQ(QueryScalar(server_->db_path(),
                        "SELECT COUNT(*) FROM processed_messages WHERE pseudonym = ''"),
            "3");
  // Written to again, the erased resident simply starts over.
  EXPECT_NE(AllText(Say("Bonjour", gone)).find("1 Logement"), std::string::npos);
}

// Shorter than the follow-up's delay plus a week to answer it, the
// retention would cancel follow-ups: refused at start, with the bound.
TEST_F(EraseTest, ARetentionShorterThanTheFollowUpIsRefused) {
  server_->Stop();
  const auto config = dir_.path() / "short.json";
  {
    std::ofstream out(config);
    out << R"({"session": {"retention_s": 86400}})";
  }
  CommandResult refused = RunLevier({"serve", "--config", config.string(), "--db",
                                     (dir_.path() / "data" / "levier.db").string()},
                                    {{"LEVIER_SECRET", kSecret}});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("session.retention_s must be 0"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("1814400"), std::string::npos) << refused.err;  // 14 + 7 days
}

// An audit kept less than a day is refused at start, with the bound.
TEST_F(EraseTest, AnAuditRetentionUnderADayIsRefused) {
  server_->Stop();
  const auto config = dir_.path() / "short-audit.json";
  {
    std::ofstream out(config);
    out << R"({"audit": {"retention_s": 3600}})";
  }
  CommandResult refused = RunLevier({"serve", "--config", config.string(), "--db",
                                     (dir_.path() / "data" / "levier.db").string()},
                                    {{"LEVIER_SECRET", kSecret}});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("audit.retention_s must be 0"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("86400"), std::string::npos) << refused.err;
}

TEST_F(EraseTest, EraseNotConfirmedKeepsEverything) {
  const std::string me = "+33647474747";
  const std::string pseudonym = bot::Pseudonymize(kSecret, "sms", me);
  Say("Bonjour", me);
  Say("effacer", me);
  Say("non", me);
  EXPECT_NE(RowsOf(pseudonym), "0");
  EXPECT_EQ(QueryScalar(server_->db_path(), "SELECT COUNT(*) FROM sessions"), "1");
}

TEST_F(EraseTest, TalkToAPersonLogsACallbackRequestWithoutTheNumber) {
  const std::string me = "+33648484848";
  Say("Bonjour", me);
  SmsReply r = Say("je veux parler à quelqu'un", me);
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.messages.empty());
  EXPECT_EQ(QueryScalar(server_->db_path(),
                        "SELECT COUNT(*) FROM callback_requests WHERE status = 'open' AND "
                        "channel = 'sms' AND language = 'fr'"),
            "1");
  EXPECT_EQ(QueryScalar(server_->db_path(),
                        "SELECT COUNT(*) FROM callback_requests WHERE pseudonym LIKE '%48484848%'"),
            "0");
}

}  // namespace
}  // namespace levier::testing
