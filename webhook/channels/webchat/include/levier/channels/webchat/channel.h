// The web chat: a page residents (or a professional beside them) open in a
// browser, served by Levier itself (docs/channels/webchat.md).
// GET /chat and its two static files (assets.h); GET /chat/api/texts, the
// page's own words from the dialog script; POST /chat/api/messages, one
// message in, its replies in the HTTP answer as JSON (api.h).
//
// The address is a random identifier in an HttpOnly cookie, set on first
// use; the core derives the pseudonym from it, as from a phone number. The
// page gives each message an id: a retry with the same id gets the stored
// replies. POSTs must come from the public URL's origin (403), and each
// client address has an allowance of messages per minute (429).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "levier/util/status.h"
#include "levier/webhook/channel.h"

namespace levier::channels::webchat {

// Keyed into pseudonyms and stored with referrals: never renamed.
inline constexpr std::string_view kChannelName = "web";
inline constexpr std::string_view kPagePath = "/chat";
// A professional's invitation link, "/c/CODE": the page, which sends the
// code as the resident's first message (docs/professionals.md).
inline constexpr std::string_view kInvitationPathPrefix = "/c/";
inline constexpr std::string_view kMessagesPath = "/chat/api/messages";
inline constexpr std::string_view kTextsPath = "/chat/api/texts";

struct Settings {
  // The origin POSTs must carry ("https://levier.example.org"), from the
  // public URL.
  std::string origin;
  // The cookie carries Secure unless the public URL is http:// on loopback
  // (a browser would not send a Secure cookie back over plain http).
  bool secure_cookie = true;
  // New messages per client address per minute (LEVIER_WEBCHAT_MESSAGES_PER_MINUTE).
  std::uint32_t messages_per_minute = 30;
};

using GetEnv = std::function<const char*(const char*)>;

// On unless LEVIER_WEBCHAT is "off" (nullopt then). InvalidArgument naming
// the setting when LEVIER_WEBCHAT or LEVIER_WEBCHAT_MESSAGES_PER_MINUTE is
// malformed, or when `public_url` has no http(s) origin.
Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv,
                                                        std::string_view public_url);

// The channel, ready to register with the router. `services` must outlive it.
std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services);

}  // namespace levier::channels::webchat
