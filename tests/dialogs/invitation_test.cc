// A professional's invitation in the pure engine: a code noted (or said to
// be no longer valid) and the conversation carrying on; the question of
// sharing asked only in an invited conversation, once; withdrawing in
// every language.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "dialogs_test_util.h"
#include "levier/dialogs/engine.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using test_util::Conversation;
using test_util::ShippedScript;

constexpr InvitationUse kAccepted{InvitationUse::Kind::kAccepted, "K7QM4RTX",
                                  "Mission Locale Tours"};
constexpr InvitationUse kNotValid{InvitationUse::Kind::kNotValid, {}, {}};

bool Has(const StepResult& r, EventKind kind) {
  return std::find(r.events.begin(), r.events.end(), kind) != r.events.end();
}

std::string AllText(const StepResult& r) {
  std::string all;
  for (const Reply& reply : r.replies) all += reply.text + "\n";
  return all;
}

// Answers the first choice until the flow waits at `node` (or gives up).
void AnswerOneUntil(Conversation& c, const std::string& node) {
  for (int i = 0; i < 10 && c.session().node != node && !c.session().ended; ++i) c.Send("1");
}

TEST(InvitationTest, EveryLanguageHasTheInvitationTextsAndTheWithdrawCommand) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    for (const char* id : {"invitation_noted", "invitation_expired", "share_ask", "share_agreed",
                           "share_declined", "withdraw_done", "invite_message", "invite_sms",
                           "card_title", "card_scan", "card_code"}) {
      EXPECT_TRUE(pack.texts.count(id)) << pack.code << " " << id;
    }
    EXPECT_FALSE(pack.keywords.at("cmd_withdraw").empty()) << pack.code;
    // Plain words: the organisation named, no jargon left for the resident.
    EXPECT_NE(pack.texts.at("share_ask").find("{org}"), std::string::npos) << pack.code;
  }
}

TEST(InvitationTest, ACodeStartsTheConversationInTheProfessionalsLanguageAndNamesThem) {
  Conversation c;
  StepResult r = c.Invited(kAccepted, "ar");
  EXPECT_EQ(c.session().language, "ar");
  EXPECT_EQ(c.session().invitation, "K7QM4RTX");
  EXPECT_EQ(c.session().invited_by, "Mission Locale Tours");
  ASSERT_GE(r.replies.size(), 2u);
  EXPECT_NE(r.replies[0].text.find("Mission Locale Tours"), std::string::npos) << r.replies[0].text;
  EXPECT_TRUE(Has(r, EventKind::kStarted)) << "the greeting follows";
  EXPECT_EQ(c.session().node, "ask_barrier");
}

// The code typed as the message ("k7qm-4rtx", two words each with a digit
// between letters, as Arabic is written in Latin letters) is no evidence of
// a language: the professional's choice holds. Before, it read as Arabic.
TEST(InvitationTest, TheCodeTypedAsTheMessageDoesNotPickTheLanguage) {
  Conversation c;
  c.Invited(kAccepted, "fr", "k7qm-4rtx");
  EXPECT_EQ(c.session().language, "fr");
}

TEST(InvitationTest, ACodeThatNoLongerWorksSaysSoAndTheConversationStarts) {
  Conversation c;
  StepResult r = c.Invited(kNotValid);
  EXPECT_EQ(c.session().invitation, "");
  EXPECT_NE(AllText(r).find("Ce code ne marche plus"), std::string::npos) << AllText(r);
  EXPECT_TRUE(Has(r, EventKind::kStarted));
}

TEST(InvitationTest, ACodeMidConversationIsNotedAndTheQuestionAskedAgain) {
  Conversation c;
  c.Send("Bonjour");
  c.Send("4");
  ASSERT_EQ(c.session().node, "q_mobilite");
  StepResult r = c.Invited(kAccepted);
  EXPECT_EQ(c.session().node, "q_mobilite") << "the code is not an answer";
  EXPECT_EQ(c.session().invitation, "K7QM4RTX");
  EXPECT_EQ(c.session().barriers, std::vector<std::string>{"mobilite"});
  EXPECT_NE(AllText(r).find(ShippedScript().Text("fr", "q_mobilite")), std::string::npos)
      << AllText(r);
}

TEST(InvitationTest, TheSharingQuestionIsAskedOnlyInAnInvitedConversationAndOnce) {
  Conversation alone;
  alone.followups_possible = false;
  alone.Send("Bonjour");
  alone.Send("4");
  AnswerOneUntil(alone, "share_consent");
  EXPECT_NE(alone.session().node, "share_consent") << "not invited: never asked";

  Conversation invited;
  invited.followups_possible = false;
  invited.Invited(kAccepted);
  invited.Send("4");
  AnswerOneUntil(invited, "share_consent");
  ASSERT_EQ(invited.session().node, "share_consent");
  StepResult yes = invited.Send("oui");
  EXPECT_TRUE(Has(yes, EventKind::kShareConsented));
  EXPECT_EQ(invited.session().profile.at(std::string(kShareKey)), "yes");
  EXPECT_NE(AllText(yes).find("RETIRER"), std::string::npos) << AllText(yes);
  // Another barrier in the same conversation: not asked again.
  invited.Send("oui");  // anything else? yes
  invited.Send("1");    // housing
  AnswerOneUntil(invited, "share_consent");
  EXPECT_NE(invited.session().node, "share_consent");

  Conversation declined;
  declined.followups_possible = false;
  declined.Invited(kAccepted);
  declined.Send("4");
  AnswerOneUntil(declined, "share_consent");
  StepResult no = declined.Send("non");
  EXPECT_FALSE(Has(no, EventKind::kShareConsented));
  EXPECT_EQ(declined.session().profile.at(std::string(kShareKey)), "no");
}

TEST(InvitationTest, EveryWithdrawWordOfEveryLanguageWithdraws) {
  for (const LanguagePack& pack : ShippedScript().language_packs()) {
    for (const std::string& word : pack.keywords.at("cmd_withdraw")) {
      Conversation c;
      c.Invited(kAccepted, pack.code);
      ASSERT_EQ(c.session().language, pack.code);
      StepResult r = c.Send(word);
      EXPECT_TRUE(Has(r, EventKind::kShareWithdrawn)) << pack.code << " '" << word << "'";
      EXPECT_EQ(c.session().profile.at(std::string(kShareKey)), "no") << pack.code << " " << word;
      ASSERT_FALSE(r.replies.empty()) << pack.code << " " << word;
      EXPECT_EQ(c.session().node, "ask_barrier") << "the question is asked again";
    }
  }
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::dialogs
