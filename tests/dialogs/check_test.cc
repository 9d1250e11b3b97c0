// One test per defect `levier check` reports, each on the tiny script of
// script_fixture.h broken one way; and the shipped script has no errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "dialogs_test_util.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/script.h"
#include "script_fixture.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using Severity = CheckFinding::Severity;
using test_util::TempScript;
using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string Describe(const std::vector<CheckFinding>& findings) {
  std::string out;
  for (const CheckFinding& f : findings) {
    out += (f.severity == Severity::kError ? "ERROR " : "warning ") + f.file + " [" + f.node +
           "] [" + f.language + "] " + f.message + "\n";
  }
  return out;
}

std::vector<CheckFinding> CheckTemp(const TempScript& t) {
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  if (!s.ok()) {
    ADD_FAILURE() << s.status().ToString();
    return {};
  }
  return CheckScript(*s, test_util::TestKb());
}

std::vector<CheckFinding> CheckTemp(const TempScript& t, const CheckOptions& options) {
  Result<Script> s = Script::LoadFromDirectory(t.Write());
  if (!s.ok()) {
    ADD_FAILURE() << s.status().ToString();
    return {};
  }
  return CheckScript(*s, test_util::TestKb(), options);
}

TEST(CheckScriptTest, ShippedScriptHasNoErrors) {
  std::vector<CheckFinding> findings = CheckScript(test_util::ShippedScript(), test_util::TestKb());
  for (const CheckFinding& f : findings) {
    EXPECT_EQ(f.severity, Severity::kWarning) << Describe({f});
  }
}

TEST(CheckScriptTest, ShippedScriptWithShippedKbHasNoErrors) {
  Result<kb::KnowledgeBase> kb =
      kb::KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  for (const CheckFinding& f : CheckScript(test_util::ShippedScript(), *kb)) {
    EXPECT_EQ(f.severity, Severity::kWarning) << Describe({f});
  }
}

TEST(CheckScriptTest, ShippedSettingsLoad) {
  Result<CheckOptions> options =
      LoadCheckOptions(LEVIER_SOURCE_DIR "/dialogs/default/check.json");
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->max_segments, 2u);
  EXPECT_TRUE(options->transliterate);
  for (const char* acronym : {"RQTH", "QPV", "DDETS", "SIAE", "CAF", "MDPH"}) {
    EXPECT_THAT(options->jargon, ::testing::Contains(acronym));
  }
}

TEST(CheckScriptTest, TinyValidScriptIsClean) {
  TempScript t;
  std::vector<CheckFinding> findings = CheckTemp(t);
  EXPECT_TRUE(findings.empty()) << Describe(findings);
}

TEST(CheckScriptTest, DanglingTransitionIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "byee";
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("flow.json"));
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].message, "choice 2: next 'byee' does not exist");
}

TEST(CheckScriptTest, UnreachableNodeIsAWarning) {
  TempScript t;
  t.flow["nodes"].push_back({{"id", "orphan"}, {"kind", "end"}, {"text", "bye"}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "orphan");
  EXPECT_THAT(findings[0].message, HasSubstr("unreachable"));
}

TEST(CheckScriptTest, NodeWithNoWayOutIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "note";
  t.flow["nodes"].push_back({{"id", "note"}, {"kind", "message"}, {"text", "bye"}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "note");
  EXPECT_THAT(findings[0].message, HasSubstr("no way out"));
}

TEST(CheckScriptTest, ChoiceWithNoWayOutIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1].erase("next");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_THAT(findings[0].message, HasSubstr("choice 2: no way out"));
}

TEST(CheckScriptTest, UnknownBarrierCodeIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][0] = {{"barrier", "logment"}, {"label", "barrier.mobilite"},
                                      {"keywords", "barrier.mobilite"}, {"next", "bye"}};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].message,
            "choice 1: unknown barrier code 'logment' (see levier/util/barriers.h)");
}

TEST(CheckScriptTest, UnknownBarrierVocabularyIsAnError) {
  TempScript t;
  t.en["keywords"]["barrier.housing"] = {"flat"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].language, "en");
}

