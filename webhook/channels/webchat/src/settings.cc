// LEVIER_WEBCHAT* and the public URL into Settings, checked at start.
#include <charconv>

#include "levier/channels/webchat/api.h"
#include "levier/channels/webchat/channel.h"
#include "levier/webhook/web.h"

namespace levier::channels::webchat {

Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv,
                                                        std::string_view public_url) {
  const auto get = [&](const char* name) {
    const char* value = getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  const std::string switch_value = get("LEVIER_WEBCHAT");
  if (switch_value == "off") return std::optional<Settings>();
  if (!switch_value.empty() && switch_value != "on") {
    return Status::InvalidArgument("LEVIER_WEBCHAT must be \"on\" or \"off\", got '" +
                                   switch_value + "'");
  }
  Settings settings;
  std::optional<std::string> origin = webhook::OriginOf(public_url);
  if (!origin) {
    return Status::InvalidArgument(
        "the web chat needs an http(s) public URL (LEVIER_PUBLIC_URL) to check the Origin of "
        "its messages; set LEVIER_WEBCHAT=off to turn it off");
  }
  settings.origin = std::move(*origin);
  settings.secure_cookie = !webhook::IsLoopbackHttp(public_url);
  if (const std::string rate = get("LEVIER_WEBCHAT_MESSAGES_PER_MINUTE"); !rate.empty()) {
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(rate.data(), rate.data() + rate.size(), value);
    if (ec != std::errc() || end != rate.data() + rate.size() || value == 0 || value > 100000) {
      return Status::InvalidArgument(
          "LEVIER_WEBCHAT_MESSAGES_PER_MINUTE must be a whole number from 1 to 100000");
    }
    settings.messages_per_minute = value;
  }
  return std::optional<Settings>(std::move(settings));
}

}  // namespace levier::channels::webchat
