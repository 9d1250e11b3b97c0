// The Telegram channel: everything Levier knows about the Telegram Bot API
// (../shared/specs/platform-specs.md §4), in this folder. Inbound: POST
// /webhooks/telegram, authenticated by the secret token Telegram sends back
// in X-Telegram-Bot-Api-Secret-Token (update.h). Outbound: replies and
// follow-ups through sendMessage (sender.h), queued in the outbox by the
// core (InboundMessage::replies_by_outbox); the webhook's HTTP response
// carries only answerCallbackQuery, which stops the pressed button's spinner.
//
// Limits of the inbound route: the server bounds the body; the JSON's depth
// is checked before parsing. Failed secret checks count against the client
// address (ChannelServices::failed_auth): past it, 429.
#pragma once

#include <memory>
#include <string_view>

#include "levier/channels/telegram/settings.h"
#include "levier/webhook/channel.h"

namespace levier::channels::telegram {

// Keyed into pseudonyms and stored with referrals and outbox rows: never
// renamed once residents use it.
inline constexpr std::string_view kChannelName = "telegram";
inline constexpr std::string_view kWebhookPath = "/webhooks/telegram";

// The channel, ready to register with the router. `services` must outlive it.
std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services);

}  // namespace levier::channels::telegram
