// The Twilio SMS channel: everything Levier knows about Twilio Programmable
// Messaging, in this folder. Inbound: POST /webhooks/twilio, signed
// (X-Twilio-Signature, twilio.h), answered with TwiML (sms_renderer.h).
// Outbound: the Messages REST API (sender.h), for the outbox's follow-ups.
//
// Limits of the inbound route: a signed request is never refused by a rate
// limit (Twilio drops a message answered 429): a redelivery gets its stored
// reply, a new message over the sender's limit 200 with an empty reply.
// Failed signature checks count against the client address
// (ChannelServices::failed_auth): past it, 429.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "levier/channels/twilio_sms/sender.h"
#include "levier/dialogs/engine.h"
#include "levier/webhook/channel.h"

namespace levier::channels::twilio_sms {

inline constexpr std::string_view kChannelName = dialogs::kSmsChannel;
inline constexpr std::string_view kWebhookPath = "/webhooks/twilio";

// The channel's configuration section (docs/configuration.md, "twilio").
struct Settings {
  std::string auth_token;   // signs inbound requests; required
  std::string public_url;   // base URL Twilio calls, e.g. "https://levier.example.org"
  std::string account_sid;  // when set, requests for another account are refused
  // Replace characters outside GSM-7 by their nearest GSM-7 equivalent in
  // Latin-script replies when that lowers the SMS count (dialogs::FitForSms).
  bool transliterate = true;
  // Sending on Levier's initiative (follow-ups): set when the account and a
  // sender number or messaging service are configured; off otherwise.
  std::optional<SenderConfig> sender;
};

// The channel, ready to register with the router. `services` must outlive it.
std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services);

}  // namespace levier::channels::twilio_sms
