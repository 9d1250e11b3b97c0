#include "channels.h"

#include "levier/channels/telegram/channel.h"
#include <filesystem>
#include <nlohmann/json.hpp>

#include "levier/channels/twilio_sms/channel.h"
#include "levier/channels/twilio_sms/sms_renderer.h"
#include "levier/channels/whatsapp/renderer.h"
#include "levier/channels/twilio_voice/channel.h"
#include "levier/channels/webchat/channel.h"
#include "levier/channels/whatsapp/channel.h"

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

// A channel that reads its own LEVIER_<PLATFORM>_* settings: added when they
// are set, an error when they are half set or malformed.
template <typename Settings, typename Create>
Status AddIfConfigured(Result<std::optional<Settings>> settings, Create create,
                       const webhook::ChannelServices& services, Channels* channels) {
  if (!settings.ok()) return settings.status();
  if (settings->has_value()) channels->push_back(create(std::move(**settings), services));
  return Status::Ok();
}

}  // namespace

Result<Channels> CreateChannels(const Config& config, const GetEnv& getenv,
                                const webhook::ChannelServices& services) {
  Channels channels;
  const channels::twilio_sms::Settings sms = TwilioSmsSettings(config);
  channels.push_back(channels::twilio_sms::CreateChannel(sms, services));
  // The phone line shares the Twilio number and credentials; a caller's
  // copy of the contacts goes by SMS when the SMS channel can send.
  Status s = AddIfConfigured(
      channels::twilio_voice::SettingsFromEnvironment(
          getenv, channels::twilio_voice::Settings{
                      sms.auth_token, sms.public_url, sms.account_sid,
                      sms.sender ? std::string(channels::twilio_sms::kChannelName) : std::string(),
                      6}),
      channels::twilio_voice::CreateChannel, services, &channels);
  if (!s.ok()) return s;
  s = AddIfConfigured(channels::whatsapp::SettingsFromEnvironment(getenv),
                             channels::whatsapp::CreateChannel, services, &channels);
  if (!s.ok()) return s;
  s = AddIfConfigured(channels::telegram::SettingsFromEnvironment(getenv),
                      channels::telegram::CreateChannel, services, &channels);
  if (!s.ok()) return s;
  s = AddIfConfigured(channels::webchat::SettingsFromEnvironment(getenv, config.public_url),
                      channels::webchat::CreateChannel, services, &channels);
  if (!s.ok()) return s;
  return channels;
}

Result<workspace::ScriptEditing> ScriptEditingFor(const Config& config,
                                                  bot::ScriptRegistry& registry,
                                                  kb::KnowledgeBaseRegistry& knowledge) {
  workspace::ScriptEditing editing;
  editing.registry = &registry;
  editing.knowledge = &knowledge;
  const auto check_file = std::filesystem::path(config.dialogs_dir) / "check.json";
  Result<dialogs::CheckOptions> options = dialogs::LoadCheckOptions(check_file);
  if (options.ok()) {
    editing.check = std::move(*options);
  } else if (options.status().code() != StatusCode::kNotFound) {
    return options.status();
  }
  const bool transliterate = config.sms_transliterate;
  editing.previews.push_back(
      {"sms", [transliterate](const std::vector<dialogs::Reply>& replies) {
         return nlohmann::json(channels::twilio_sms::RenderReplies(replies, transliterate));
       }});
  editing.previews.push_back({"whatsapp", [](const std::vector<dialogs::Reply>& replies) {
                                nlohmann::json bodies = nlohmann::json::array();
                                for (const dialogs::Reply& reply : replies) {
                                  bodies.push_back(channels::whatsapp::RenderReply(reply));
                                }
                                return bodies;
                              }});
  return editing;
}

}  // namespace levier::app