// Every supported language gets every text: a resident must never read a
// message in a language they did not choose.
TEST(CheckScriptTest, MissingTranslationIsAnErrorNamingFileNodeLanguage) {
  TempScript t;
  t.en["texts"].erase("bye");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].language, "en");
  EXPECT_THAT(findings[0].message, HasSubstr("text 'bye' is missing"));
}

// STOP wins over any answer, so an answer that is also a STOP word would
// unsubscribe whoever meant the answer: in its own language, and for the
// default language's STOP words (which count in every conversation).
TEST(CheckScriptTest, AnswerKeywordThatIsAStopWordIsAnError) {
  TempScript t;
  t.en["keywords"]["kw_yes"].push_back("stop");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].language, "en");
  EXPECT_THAT(findings[0].message, HasSubstr("keyword 'stop' of 'kw_yes' is also a STOP word"));

  // Another language's STOP word is an ordinary word here.
  TempScript other;
  other.en["keywords"]["cmd_stop"].push_back("dur");
  other.fr["keywords"]["barrier.mobilite"].push_back("dur");
  EXPECT_TRUE(CheckTemp(other).empty()) << Describe(CheckTemp(other));
}

TEST(CheckScriptTest, TextMissingInDefaultLanguageIsAnError) {
  TempScript t;
  t.fr["texts"].erase("ask");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError) << Describe(findings);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
}

TEST(CheckScriptTest, KeywordClaimedByTwoChoicesIsAWarning) {
  TempScript t;
  t.fr["keywords"]["kw_yes"] = {"oui", "voiture"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message, "keyword 'voiture' is claimed by choice 1 and choice 2");
}

TEST(CheckScriptTest, OverLongMessageIsAWarningWithItsSegments) {
  TempScript t;
  t.fr["texts"]["bye"] = std::string(321, 'e');
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].file, EndsWith("lang/fr.json"));
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message,
            "text is 3 SMS (GSM-7, 321 characters); keep it to 2 SMS or fewer");
}

TEST(CheckScriptTest, ChoiceLabelsTooLongForWhatsAppButtonsAreWarnings) {
  TempScript t;
  // Two choices: WhatsApp buttons, whose titles stop at 20 characters.
  t.fr["texts"]["yes"] = "Oui, tout à fait, c'est ça";  // 26 characters
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_THAT(findings[0].message, HasSubstr("'yes' has 26 characters: WhatsApp buttons show 20"));
  t.fr["texts"]["yes"] = "Oui, tout à fait !";  // 18: fits
  EXPECT_TRUE(CheckTemp(t).empty()) << Describe(CheckTemp(t));
}

TEST(CheckScriptTest, OverLongChoiceQuestionCountsItsChoiceLines) {
  TempScript t;
  // 140 characters of question + "\n1 Transport\n2 Oui" = 158: one SMS; the
  // re-ask adds "?\n" to the lines only. With 150, the question needs two.
  t.fr["texts"]["ask"] = std::string(150, 'q');
  CheckOptions options;
  options.max_segments = 1;
  std::vector<CheckFinding> findings = CheckTemp(t, options);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].node, "ask");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message,
            "question is 2 SMS (GSM-7, 168 characters); keep it to 1 SMS");
}

TEST(CheckScriptTest, SegmentsAreCountedAfterTransliteration) {
  TempScript t;
  t.fr["texts"]["bye"] = std::string(99, 'a') + "ê";  // UCS-2: 2 SMS; GSM-7: 1
  CheckOptions options;
  options.max_segments = 1;
  EXPECT_TRUE(CheckTemp(t, options).empty()) << Describe(CheckTemp(t, options));

  options.transliterate = false;
  std::vector<CheckFinding> findings = CheckTemp(t, options);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].message,
            "text is 2 SMS (UCS-2, 100 characters; UCS-2 because of 'ê'); keep it to 1 SMS");
}

