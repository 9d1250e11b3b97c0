#include "channels.h"

#include <cstdlib>

#include "levier/channels/telegram/channel.h"
#include "levier/channels/twilio_sms/channel.h"

namespace levier::app {
namespace {

// The Twilio SMS channel's settings. Always on: without a configured auth
// token, EnsureSecrets generated a local one (`levier send` signs with it).
// Sending (follow-ups) needs the account and a sender number or service.
channels::twilio_sms::Settings TwilioSmsSettings(const Config& config) {
  channels::twilio_sms::Settings settings{config.twilio_auth_token, config.public_url,
                                          config.twilio_account_sid, config.sms_transliterate,
                                          std::nullopt};
  if (!config.twilio_account_sid.empty() &&
      (!config.twilio.from.empty() || !config.twilio.messaging_service_sid.empty())) {
    settings.sender = channels::twilio_sms::SenderConfig{
        config.twilio.api_base_url, config.twilio_account_sid, config.twilio_auth_token,
        config.twilio.from,         config.twilio.messaging_service_sid,
        std::chrono::milliseconds(15000), config.sms_transliterate};
  }
  return settings;
}

using Channels = std::vector<std::unique_ptr<webhook::HttpChannel>>;

// Adds a channel that reads its own settings: nothing when it is off (null),
// its error when its settings are wrong.
Status Add(Result<std::unique_ptr<webhook::HttpChannel>> channel, Channels& channels) {
  if (!channel.ok()) return channel.status();
  if (*channel != nullptr) channels.push_back(std::move(*channel));
  return Status::Ok();
}

}  // namespace

Result<Channels> CreateChannels(const Config& config, const webhook::ChannelServices& services) {
  const auto getenv = [](const char* name) { return std::getenv(name); };
  Channels channels;
  channels.push_back(channels::twilio_sms::CreateChannel(TwilioSmsSettings(config), services));
  if (Status s = Add(channels::telegram::CreateChannelFromEnvironment(getenv, services), channels);
      !s.ok()) {
    return s;
  }
  return channels;
}

}  // namespace levier::app
