#include "fake_telegram_api.h"

#include <boost/beast/core.hpp>

#include "levier/util/utf8.h"

namespace levier::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

FakeTelegramApi::FakeTelegramApi()
    : server_([this](const LoopbackHttpServer::Request& r) { return Answer(r); }) {}

FakeTelegramApi::~FakeTelegramApi() = default;

std::string FakeTelegramApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_.port());
}

void FakeTelegramApi::FailNext(int n, int status, const std::string& description, int retry_after) {
  std::lock_guard lock(mutex_);
  fail_left_ = n;
  fail_status_ = status;
  fail_description_ = description;
  fail_retry_after_ = retry_after;
}

std::vector<BotApiCall> FakeTelegramApi::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<BotApiCall> FakeTelegramApi::sent() const {
  std::lock_guard lock(mutex_);
  std::vector<BotApiCall> out;
  for (const BotApiCall& c : calls_) {
    if (c.method == "sendMessage") out.push_back(c);
  }
  return out;
}

std::vector<std::string> FakeTelegramApi::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

void FakeTelegramApi::CheckSendMessage(const json& body) {
  if (!body.is_object()) {
    problems_.push_back("sendMessage body is not a JSON object");
    return;
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "chat_id" && key != "text" && key != "reply_markup") {
      problems_.push_back("sendMessage: unexpected field " + key);
    }
  }
  if (!body.contains("chat_id") || !body["chat_id"].is_number_integer()) {
    problems_.push_back("sendMessage: chat_id is not an integer");
  }
  if (!body.contains("text") || !body["text"].is_string() ||
      body["text"].get<std::string>().empty() ||
      CountCodePoints(body["text"].get<std::string>()) > 4096) {
    problems_.push_back("sendMessage: text missing, empty or over 4096 characters");
  }
  if (!body.contains("reply_markup")) return;
  const json& markup = body["reply_markup"];
  if (!markup.is_object() || !markup.contains("inline_keyboard") ||
      !markup["inline_keyboard"].is_array()) {
    problems_.push_back("sendMessage: reply_markup is not an inline keyboard");
    return;
  }
  for (const json& row : markup["inline_keyboard"]) {
    if (!row.is_array() || row.empty()) problems_.push_back("sendMessage: empty keyboard row");
    for (const json& button : row) {
      const bool ok = button.is_object() && button.size() == 2 && button.contains("text") &&
                      button["text"].is_string() && !button["text"].get<std::string>().empty() &&
                      button.contains("callback_data") && button["callback_data"].is_string() &&
                      !button["callback_data"].get<std::string>().empty() &&
                      button["callback_data"].get<std::string>().size() <= 64;
      if (!ok) problems_.push_back("sendMessage: bad button " + button.dump());
    }
  }
}

http::response<http::string_body> FakeTelegramApi::Answer(
    const http::request<http::string_body>& request) {
  std::lock_guard lock(mutex_);
  const auto reply = [](http::status status, const json& body) {
    http::response<http::string_body> r{status, 11};
    r.set(http::field::content_type, "application/json");
    r.body() = body.dump();
    return r;
  };
  const auto error = [&](int status, const std::string& description, int retry_after) {
    json body{{"ok", false}, {"error_code", status}, {"description", description}};
    if (retry_after > 0) body["parameters"] = {{"retry_after", retry_after}};
    return reply(static_cast<http::status>(status), body);
  };
  const std::string target(request.target());
  const std::string prefix = std::string("/bot") + kTelegramBotToken + "/";
  if (target.rfind("/bot", 0) == 0 && target.rfind(prefix, 0) != 0) {
    problems_.push_back("wrong bot token");
    return error(401, "Unauthorized", 0);
  }
  if (request.method() != http::verb::post || target.rfind(prefix, 0) != 0) {
    problems_.push_back("bad method or path");
    return error(404, "Not Found", 0);
  }
  BotApiCall call{target.substr(prefix.size()), std::string(request[http::field::content_type]),
                  json::parse(request.body(), nullptr, /*allow_exceptions=*/false)};
  if (call.body.is_discarded()) call.body = nullptr;
  if (call.content_type != "application/json")
    problems_.push_back("content type " + call.content_type);
  calls_.push_back(call);
  if (fail_left_ > 0) {
    --fail_left_;
    return error(fail_status_, fail_description_, fail_retry_after_);
  }
  if (call.method == "sendMessage") {
    CheckSendMessage(call.body);
    const bool object = call.body.is_object();
    const json chat_id = object && call.body.contains("chat_id") ? call.body["chat_id"] : json();
    const json text = object && call.body.contains("text") ? call.body["text"] : json();
    return reply(http::status::ok,
                 {{"ok", true},
                  {"result",
                   {{"message_id", next_message_id_++},
                    {"from", {{"id", 7512346890}, {"is_bot", true}, {"first_name", "Levier"}}},
                    {"chat", {{"id", chat_id}, {"type", "private"}}},
                    {"date", 1760000000},
                    {"text", text}}}});
  }
  if (call.method == "setWebhook") {
    return reply(http::status::ok,
                 {{"ok", true}, {"result", true}, {"description", "Webhook was set"}});
  }
  problems_.push_back("unexpected method " + call.method);
  return error(404, "Not Found: method not found", 0);
}

}  // namespace levier::testing
