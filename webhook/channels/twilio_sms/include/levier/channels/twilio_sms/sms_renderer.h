// The SMS rendering of the engine's neutral replies: the one place a reply
// becomes SMS text, for the webhook's TwiML answer and for the outbound
// sender alike. Choices are numbered (dialogs::NumberedText: typing the
// number answers), then each text is fitted to GSM-7 where that saves
// segments (dialogs::FitForSms, with `transliterate`).
//
// Thread-safe: pure, apart from a bounded per-thread memo of fitted texts.
#pragma once

#include <string>
#include <vector>

#include "levier/dialogs/reply.h"

namespace levier::channels::twilio_sms {

// The <Message> texts answering an inbound SMS: each reply numbered and
// fitted, then packed into as few messages as possible (PackReplies).
std::vector<std::string> RenderReplies(const std::vector<dialogs::Reply>& replies,
                                       bool transliterate);

// One message sent on Levier's initiative (a follow-up): the numbered
// replies joined by a line break, then fitted.
std::string RenderOutbound(const std::vector<dialogs::Reply>& replies, bool transliterate);

}  // namespace levier::channels::twilio_sms
