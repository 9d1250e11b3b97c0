#include "levier/channels/telegram/settings.h"

#include "levier/net/http_client.h"

namespace levier::channels::telegram {
namespace {

constexpr const char* kBotTokenVar = "LEVIER_TELEGRAM_BOT_TOKEN";
constexpr const char* kSecretTokenVar = "LEVIER_TELEGRAM_SECRET_TOKEN";
constexpr const char* kApiBaseVar = "LEVIER_TELEGRAM_API_BASE";
constexpr std::size_t kMaxSecretToken = 256;
constexpr std::size_t kMaxBotToken = 200;

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string Get(const GetEnvironment& getenv, const char* name) {
  const char* v = getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// BotFather's tokens are "<digits>:<A-Za-z0-9_->": they go into the URL
// path as they are, so nothing else is accepted.
bool IsValidBotToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxBotToken) return false;
  for (char c : token) {
    if (!IsTokenChar(c) && c != ':') return false;
  }
  return true;
}

}  // namespace

bool IsValidSecretToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxSecretToken) return false;
  for (char c : token) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnvironment& getenv) {
  Settings settings;
  settings.bot_token = Get(getenv, kBotTokenVar);
  settings.secret_token = Get(getenv, kSecretTokenVar);
  if (settings.bot_token.empty() && settings.secret_token.empty()) return std::optional<Settings>();
  if (settings.bot_token.empty() || settings.secret_token.empty()) {
    return Status::InvalidArgument(
        std::string("the Telegram channel needs both ") + kBotTokenVar + " and " +
        kSecretTokenVar + " (only " +
        (settings.bot_token.empty() ? kSecretTokenVar : kBotTokenVar) + " is set)");
  }
  if (!IsValidBotToken(settings.bot_token)) {
    return Status::InvalidArgument(std::string(kBotTokenVar) +
                                   " must be the token BotFather gave (digits, ':', then "
                                   "A-Z a-z 0-9 _ -)");
  }
  if (!IsValidSecretToken(settings.secret_token)) {
    return Status::InvalidArgument(std::string(kSecretTokenVar) +
                                   " must be 1 to 256 characters of A-Z a-z 0-9 _ - (what "
                                   "Telegram's setWebhook accepts)");
  }
  if (std::string base = Get(getenv, kApiBaseVar); !base.empty()) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    settings.api_base = std::move(base);
  }
  if (Status s = net::CheckPlatformApiUrl(settings.api_base, kApiBaseVar); !s.ok()) return s;
  return std::optional<Settings>(std::move(settings));
}

}  // namespace levier::channels::telegram
