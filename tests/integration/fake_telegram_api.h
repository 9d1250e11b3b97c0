// A fake Telegram Bot API on loopback, speaking the documented format
// (platform spec §4.1, §4.5): POST /bot<token>/<method> with a JSON body,
// answered {"ok":true,"result":...} or, on demand, an error with
// error_code, description and parameters.retry_after. It records every call
// exactly as received and checks sendMessage's shape (chat_id an integer,
// text 1-4,096 characters, an inline keyboard of buttons with callback_data
// of 1-64 bytes, nothing else), noting what is wrong in problems().
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "loopback_http_server.h"

namespace levier::testing {

inline constexpr const char* kTelegramBotToken = "7512346890:AAE-fake_Telegram_token_0123456789";

// One Bot API call the fake received with the right token.
struct BotApiCall {
  std::string method;       // "sendMessage", "setWebhook"
  std::string content_type;
  nlohmann::json body;      // the parsed JSON body (null when it was not JSON)
};

class FakeTelegramApi {
 public:
  FakeTelegramApi();
  ~FakeTelegramApi();

  std::string base_url() const;
  // The next `n` calls get `status` with Telegram's error body (and
  // parameters.retry_after when `retry_after` > 0).
  void FailNext(int n, int status, const std::string& description, int retry_after = 0);
  std::vector<BotApiCall> calls() const;
  // The sendMessage calls only, in the order received.
  std::vector<BotApiCall> sent() const;
  std::vector<std::string> problems() const;

 private:
  boost::beast::http::response<boost::beast::http::string_body> Answer(
      const boost::beast::http::request<boost::beast::http::string_body>& request);
  void CheckSendMessage(const nlohmann::json& body);  // REQUIRES: mutex_ held

  mutable std::mutex mutex_;
  std::vector<BotApiCall> calls_;      // guarded by mutex_
  std::vector<std::string> problems_;  // guarded by mutex_
  int fail_left_ = 0;                  // guarded by mutex_
  int fail_status_ = 500;              // guarded by mutex_
  std::string fail_description_;       // guarded by mutex_
  int fail_retry_after_ = 0;           // guarded by mutex_
  int next_message_id_ = 100;          // guarded by mutex_
  LoopbackHttpServer server_;  // last: its thread stops before the state it uses
};

}  // namespace levier::testing
