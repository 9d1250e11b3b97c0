// A fake WhatsApp Cloud API (Graph API) on loopback, speaking Meta's
// documented format (platform spec 3.4): POST /v24.0/{phone-number-id}/messages
// with a Bearer token and a JSON message; 200 with the message's wamid, or an
// error on demand. It checks each request and records what it accepted, with
// the time it arrived.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "loopback_http_server.h"

namespace levier::testing {

inline constexpr const char* kWaPhoneNumberId = "106540352242922";
inline constexpr const char* kWaAccessToken = "EAAtestaccesstoken0123456789";

struct GraphMessage {
  nlohmann::json body;
  std::string wamid;  // the id the fake gave it
  std::chrono::steady_clock::time_point at;
};

class FakeGraphApi {
 public:
  FakeGraphApi();
  ~FakeGraphApi();

  // With the version, as LEVIER_WHATSAPP_API_BASE: "http://127.0.0.1:P/v24.0".
  std::string base_url() const;
  // The next `n` well-formed requests get `status` with Meta's error `code`.
  void FailNext(int n, int status, int code);
  // From now on a request is held unanswered (the send stays in flight)
  // until Release(), which answers the held ones 503 and the next normally.
  void Hang();
  void Release();
  int hung() const;  // requests held so far
  std::vector<GraphMessage> sent() const;
  // Waits up to `seconds` until at least `n` messages were accepted.
  bool WaitForSent(std::size_t n, int seconds = 30) const;
  std::vector<std::string> problems() const;

 private:
  boost::beast::http::response<boost::beast::http::string_body> Answer(
      const boost::beast::http::request<boost::beast::http::string_body>& request);

  mutable std::mutex mutex_;
  std::vector<GraphMessage> sent_;     // guarded by mutex_
  std::vector<std::string> problems_;  // guarded by mutex_
  int fail_left_ = 0;                  // guarded by mutex_
  int fail_status_ = 500;              // guarded by mutex_
  int fail_code_ = 131000;             // guarded by mutex_
  bool hanging_ = false;               // guarded by mutex_
  int hung_ = 0;                       // guarded by mutex_
  std::condition_variable released_;
  LoopbackHttpServer server_;  // last: its thread stops before the state it uses
};

}  // namespace levier::testing
