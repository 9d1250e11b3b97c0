// The Telegram channel's settings, read from the environment (secrets do not
// belong in the config file): docs/configuration.md, "Telegram".
// Pure; thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "levier/util/status.h"

namespace levier::channels::telegram {

inline constexpr std::string_view kDefaultApiBase = "https://api.telegram.org";

struct Settings {
  std::string bot_token;     // BotFather's token, "123456:ABC-..."; only ever in the URL path
  std::string secret_token;  // what Telegram sends back in X-Telegram-Bot-Api-Secret-Token
  std::string api_base = std::string(kDefaultApiBase);  // no trailing '/'
  std::chrono::milliseconds timeout{15000};             // one Bot API call
};

using GetEnvironment = std::function<const char*(const char*)>;

// LEVIER_TELEGRAM_BOT_TOKEN, LEVIER_TELEGRAM_SECRET_TOKEN and
// LEVIER_TELEGRAM_API_BASE. nullopt when neither secret is set (the channel
// is off); InvalidArgument naming the variable when only one is, when the
// secret token is not 1-256 characters of A-Z a-z 0-9 _ - (what setWebhook
// accepts), when the bot token has characters a URL path cannot carry as they
// are, or when the API base is not https:// (or http:// to loopback, for
// tests: net::CheckPlatformApiUrl).
Result<std::optional<Settings>> SettingsFromEnvironment(const GetEnvironment& getenv);

// True when `token` is a valid setWebhook secret_token.
bool IsValidSecretToken(std::string_view token);

}  // namespace levier::channels::telegram
