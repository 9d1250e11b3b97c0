// TwiML for the phone line (../shared/specs/platform-specs.md §1.15): the
// dialog's neutral replies read aloud with <Say>, answered on the keypad
// through <Gather>. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/reply.h"

namespace levier::channels::twilio_voice {

// One line of the language menu, said in its own language's voice.
struct MenuLine {
  std::string say_language;  // "fr-FR"
  std::string text;          // "Pour parler en français, tapez 1."
};

// How a prompt waits for the keypad.
struct GatherOptions {
  std::string action;       // where Twilio posts the digits (relative URL)
  std::string on_silence;   // where the call goes when no key is pressed
  int timeout_seconds = 6;  // silence after the prompt, or between digits
};

// The language menu: every line inside one <Gather> of one digit, then, on
// silence, a <Redirect> to `gather.on_silence`.
std::string RenderLanguageMenu(const std::vector<MenuLine>& lines, const GatherOptions& gather);

// The replies read in `say_language`, one <Say> per line with a pause
// between lines (contacts are read slowly). When the last reply offers
// choices, everything is inside a <Gather> (a caller may answer before the
// end) that waits for one digit, or for several ended by "#" or a pause
// when there are more than nine choices; on silence, a <Redirect> to
// `gather.on_silence`. Otherwise the
// call ends (<Hangup/>): the conversation has nothing more to ask.
std::string RenderSpoken(const std::vector<dialogs::Reply>& replies, std::string_view say_language,
                         const GatherOptions& gather);

// Ends the call, saying nothing.
std::string RenderHangup();

// Silence for `seconds`, then the call posts to `url` again: a step the
// server could not take yet (the resident's rate limit) is taken a moment
// later instead of ending the call.
std::string RenderWaitThenRedirect(int seconds, std::string_view url);

}  // namespace levier::channels::twilio_voice
