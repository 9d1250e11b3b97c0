#include "levier/channels/whatsapp/sender.h"

#include <nlohmann/json.hpp>

#include "levier/net/http_client.h"
#include "levier/util/json_dump.h"
#include "levier/util/utf8.h"

namespace levier::channels::whatsapp {
namespace {

using bot::SendOutcome;
using bot::SendResult;

constexpr int kOutsideWindow = 131047;    // "Re-engagement message"
constexpr int kUndeliverable = 131026;
constexpr int kStoppedByUser = 131050;    // the user stopped marketing messages
constexpr int kAccessToken = 190;
constexpr int kThroughput[] = {130429, 131056, 80007};

}  // namespace

SendResult ClassifyResponse(int http_status, std::string_view body) {
  SendResult result;
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  int code = 0;
  if (json.is_object()) {
    auto error = json.find("error");
    if (error != json.end() && error->is_object()) {
      auto c = error->find("code");
      if (c != error->end() && c->is_number_integer()) code = c->get<int>();
    }
  }
  result.detail = "http " + std::to_string(http_status);
  if (code != 0) result.detail += ", whatsapp " + std::to_string(code);
  bool throughput = false;
  for (int t : kThroughput) throughput = throughput || code == t;
  if (http_status >= 200 && http_status < 300) {
    result.outcome = SendOutcome::kSent;
    if (json.is_object()) {
      auto messages = json.find("messages");
      if (messages != json.end() && messages->is_array() && !messages->empty() &&
          (*messages)[0].is_object()) {
        auto id = (*messages)[0].find("id");
        if (id != (*messages)[0].end() && id->is_string()) {
          result.platform_id = TruncateUtf8(id->get_ref<const std::string&>(), 200);
        }
      }
    }
  } else if (code == kOutsideWindow) {
    result.outcome = SendOutcome::kFailed;
    result.detail += " (more than 24 hours since the resident's last message)";
  } else if (code == kUndeliverable) {
    result.outcome = SendOutcome::kFailed;
    result.detail += " (undeliverable)";
  } else if (code == kStoppedByUser) {
    result.outcome = SendOutcome::kCancelled;
  } else if (http_status == 429 || http_status >= 500 || throughput || code == kAccessToken) {
    result.outcome = SendOutcome::kRetry;
    if (code == kAccessToken) result.detail += " (access token rejected)";
  } else {
    result.outcome = SendOutcome::kFailed;
  }
  return result;
}

std::string WhatsAppSender::MessagesUrl() const {
  std::string base = config_.api_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + config_.phone_number_id + "/messages";
}

SendResult WhatsAppSender::Send(std::string_view address, const bot::Outgoing& message) {
  Result<std::vector<nlohmann::json>> bodies =
      RenderMessages(address, message, config_.templates);
  if (!bodies.ok()) return {SendOutcome::kFailed, bodies.status().message(), ""};
  SendResult last{SendOutcome::kFailed, "nothing to send", ""};
  for (const nlohmann::json& body : *bodies) {
    net::HttpRequest request{net::http::verb::post, "/", 11};
    request.set(net::http::field::content_type, "application/json");
    request.set(net::http::field::accept, "application/json");
    request.set(net::http::field::user_agent, "levier-outbox");
    request.set(net::http::field::authorization, "Bearer " + config_.access_token);
    request.body() = DumpJson(body);
    Result<net::HttpResponse> response =
        connections_.Send(MessagesUrl(), std::move(request), config_.timeout);
    if (!response.ok()) return {SendOutcome::kRetry, response.status().message(), ""};
    last = ClassifyResponse(static_cast<int>(response->result_int()), response->body());
    if (last.outcome != SendOutcome::kSent) return last;
  }
  return last;
}

}  // namespace levier::channels::whatsapp
