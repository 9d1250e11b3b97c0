// LEVIER_VOICE* into Settings, checked at start.
#include <charconv>

#include "levier/channels/twilio_voice/channel.h"

namespace levier::channels::twilio_voice {

Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv, Settings twilio) {
  const auto get = [&](const char* name) {
    const char* value = getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  const std::string switch_value = get("LEVIER_VOICE");
  if (switch_value == "off") return std::optional<Settings>();
  if (!switch_value.empty() && switch_value != "on") {
    return Status::InvalidArgument("LEVIER_VOICE must be \"on\" or \"off\", got '" + switch_value +
                                   "'");
  }
  if (const std::string timeout = get("LEVIER_VOICE_TIMEOUT"); !timeout.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(timeout.data(), timeout.data() + timeout.size(), value);
    if (ec != std::errc() || end != timeout.data() + timeout.size() || value < 3 || value > 30) {
      return Status::InvalidArgument(
          "LEVIER_VOICE_TIMEOUT must be a whole number of seconds from 3 to 30");
    }
    twilio.gather_timeout_seconds = value;
  }
  return std::optional<Settings>(std::move(twilio));
}

}  // namespace levier::channels::twilio_voice
