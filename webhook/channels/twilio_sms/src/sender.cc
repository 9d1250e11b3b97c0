#include "levier/channels/twilio_sms/sender.h"

#include <nlohmann/json.hpp>

#include "levier/util/crypto.h"
#include "levier/util/utf8.h"
#include "levier/channels/twilio_sms/sms_renderer.h"
#include "levier/net/form.h"
#include "levier/net/http_client.h"

namespace levier::channels::twilio_sms {
namespace {

using bot::SendOutcome;
using bot::SendResult;

// Twilio: "The message From/To pair violates a blacklist rule" (STOP).
constexpr int kTwilioOptedOut = 21610;

}  // namespace

SendResult ClassifyTwilioResponse(int http_status, std::string_view body) {
  SendResult result;
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  int code = 0;
  if (json.is_object() && json.contains("code") && json["code"].is_number_integer()) {
    code = json["code"].get<int>();
  }
  result.detail = "http " + std::to_string(http_status);
  if (code != 0) result.detail += ", twilio " + std::to_string(code);
  if (http_status >= 200 && http_status < 300) {
    result.outcome = SendOutcome::kSent;
    if (json.is_object() && json.contains("sid") && json["sid"].is_string()) {
      result.platform_id = TruncateUtf8(json["sid"].get_ref<const std::string&>(), 64);
    }
  } else if (code == kTwilioOptedOut) {
    result.outcome = SendOutcome::kCancelled;
  } else if (http_status == 429 || http_status >= 500) {
    result.outcome = SendOutcome::kRetry;
  } else {
    result.outcome = SendOutcome::kFailed;
  }
  return result;
}

TwilioSender::TwilioSender(SenderConfig config) : config_(std::move(config)) {}

std::string TwilioSender::MessagesUrl() const {
  std::string base = config_.api_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
}

std::string TwilioSender::FormBody(std::string_view address, std::string_view body) const {
  net::FormParams params{{"To", std::string(address)}};
  if (!config_.messaging_service_sid.empty()) {
    params.emplace_back("MessagingServiceSid", config_.messaging_service_sid);
  } else {
    params.emplace_back("From", config_.from);
  }
  params.emplace_back("Body", std::string(body));
  return net::EncodeForm(params);
}

SendResult TwilioSender::Send(std::string_view address, const bot::Outgoing& message) {
  return SendText(address, RenderOutbound(message.replies, config_.transliterate));
}

SendResult TwilioSender::SendText(std::string_view address, std::string_view body) {
  net::HttpRequest request{net::http::verb::post, "/", 11};
  request.set(net::http::field::content_type, "application/x-www-form-urlencoded");
  request.set(net::http::field::accept, "application/json");
  request.set(net::http::field::user_agent, "levier-outbox");
  request.set(net::http::field::authorization,
              "Basic " + crypto::Base64Encode(config_.account_sid + ":" + config_.auth_token));
  request.body() = FormBody(address, body);
  Result<net::HttpResponse> response =
      connections_.Send(MessagesUrl(), std::move(request), config_.timeout);
  if (!response.ok()) {
    // The message names the URL (no personal data) and the network error.
    return SendResult{SendOutcome::kRetry, response.status().message(), ""};
  }
  return ClassifyTwilioResponse(static_cast<int>(response->result_int()), response->body());
}

}  // namespace levier::channels::twilio_sms