TEST(CheckScriptTest, LoopWithNoQuestionIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "a";
  t.flow["nodes"].push_back({{"id", "a"}, {"kind", "message"}, {"text", "bye"}, {"next", "b"}});
  t.flow["nodes"].push_back({{"id", "b"}, {"kind", "handoff"}, {"text", "bye"}, {"next", "a"}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("flow.json"));
  EXPECT_EQ(findings[0].node, "a");
  EXPECT_EQ(findings[0].message,
            "loop with no question: from 'a' the flow comes back to it through 'b' without "
            "waiting for an answer");
}

TEST(CheckScriptTest, NodeThatCannotReachAnEndIsAWarning) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "again";
  t.flow["nodes"].push_back({{"id", "again"}, {"kind", "choice"}, {"text", "ask"},
                             {"choices", {{{"label", "yes"}, {"keywords", "kw_yes"},
                                           {"next", "again"}}}}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].node, "again");
  EXPECT_THAT(findings[0].message, HasSubstr("no path leads from here to an end node"));
}

TEST(CheckScriptTest, UnknownFollowupBarrierIsAnError) {
  TempScript t;
  t.flow["nodes"][0]["choices"][1]["next"] = "fu";
  t.flow["nodes"].push_back({{"id", "fu"}, {"kind", "followups"}, {"next", "bye"},
                             {"followups", {{"transports", "q"}}}});
  t.flow["nodes"].push_back(
      {{"id", "q"}, {"kind", "choice"}, {"text", "ask"}, {"next", "fu"},
       {"choices", {{{"label", "yes"}, {"keywords", "kw_yes"}, {"set", {{"permis", "oui"}}}}}}});
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].node, "fu");
  EXPECT_EQ(findings[0].message,
            "followup: unknown barrier code 'transports' (see levier/util/barriers.h)");
}

TEST(CheckScriptTest, KeywordClaimedByTwoBarriersIsAWarning) {
  TempScript t;
  t.fr["keywords"]["barrier.logement"] = {"maison", "voiture"};
  t.en["keywords"]["barrier.logement"] = {"house"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].file, EndsWith("lang/fr.json"));
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message,
            "keyword 'voiture' is claimed by 'barrier.logement' and 'barrier.mobilite'");
}

TEST(CheckScriptTest, AResourceWordOutsideItsBarriersListIsAWarning) {
  TempScript t;
  t.fr["keywords"]["resource.mobilite"] = {"voiture", "trottinette"};
  t.en["keywords"]["resource.mobilite"] = {"voiture"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message, "keywords 'resource.mobilite': 'trottinette' is not a word of "
                                 "'barrier.mobilite', so marking it as a resource changes nothing");

  TempScript unknown;
  unknown.fr["keywords"]["resource.transports"] = {"voiture"};
  unknown.en["keywords"]["resource.transports"] = {"voiture"};
  findings = CheckTemp(unknown);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError) << Describe(findings);
  EXPECT_EQ(findings[0].message, "keywords 'resource.transports': unknown barrier code "
                                 "'transports' (see levier/util/barriers.h)");
}

TEST(CheckScriptTest, AWeakWordAlsoInItsBarriersListIsAWarning) {
  TempScript t;
  t.fr["keywords"]["barrier.garde-enfants"] = {"creche", "enfant*"};
  t.fr["keywords"]["weak.garde-enfants"] = {"enfant*", "ecole"};
  t.en["keywords"]["barrier.garde-enfants"] = {"nursery"};
  t.en["keywords"]["weak.garde-enfants"] = {"kids"};
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message,
            "keywords 'weak.garde-enfants': 'enfant*' is also a word of 'barrier.garde-enfants', "
            "which names the barrier outright: the weak entry changes nothing");

  TempScript unknown;
  unknown.fr["keywords"]["weak.enfants"] = {"ecole"};
  unknown.en["keywords"]["weak.enfants"] = {"school"};
  findings = CheckTemp(unknown);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError) << Describe(findings);
  EXPECT_EQ(findings[0].message,
            "keywords 'weak.enfants': unknown barrier code 'enfants' (see levier/util/barriers.h)");
}

// Opted out, only the conversation's own START words bring a resident back.
TEST(CheckScriptTest, AReplyToStopThatNamesNoStartWordIsAWarning) {
  TempScript t;
  t.en["texts"]["stop_done"] = "Done. Send RESUME to come back.";
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].language, "en");
  EXPECT_EQ(findings[0].message,
            "text 'stop_done' (the reply to STOP) names none of the words of 'cmd_start': a "
            "resident who stopped would not know what to send to come back");
}

