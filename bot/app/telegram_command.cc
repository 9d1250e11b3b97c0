// `levier telegram set-webhook`: calls the Bot API's setWebhook with
// LEVIER_PUBLIC_URL + /webhooks/telegram and the secret token from the
// environment (the channel's own settings), and prints Telegram's answer.
// Exit code: 0 set, 1 refused or unreachable, 2 bad configuration.
#include "telegram_command.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "levier/channels/telegram/bot_api.h"
#include "levier/channels/telegram/channel.h"

namespace levier::app {
namespace {

int RunSetWebhook(const std::string& public_url_flag) {
  namespace telegram = channels::telegram;
  Result<std::optional<telegram::Settings>> settings =
      telegram::SettingsFromEnvironment([](const char* n) { return std::getenv(n); });
  if (!settings.ok()) {
    std::cerr << "levier telegram set-webhook: " << settings.status().message() << "\n";
    return 2;
  }
  if (!settings->has_value()) {
    std::cerr << "levier telegram set-webhook: set LEVIER_TELEGRAM_BOT_TOKEN (from BotFather) "
                 "and LEVIER_TELEGRAM_SECRET_TOKEN (levier secret generate makes one)\n";
    return 2;
  }
  const char* env_url = std::getenv("LEVIER_PUBLIC_URL");
  const std::string public_url =
      !public_url_flag.empty() ? public_url_flag : (env_url != nullptr ? env_url : "");
  if (public_url.empty()) {
    std::cerr << "levier telegram set-webhook: set LEVIER_PUBLIC_URL (or --public-url) to the "
                 "HTTPS base URL Telegram calls, e.g. https://levier.example.org\n";
    return 2;
  }
  const std::string url = telegram::SetWebhookParameters(**settings, public_url)["url"];
  Result<std::string> answer = telegram::SetWebhook(**settings, public_url);
  if (!answer.ok()) {
    std::cerr << "levier telegram set-webhook: " << answer.status().message() << "\n";
    return answer.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::cout << "Telegram webhook set to " << url << " (updates: message, callback_query): "
            << *answer << "\n";
  return 0;
}

}  // namespace

CLI::App* AddTelegramCommands(CLI::App& app, int* exit_code) {
  CLI::App* telegram = app.add_subcommand("telegram", "the Telegram channel");
  telegram->require_subcommand(1);
  auto public_url = std::make_shared<std::string>();
  CLI::App* set_webhook = telegram->add_subcommand(
      "set-webhook", "register LEVIER_PUBLIC_URL/webhooks/telegram and the secret token with "
                     "Telegram (setWebhook)");
  set_webhook->add_option("--public-url", *public_url,
                          "HTTPS base URL Telegram calls (LEVIER_PUBLIC_URL)");
  set_webhook->callback([exit_code, public_url] { *exit_code = RunSetWebhook(*public_url); });
  return telegram;
}

}  // namespace levier::app
