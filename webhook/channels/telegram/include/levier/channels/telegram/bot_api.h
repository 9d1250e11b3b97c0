// Calls to the Bot API other than sendMessage: setWebhook, for `levier
// telegram set-webhook`. Blocking; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "levier/channels/telegram/settings.h"
#include "levier/net/http_client.h"
#include "levier/net/http_message.h"
#include "levier/util/status.h"

namespace levier::channels::telegram {

// POSTs `parameters` as JSON to {api_base}/bot{token}/{method}; the answer's
// status and body. Unavailable for a network error (the message never
// holds the token). Over `connections` when given, else a connection of
// its own.
Result<net::HttpResponse> CallBotApi(const Settings& settings, std::string_view method,
                                     const nlohmann::json& parameters,
                                     net::HttpConnectionPool* connections = nullptr);

// A Bot API answer's "ok" (false unless it is the boolean true) and
// "description" ("" when absent), whatever the body holds.
bool AnswerOk(const nlohmann::json& answer);
std::string AnswerDescription(const nlohmann::json& answer);

// setWebhook's parameters: url = public_url + kWebhookPath, the secret token,
// allowed_updates ["message", "callback_query"], drop_pending_updates false.
nlohmann::json SetWebhookParameters(const Settings& settings, std::string_view public_url);

// Registers the webhook. Ok with Telegram's description ("Webhook was set");
// InvalidArgument when `public_url` is not https:// (Telegram calls only
// HTTPS); FailedPrecondition with Telegram's error code and description when
// it refuses; Unavailable when it cannot be reached.
Result<std::string> SetWebhook(const Settings& settings, std::string_view public_url);

}  // namespace levier::channels::telegram