TEST(CheckScriptTest, MissingCommandKeywordsAreAnError) {
  TempScript t;
  t.fr["keywords"].erase("cmd_stop");
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError) << Describe(findings);
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_EQ(findings[0].message, "keywords 'cmd_stop' are used but missing in the default language");
}

TEST(CheckScriptTest, LongSentenceIsAWarning) {
  TempScript t;
  t.en["texts"]["bye"] =
      "Thank you. We will now look for the people and places near your home that can help you "
      "with what keeps you from working today.";
  std::vector<CheckFinding> findings = CheckTemp(t);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].file, EndsWith("lang/en.json"));
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].language, "en");
  EXPECT_THAT(findings[0].message,
              HasSubstr("text 'bye': a sentence of 23 words (\"We will now look for"));
}

TEST(CheckScriptTest, UnexplainedJargonIsAWarning) {
  TempScript t;
  t.fr["texts"]["bye"] = "Avez-vous la RQTH ?";
  CheckOptions options;
  options.jargon = {"RQTH", "QPV"};
  std::vector<CheckFinding> findings = CheckTemp(t, options);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_THAT(findings[0].file, EndsWith("lang/fr.json"));
  EXPECT_EQ(findings[0].node, "bye");
  EXPECT_EQ(findings[0].language, "fr");
  EXPECT_THAT(findings[0].message, HasSubstr("text 'bye': 'RQTH' is jargon"));
}

TEST(CheckScriptTest, ExplainedJargonIsAccepted) {
  CheckOptions options;
  options.jargon = {"RQTH", "QPV", "CAF", "dispositif"};
  for (const char* text : {"Avez-vous la RQTH (un papier qui reconnaît un handicap) ?",
                           "Avez-vous la RQTH - un papier qui reconnaît un handicap ?",
                           "Vous habitez un QPV – un quartier prioritaire.",
                           "Le papier qui reconnaît un handicap (RQTH) aide.",
                           "Un café ? Un Dispositif (une aide) existe.",
                           "RQTHX et XRQTH ne sont pas des sigles connus."}) {
    TempScript t;
    t.fr["texts"]["bye"] = text;
    std::vector<CheckFinding> findings = CheckTemp(t, options);
    EXPECT_TRUE(findings.empty()) << text << "\n" << Describe(findings);
  }
}

TEST(CheckScriptTest, JargonExplainedElsewhereIsStillReported) {
  // Each SMS is read alone: an explanation in another text does not count.
  TempScript t;
  t.fr["texts"]["ask"] = "Avez-vous la RQTH (papier du handicap) ?";
  t.fr["texts"]["bye"] = "Pensez à la RQTH.";
  CheckOptions options;
  options.jargon = {"RQTH"};
  std::vector<CheckFinding> findings = CheckTemp(t, options);
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].node, "bye");
}

TEST(CheckScriptTest, SettingsAreReadBesideFlowJson) {
  TempScript t;
  t.fr["texts"]["bye"] = "Demandez à la CAF.";
  const std::filesystem::path& dir = t.Write();
  std::ofstream(dir / "check.json")
      << R"({"format": "levier-check/1", "plain_language": {"jargon": ["CAF"]}})";
  Result<Script> s = Script::LoadFromDirectory(dir);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::vector<CheckFinding> findings = CheckScript(*s, test_util::TestKb());
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_THAT(findings[0].message, HasSubstr("'CAF' is jargon"));
}

TEST(CheckScriptTest, MalformedSettingsAreAnErrorNamingTheFile) {
  TempScript t;
  const std::filesystem::path& dir = t.Write();
  std::ofstream(dir / "check.json")
      << R"({"format": "levier-check/1", "sms": {"max_segments": "two"}})";
  Result<Script> s = Script::LoadFromDirectory(dir);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::vector<CheckFinding> findings = CheckScript(*s, test_util::TestKb());
  ASSERT_EQ(findings.size(), 1u) << Describe(findings);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_THAT(findings[0].file, EndsWith("check.json"));
  EXPECT_THAT(findings[0].message,
              HasSubstr("sms.max_segments: must be a whole number from 1 to 1000"));
}

}  // namespace
}  // namespace levier::dialogs
