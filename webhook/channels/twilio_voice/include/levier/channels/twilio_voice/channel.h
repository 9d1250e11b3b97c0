// The phone line (../shared/specs/platform-specs.md §1.15), for residents
// who cannot read: a call to the Twilio number runs the same dialog, read
// aloud in the caller's language and answered on the keypad.
//
// POST /webhooks/twilio/voice, signed exactly as the SMS webhook
// (X-Twilio-Signature over the public URL with its query string). A call
// goes:
//   1. no `step` in the query: the language menu, each language saying in
//      its own voice which key picks it (text "voice_language"); nothing
//      is stored;
//   2. step=1 with the key pressed: the conversation starts over in that
//      language (bot::InboundMessage::start_over);
//   3. step=N: the keys pressed are the answer; the reply is read with
//      <Say> and the next question waits in a <Gather> whose action is
//      step=N+1. Silence posts the same step without digits, which the
//      dialog hears as an answer it did not understand.
// Each step's message id is "<CallSid>/<N>": a request Twilio sends again
// gets the stored reply. The caller's number is used as the SMS channel
// uses it: pseudonymised, and sealed in the outbox only for the SMS copy of
// the contacts the caller asks for (when the SMS channel can send).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "levier/util/status.h"
#include "levier/webhook/channel.h"

namespace levier::channels::twilio_voice {

// Keyed into pseudonyms and stored with referrals: a caller's sessions are
// the phone line's own, apart from their SMS ones.
inline constexpr std::string_view kChannelName = "voice";
inline constexpr std::string_view kWebhookPath = "/webhooks/twilio/voice";

struct Settings {
  std::string auth_token;   // Twilio's, as for SMS
  std::string public_url;   // base URL Twilio calls
  std::string account_sid;  // when set, calls for another account are refused
  // The channel that sends a caller the written copy of the contacts (the
  // SMS channel's name), "" when SMS cannot be sent: then no copy is offered.
  std::string copy_channel;
  // Seconds of silence a question waits before it is asked again.
  int gather_timeout_seconds = 6;
};

using GetEnv = std::function<const char*(const char*)>;

// On unless LEVIER_VOICE=off (the line answers only once the Twilio
// number's "A call comes in" webhook points here). LEVIER_VOICE_TIMEOUT:
// seconds of silence per question, 3 to 30 (default 6). The Twilio
// credentials and public URL are the SMS channel's (`twilio`).
Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv, Settings twilio);

// The channel, ready to register with the router. `services` must outlive it.
std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services);

}  // namespace levier::channels::twilio_voice
