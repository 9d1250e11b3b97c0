#include "levier/channels/twilio_voice/twiml.h"

#include <gtest/gtest.h>

namespace levier::channels::twilio_voice {
namespace LEVIER_UNITY_ID {

constexpr const char* kHead = R"(<?xml version="1.0" encoding="UTF-8"?><Response>)";

dialogs::Reply Question(std::string text, int choices) {
  dialogs::Reply reply;
  reply.text = std::move(text);
  reply.choice_line = "{label} : tapez {n}.";
  for (int i = 1; i <= choices; ++i)
    reply.choices.push_back({"c" + std::to_string(i), "Choix " + std::to_string(i)});
  return reply;
}

const GatherOptions kGather{"/webhooks/twilio/voice?step=3&lang=fr",
                            "/webhooks/twilio/voice?step=3&lang=fr&silence=1", 6};

TEST(VoiceTwimlTest, AQuestionIsReadInsideAGatherOfOneKeyThenRedirectsOnSilence) {
  EXPECT_EQ(
      RenderSpoken({Question("Oui ou non ?", 2)}, "fr-FR", kGather),
      std::string(kHead) +
          R"(<Gather input="dtmf" method="POST" action="/webhooks/twilio/voice?step=3&amp;lang=fr" timeout="6" numDigits="1">)"
          R"(<Say language="fr-FR">Oui ou non ?</Say><Pause length="1"/>)"
          R"(<Say language="fr-FR">Choix 1 : tapez 1.</Say><Pause length="1"/>)"
          R"(<Say language="fr-FR">Choix 2 : tapez 2.</Say></Gather>)"
          R"(<Redirect method="POST">/webhooks/twilio/voice?step=3&amp;lang=fr&amp;silence=1</Redirect></Response>)");
}

TEST(VoiceTwimlTest, MoreThanNineChoicesWaitForHashOrAPauseInsteadOfOneKey) {
  const std::string twiml = RenderSpoken({Question("?", 10)}, "fr-FR", kGather);
  EXPECT_NE(twiml.find(R"(finishOnKey="#")"), std::string::npos) << twiml;
  EXPECT_EQ(twiml.find("numDigits"), std::string::npos) << twiml;
  EXPECT_NE(twiml.find("Choix 10 : tapez 10."), std::string::npos);
}

TEST(VoiceTwimlTest, EarlierRepliesAreReadFirstAndTheLastOneDecidesTheGather) {
  dialogs::Reply contacts;
  contacts.text = "Mobilité : voici qui peut vous aider.\nWimoov. Téléphone : 0 2, 4 7.";
  const std::string twiml = RenderSpoken({contacts, Question("Par SMS ?", 2)}, "fr-FR", kGather);
  const std::size_t gather = twiml.find("<Gather");
  const std::size_t wimoov = twiml.find("Wimoov");
  ASSERT_NE(gather, std::string::npos);
  EXPECT_LT(gather, wimoov) << "a caller may answer before the contacts end";
  EXPECT_NE(
      twiml.find(
          R"(voici qui peut vous aider.</Say><Pause length="1"/><Say language="fr-FR">Wimoov)"),
      std::string::npos)
      << "one line per <Say>, a pause between: " << twiml;
}

TEST(VoiceTwimlTest, WithNothingLeftToAskTheCallEnds) {
  dialogs::Reply bye;
  bye.text = "Merci et bon courage !";
  EXPECT_EQ(RenderSpoken({bye}, "fr-FR", kGather),
            std::string(kHead) +
                R"(<Say language="fr-FR">Merci et bon courage !</Say><Hangup/></Response>)");
  EXPECT_EQ(RenderSpoken({}, "fr-FR", kGather), std::string(kHead) + "<Hangup/></Response>");
  EXPECT_EQ(RenderHangup(), std::string(kHead) + "<Hangup/></Response>");
}

TEST(VoiceTwimlTest, AStepTakenAgainLaterWaitsThenRedirects) {
  EXPECT_EQ(RenderWaitThenRedirect(5, "/webhooks/twilio/voice?step=3&lang=fr&keys=1"),
            std::string(kHead) +
                R"(<Pause length="5"/><Redirect method="POST">)"
                R"(/webhooks/twilio/voice?step=3&amp;lang=fr&amp;keys=1</Redirect></Response>)");
}

TEST(VoiceTwimlTest, TextIsEscapedAndDirectionMarksAreLeftOut) {
  dialogs::Reply reply = Question("a < b & \"c\"", 1);
  reply.rtl = true;  // NumberedText would wrap "1" in U+2066/U+2069
  const std::string twiml = RenderSpoken({reply}, "ar-XA", kGather);
  EXPECT_NE(twiml.find("a &lt; b &amp; &quot;c&quot;"), std::string::npos) << twiml;
  EXPECT_EQ(twiml.find("\u2066"), std::string::npos) << twiml;
  EXPECT_NE(twiml.find(R"(<Say language="ar-XA">)"), std::string::npos);
}

TEST(VoiceTwimlTest, LanguageMenuSaysEachLineInItsOwnVoice) {
  const GatherOptions menu{"/webhooks/twilio/voice?step=1", "/webhooks/twilio/voice?menu=2", 6};
  EXPECT_EQ(
      RenderLanguageMenu(
          {{"fr-FR", "Pour parler en français, tapez 1."}, {"en-GB", "For English, press 2."}},
          menu),
      std::string(kHead) +
          R"(<Gather input="dtmf" method="POST" action="/webhooks/twilio/voice?step=1" timeout="6" numDigits="1">)"
          R"(<Say language="fr-FR">Pour parler en français, tapez 1.</Say>)"
          R"(<Say language="en-GB">For English, press 2.</Say></Gather>)"
          R"(<Redirect method="POST">/webhooks/twilio/voice?menu=2</Redirect></Response>)");
}

}  // namespace
}  // namespace levier::channels::twilio_voice
