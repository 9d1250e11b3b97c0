// "Erase my data" and "talk to a person" over the real server: after a
// confirmed erase no row keyed to the participant's pseudonym is left (the
// anonymous referral counts remain); a person request is logged for
// coordinators without the number.
#include <gtest/gtest.h>

#include "levier/bot/pseudonym.h"
#include "server_process.h"
#include "twilio_client.h"

namespace levier::testing {
namespace {

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

  static constexpr const char* kSecret = "erase-test-secret-0123456789abcdef0123456789";
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
