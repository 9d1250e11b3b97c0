// The follow-up part of the shipped dialog (dialogs/default): consent after
// the referral, the follow-up started by the outbox, the answers, STOP.
#include <gtest/gtest.h>

#include <algorithm>

#include "levier/dialogs/engine.h"
#include "levier/kb/knowledge_base.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

constexpr UnixSeconds kT0 = 1'780'000'000;

class FollowupFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Script> s = Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default");
    ASSERT_TRUE(s.ok()) << s.status().message();
    script_ = new Script(std::move(*s));
    Result<kb::KnowledgeBase> k =
        kb::KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
    ASSERT_TRUE(k.ok()) << k.status().message();
    kb_ = new kb::KnowledgeBase(std::move(*k));
  }

  StepResult Say(const Session& session, std::string_view text, UnixSeconds now) {
    return Step(*script_, *kb_, session, {text, "sms", now, {}, {}});
  }
  static bool Has(const StepResult& r, EventKind kind) {
    return std::find(r.events.begin(), r.events.end(), kind) != r.events.end();
  }

  // Transport, no licence, Tours, 26-49: the referral, then the consent question.
  Session AtConsent() {
    Session s;
    for (const char* text : {"Bonjour", "4", "1"}) s = Say(s, text, kT0).session;
    EXPECT_EQ(s.node, "ask_followup");
    return s;
  }

  static Script* script_;
  static kb::KnowledgeBase* kb_;
};
Script* FollowupFlowTest::script_ = nullptr;
kb::KnowledgeBase* FollowupFlowTest::kb_ = nullptr;

TEST_F(FollowupFlowTest, YesReportsConsentNoDoesNot) {
  const Session at = AtConsent();
  const StepResult yes = Say(at, "1", kT0);
  EXPECT_TRUE(Has(yes, EventKind::kFollowupConsented));
  EXPECT_EQ(yes.session.barriers, std::vector<std::string>{"mobilite"});
  EXPECT_EQ(yes.session.node, "anything_else");
  const StepResult no = Say(at, "non", kT0);
  EXPECT_FALSE(Has(no, EventKind::kFollowupConsented));
  EXPECT_EQ(no.session.node, "anything_else");
}

TEST_F(FollowupFlowTest, StartFollowupAsksInTheResidentsLanguageAndWaitsDaysForTheAnswer) {
  const Session consented = Say(AtConsent(), "1", kT0).session;
  const UnixSeconds later = kT0 + 14 * 24 * 3600;
  Result<StepResult> started = StartFollowup(*script_, *kb_, consented, "mobilite", later);
  ASSERT_TRUE(started.ok()) << started.status().message();
  ASSERT_EQ(started->Texts().size(), 2u);
  const std::string intro = script_->Text("fr", "followup_intro");
  const std::string label = script_->Text("fr", "barrier.mobilite");
  EXPECT_EQ(started->Texts()[0], intro.substr(0, intro.find("{barrier}")) + label +
                                     intro.substr(intro.find("{barrier}") + 9));
  EXPECT_EQ(started->Texts()[1],
            "Les avez-vous contactés ?\n1 Oui\n2 Non\n3 Pas réussi à joindre");
  EXPECT_EQ(started->session.node, "followup_contacted");
  EXPECT_EQ(started->session.profile.at("followup_barrier"), "mobilite");
  EXPECT_FALSE(started->session.ended);

  // Answered six hours later: no "carry on or start over?".
  StepResult r = Say(started->session, "1", later + 6 * 3600);
  EXPECT_EQ(r.session.node, "followup_rating");
  r = Say(r.session, "5", later + 7 * 3600);
  EXPECT_EQ(r.session.node, "followup_lifted");
  r = Say(r.session, "oui", later + 7 * 3600);
  EXPECT_TRUE(Has(r, EventKind::kFollowupAnswered));
  EXPECT_TRUE(r.session.ended);
  EXPECT_EQ(r.session.profile.at("followup_contacted"), "yes");
  EXPECT_EQ(r.session.profile.at("followup_rating"), "5");
  EXPECT_EQ(r.session.profile.at("followup_lifted"), "yes");
}

TEST_F(FollowupFlowTest, StartFollowupClearsEarlierAnswersAndUsesTheSessionLanguage) {
  Session s;
  s.language = "en";
  s.profile = {{"followup_rating", "2"}, {"followup_contacted", "yes"}, {"commune", "Tours"}};
  Result<StepResult> started = StartFollowup(*script_, *kb_, s, "logement", kT0);
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->Texts()[0],
            "Hello, this is Levier. 2 weeks ago we gave you contacts for: Housing.");
  EXPECT_EQ(started->session.profile,
            (std::map<std::string, std::string>{{"commune", "Tours"},
                                                {"followup_barrier", "logement"}}));
  EXPECT_EQ(started->session.script_version, script_->version());
}

TEST_F(FollowupFlowTest, StopStillWorksInsideTheFollowup) {
  Result<StepResult> started = StartFollowup(*script_, *kb_, Session{}, "sante", kT0);
  ASSERT_TRUE(started.ok());
  const StepResult stop = Say(started->session, "STOP", kT0 + 60);
  EXPECT_TRUE(Has(stop, EventKind::kOptedOut));
  EXPECT_TRUE(stop.session.opted_out);
  Result<StepResult> again = StartFollowup(*script_, *kb_, stop.session, "sante", kT0 + 120);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace levier::dialogs
