// A fake Twilio Messages API on loopback, speaking Twilio's documented
// format (platform spec 1.11): Basic auth, form To/From/Body, 201 with a
// Message resource, an error on demand, or no answer at all (Hang) so a
// test can kill the server while a send is in flight.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace levier::testing {

inline constexpr const char* kAccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";  // twilio_client's

// One request the fake API accepted as well-formed.
struct ReceivedMessage {
  std::string to;
  std::string from;
  std::string body;
};

// Twilio's Messages API on 127.0.0.1:<ephemeral>, one request per connection.
class FakeTwilioApi {
 public:
  FakeTwilioApi();
  ~FakeTwilioApi();

  std::string base_url() const;
  // The next `n` well-formed requests get `status` with Twilio's error body.
  void FailNext(int n, int status, int code);
  // From now on, requests are read and counted but never answered: the
  // connection stays open until Release().
  void Hang();
  // Closes the hung connections unanswered and answers normally again.
  void Release();
  std::vector<ReceivedMessage> sent() const;
  int requests() const;
  // Requests read while hanging.
  int hung() const;
  std::vector<std::string> problems() const;

 private:
  void Serve();
  boost::beast::http::response<boost::beast::http::string_body> Answer(
      const boost::beast::http::request<boost::beast::http::string_body>& request);

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<ReceivedMessage> sent_;  // guarded by mutex_
  std::vector<std::string> problems_;  // guarded by mutex_
  int requests_ = 0;                   // guarded by mutex_
  int hung_ = 0;                       // guarded by mutex_
  bool hanging_ = false;               // guarded by mutex_
  int fail_left_ = 0;                  // guarded by mutex_
  int fail_status_ = 500;              // guarded by mutex_
  int fail_code_ = 20500;              // guarded by mutex_
};

}  // namespace levier::testing
