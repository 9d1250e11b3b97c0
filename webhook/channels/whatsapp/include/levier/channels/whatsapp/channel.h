// The WhatsApp channel: everything Levier knows about the WhatsApp Cloud API
// (platform spec §3), in this folder.
// Inbound: GET /webhooks/whatsapp answers Meta's verification challenge;
// POST /webhooks/whatsapp takes signed notifications (signature.h,
// notification.h): residents' messages go to the conversation core,
// delivery reports to their outbox rows. Replies are not in the HTTP answer:
// the core queues them in the outbox with the message (replies_by_outbox)
// and the sender (sender.h) posts them to the Cloud API at once.
//
// A notification is acknowledged (200) only once every message in it is
// committed; otherwise 503, and Meta delivers it again (message ids dedupe).
// Failed signature checks count against the client address
// (ChannelServices::failed_auth): past it, 429.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "levier/channels/whatsapp/sender.h"
#include "levier/webhook/channel.h"

namespace levier::channels::whatsapp {

// Keyed into pseudonyms and stored with outbox rows and referrals: never renamed.
inline constexpr std::string_view kChannelName = "whatsapp";
inline constexpr std::string_view kWebhookPath = "/webhooks/whatsapp";
// The Graph API with its version pinned (platform spec 3.4).
inline constexpr std::string_view kDefaultApiBase = "https://graph.facebook.com/v24.0";

struct Settings {
  std::string app_secret;    // signs notifications (X-Hub-Signature-256)
  std::string verify_token;  // Meta's verification challenge
  SenderConfig sender;       // api_base, phone_number_id, access_token, templates
  std::uint32_t messages_per_second = 80;  // the business number's throughput
};

using GetEnv = std::function<const char*(const char*)>;

// The channel's settings from LEVIER_WHATSAPP_* (docs/configuration.md):
// nullopt when none of its four secrets is set (the channel is off);
// InvalidArgument naming the variable when one is missing or malformed.
Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv);

// The channel, ready to register with the router. `services` must outlive it.
std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services);

}  // namespace levier::channels::whatsapp
