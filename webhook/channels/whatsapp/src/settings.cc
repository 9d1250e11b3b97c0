// LEVIER_WHATSAPP_* into Settings, with the checks that make a mistake
// visible at start rather than at the first message.
#include <cctype>
#include <charconv>

#include "levier/channels/whatsapp/channel.h"
#include "levier/net/http_client.h"

namespace levier::channels::whatsapp {
namespace {

std::string Get(const GetEnv& getenv, const char* name) {
  const char* value = getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool IsToken(std::string_view s, std::size_t min_size) {
  if (s.size() < min_size || s.size() > 512) return false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool IsTemplateName(std::string_view s) {
  if (s.empty() || s.size() > 512) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

// "fr=levier_suivi,en=levier_followup"
Status ParseTemplates(std::string_view text, FollowupTemplates* out) {
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t eq = item.find('=');
    const std::string_view language = item.substr(0, eq);
    const std::string_view name = eq == std::string_view::npos ? "" : item.substr(eq + 1);
    if (language.size() < 2 || language.size() > 8 || !IsTemplateName(name)) {
      return Status::InvalidArgument(
          "LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES: expected language=template_name pairs separated "
          "by commas (e.g. fr=levier_suivi,en=levier_followup), got '" + std::string(item) + "'");
    }
    out->by_language[std::string(language)] = std::string(name);
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnv& getenv) {
  Settings settings;
  settings.app_secret = Get(getenv, "LEVIER_WHATSAPP_APP_SECRET");
  settings.verify_token = Get(getenv, "LEVIER_WHATSAPP_VERIFY_TOKEN");
  settings.sender.access_token = Get(getenv, "LEVIER_WHATSAPP_ACCESS_TOKEN");
  settings.sender.phone_number_id = Get(getenv, "LEVIER_WHATSAPP_PHONE_NUMBER_ID");
  if (settings.app_secret.empty() && settings.verify_token.empty() &&
      settings.sender.access_token.empty() && settings.sender.phone_number_id.empty()) {
    return std::optional<Settings>();
  }
  const auto missing = [](const char* name) {
    return Status::InvalidArgument(std::string(name) +
                                   " is not set: the WhatsApp channel needs its four secrets "
                                   "(docs/configuration.md, WhatsApp)");
  };
  if (settings.app_secret.empty()) return missing("LEVIER_WHATSAPP_APP_SECRET");
  if (settings.verify_token.empty()) return missing("LEVIER_WHATSAPP_VERIFY_TOKEN");
  if (settings.sender.access_token.empty()) return missing("LEVIER_WHATSAPP_ACCESS_TOKEN");
  if (settings.sender.phone_number_id.empty()) return missing("LEVIER_WHATSAPP_PHONE_NUMBER_ID");
  if (!IsToken(settings.app_secret, 16)) {
    return Status::InvalidArgument(
        "LEVIER_WHATSAPP_APP_SECRET must be the Meta app's secret (App settings > Basic): at "
        "least 16 characters, no spaces");
  }
  if (!IsToken(settings.verify_token, 16)) {
    return Status::InvalidArgument(
        "LEVIER_WHATSAPP_VERIFY_TOKEN must be at least 16 characters with no spaces; make one "
        "with: openssl rand -hex 16");
  }
  if (!IsToken(settings.sender.access_token, 16)) {
    return Status::InvalidArgument("LEVIER_WHATSAPP_ACCESS_TOKEN must be at least 16 characters "
                                   "with no spaces");
  }
  for (char c : settings.sender.phone_number_id) {
    if (c < '0' || c > '9' || settings.sender.phone_number_id.size() > 32) {
      return Status::InvalidArgument(
          "LEVIER_WHATSAPP_PHONE_NUMBER_ID must be the number's id (digits), not the number");
    }
  }
  settings.sender.api_base = Get(getenv, "LEVIER_WHATSAPP_API_BASE");
  if (settings.sender.api_base.empty()) settings.sender.api_base = std::string(kDefaultApiBase);
  if (Status s = net::CheckPlatformApiUrl(settings.sender.api_base, "LEVIER_WHATSAPP_API_BASE");
      !s.ok()) {
    return s;
  }
  if (Status s = ParseTemplates(Get(getenv, "LEVIER_WHATSAPP_FOLLOWUP_TEMPLATES"),
                                &settings.sender.templates);
      !s.ok()) {
    return s;
  }
  if (const std::string rate = Get(getenv, "LEVIER_WHATSAPP_MESSAGES_PER_SECOND"); !rate.empty()) {
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(rate.data(), rate.data() + rate.size(), value);
    if (ec != std::errc() || end != rate.data() + rate.size() || value == 0 || value > 1000) {
      return Status::InvalidArgument(
          "LEVIER_WHATSAPP_MESSAGES_PER_SECOND must be a whole number from 1 to 1000");
    }
    settings.messages_per_second = value;
  }
  return std::optional<Settings>(std::move(settings));
}

}  // namespace levier::channels::whatsapp
