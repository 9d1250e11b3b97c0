#include "fake_twilio_api.h"

#include <boost/beast/core.hpp>

#include "levier/util/crypto.h"
#include "levier/net/form.h"
#include "server_process.h"

namespace levier::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

FakeTwilioApi::FakeTwilioApi()
    : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  thread_ = std::thread([this] { Serve(); });
}

FakeTwilioApi::~FakeTwilioApi() {
  stopping_ = true;
  Release();
  beast::error_code ignored;
  tcp::socket poke(ioc_);
  poke.connect(acceptor_.local_endpoint(), ignored);  // unblocks accept
  thread_.join();
}

std::string FakeTwilioApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
}

void FakeTwilioApi::FailNext(int n, int status, int code) {
  std::lock_guard lock(mutex_);
  fail_left_ = n;
  fail_status_ = status;
  fail_code_ = code;
}

void FakeTwilioApi::Hang() {
  std::lock_guard lock(mutex_);
  hanging_ = true;
}

void FakeTwilioApi::Release() {
  {
    std::lock_guard lock(mutex_);
    hanging_ = false;
  }
  released_.notify_all();
}

std::vector<ReceivedMessage> FakeTwilioApi::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

int FakeTwilioApi::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int FakeTwilioApi::hung() const {
  std::lock_guard lock(mutex_);
  return hung_;
}

std::vector<std::string> FakeTwilioApi::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

void FakeTwilioApi::Serve() {
  while (!stopping_) {
    tcp::socket socket(ioc_);
    beast::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) continue;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(socket, buffer, request, ec);
    if (ec) continue;
    {
      std::unique_lock lock(mutex_);
      if (hanging_) {
        ++hung_;
        released_.wait(lock, [&] { return !hanging_; });
        continue;  // closed unanswered, as a peer that died
      }
    }
    http::response<http::string_body> response = Answer(request);
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

http::response<http::string_body> FakeTwilioApi::Answer(
    const http::request<http::string_body>& request) {
  std::lock_guard lock(mutex_);
  ++requests_;
  const auto reply = [&](http::status status, std::string body) {
    http::response<http::string_body> r{status, 11};
    r.set(http::field::content_type, "application/json");
    r.body() = std::move(body);
    return r;
  };
  const auto error = [&](int status, int code, const std::string& message) {
    return reply(static_cast<http::status>(status),
                 R"({"code":)" + std::to_string(code) + R"(,"message":")" + message +
                     R"(","more_info":"https://www.twilio.com/docs/errors/)" +
                     std::to_string(code) + R"(","status":)" + std::to_string(status) + "}");
  };
  const std::string path = std::string("/2010-04-01/Accounts/") + kAccountSid + "/Messages.json";
  if (request.method() != http::verb::post || request.target() != path) {
    problems_.push_back("bad method or path: " + std::string(request.target()));
    return error(404, 20404, "The requested resource was not found");
  }
  const std::string expected_auth =
      "Basic " + crypto::Base64Encode(std::string(kAccountSid) + ":" + ServerProcess::kAuthToken);
  if (request[http::field::authorization] != expected_auth) {
    problems_.push_back("bad authorization");
    return error(401, 20003, "Authenticate");
  }
  if (request[http::field::content_type] != "application/x-www-form-urlencoded") {
    problems_.push_back("bad content type");
    return error(400, 21000, "Bad content type");
  }
  Result<net::FormParams> form = net::DecodeForm(request.body(), 50);
  const std::string* to = form.ok() ? net::FindParam(*form, "To") : nullptr;
  const std::string* from = form.ok() ? net::FindParam(*form, "From") : nullptr;
  const std::string* body = form.ok() ? net::FindParam(*form, "Body") : nullptr;
  if (to == nullptr || from == nullptr || body == nullptr || body->empty()) {
    problems_.push_back("missing To, From or Body");
    return error(400, 21602, "Message body is required");
  }
  if (fail_left_ > 0) {
    --fail_left_;
    return error(fail_status_, fail_code_, "Simulated failure");
  }
  sent_.push_back({*to, *from, *body});
  const std::string sid = "SM" + std::string(30, '0') + std::to_string(10 + sent_.size());
  return reply(http::status::created,
               R"({"sid":")" + sid + R"(","account_sid":")" + kAccountSid + R"(","from":")" +
                   *from + R"(","to":")" + *to +
                   R"(","status":"queued","direction":"outbound-api","num_segments":"1",)"
                   R"("error_code":null,"error_message":null,"api_version":"2010-04-01"})");
}

}  // namespace levier::testing
