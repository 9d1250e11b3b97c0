#include "levier/channels/telegram/bot_api.h"

#include "levier/channels/telegram/channel.h"
#include "levier/channels/telegram/sender.h"
#include "levier/net/http_client.h"

namespace levier::channels::telegram {

using nlohmann::json;

Result<net::HttpResponse> CallBotApi(const Settings& settings, std::string_view method,
                                     const json& parameters,
                                     net::HttpConnectionPool* connections) {
  net::HttpRequest request{net::http::verb::post, "/", 11};
  request.set(net::http::field::content_type, "application/json");
  request.set(net::http::field::accept, "application/json");
  request.set(net::http::field::user_agent, "levier");
  request.body() = parameters.dump();
  const std::string url = settings.api_base + "/bot" + settings.bot_token + "/" + std::string(method);
  Result<net::HttpResponse> response =
      connections != nullptr ? connections->Send(url, std::move(request), settings.timeout)
                             : net::SendHttpRequest(url, std::move(request), settings.timeout);
  if (!response.ok()) {
    // The client's message quotes the URL, which holds the token.
    return Status::Unavailable(RedactToken(response.status().message(), settings.bot_token));
  }
  return response;
}

bool AnswerOk(const json& answer) {
  if (!answer.is_object()) return false;
  auto it = answer.find("ok");
  return it != answer.end() && it->is_boolean() && it->get<bool>();
}

std::string AnswerDescription(const json& answer) {
  if (!answer.is_object()) return "";
  auto it = answer.find("description");
  return it != answer.end() && it->is_string() ? it->get<std::string>() : "";
}

json SetWebhookParameters(const Settings& settings, std::string_view public_url) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return json{{"url", base + std::string(kWebhookPath)},
              {"secret_token", settings.secret_token},
              {"allowed_updates", json::array({"message", "callback_query"})},
              {"drop_pending_updates", false}};
}

Result<std::string> SetWebhook(const Settings& settings, std::string_view public_url) {
  if (public_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("the public URL must start with https:// (Telegram calls "
                                   "webhooks over HTTPS only)");
  }
  Result<net::HttpResponse> response =
      CallBotApi(settings, "setWebhook", SetWebhookParameters(settings, public_url));
  if (!response.ok()) return response.status();
  const json answer = json::parse(response->body(), nullptr, /*allow_exceptions=*/false);
  const std::string description = AnswerDescription(answer);
  if (response->result_int() / 100 == 2 && AnswerOk(answer)) {
    return description.empty() ? std::string("ok") : description;
  }
  return Status::FailedPrecondition(
      "Telegram refused setWebhook: http " + std::to_string(response->result_int()) +
      (description.empty() ? std::string() : ": " + description));
}

}  // namespace levier::channels::telegram
