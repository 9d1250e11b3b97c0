#include "levier/channels/telegram/sender.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "levier/channels/telegram/bot_api.h"
#include "levier/channels/telegram/renderer.h"
#include "levier/util/utf8.h"

namespace levier::channels::telegram {
namespace {

using bot::SendOutcome;
using bot::SendResult;
using nlohmann::json;

constexpr std::string_view kBlocked = "bot was blocked by the user";

std::optional<std::int64_t> ParseChatId(std::string_view address) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(address.data(), address.data() + address.size(), id);
  if (ec != std::errc() || end != address.data() + address.size() || address.empty()) {
    return std::nullopt;
  }
  return id;
}

}  // namespace

SendResult ClassifyBotApiResponse(int http_status, std::string_view body) {
  SendResult result;
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  const bool ok = AnswerOk(answer);
  result.detail = "http " + std::to_string(http_status);
  if (answer.is_object() && answer.contains("error_code") && answer["error_code"].is_number_integer()) {
    result.detail += ", telegram " + std::to_string(answer["error_code"].get<long long>());
  }
  if (answer.is_object() && answer.contains("parameters") && answer["parameters"].is_object()) {
    const json& parameters = answer["parameters"];
    if (parameters.contains("retry_after") && parameters["retry_after"].is_number_integer()) {
      result.detail +=
          ", retry after " + std::to_string(parameters["retry_after"].get<long long>()) + " s";
    }
  }
  if (http_status >= 200 && http_status < 300 && ok) {
    result.outcome = SendOutcome::kSent;
    if (answer.contains("result") && answer["result"].is_object() &&
        answer["result"].contains("message_id") &&
        answer["result"]["message_id"].is_number_integer()) {
      result.platform_id = std::to_string(answer["result"]["message_id"].get<long long>());
    }
    return result;
  }
  const std::string description = AnswerDescription(answer);
  if (http_status == 429 || http_status >= 500) {
    result.outcome = SendOutcome::kRetry;
  } else if (http_status == 403 && description.find(kBlocked) != std::string::npos) {
    result.outcome = SendOutcome::kCancelled;
    result.detail += ", blocked by the user";
  } else {
    result.outcome = SendOutcome::kFailed;
  }
  return result;
}

std::string RedactToken(std::string_view text, std::string_view bot_token) {
  std::string out(text);
  if (bot_token.empty()) return out;
  for (std::size_t at = out.find(bot_token); at != std::string::npos;
       at = out.find(bot_token, at)) {
    out.replace(at, bot_token.size(), "<token>");
  }
  return out;
}

TelegramSender::TelegramSender(Settings settings) : settings_(std::move(settings)) {}

SendResult TelegramSender::Send(std::string_view address, const bot::Outgoing& message) {
  const std::optional<std::int64_t> chat_id = ParseChatId(address);
  if (!chat_id) return SendResult{SendOutcome::kFailed, "not a Telegram chat id", ""};
  SendResult last{SendOutcome::kSent, "nothing to send", ""};
  for (const json& body : RenderSendMessages(*chat_id, message.replies)) {
    Result<net::HttpResponse> response = CallBotApi(settings_, "sendMessage", body, &connections_);
    if (!response.ok()) return SendResult{SendOutcome::kRetry, response.status().message(), ""};
    last = ClassifyBotApiResponse(static_cast<int>(response->result_int()), response->body());
    if (last.outcome != SendOutcome::kSent) return last;
  }
  return last;
}

}  // namespace levier::channels::telegram
