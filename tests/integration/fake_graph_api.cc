#include "fake_graph_api.h"

#include <boost/beast/core.hpp>

namespace levier::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

FakeGraphApi::FakeGraphApi()
    : server_([this](const LoopbackHttpServer::Request& r) { return Answer(r); }) {}

FakeGraphApi::~FakeGraphApi() { Release(); }  // before server_ joins its thread

void FakeGraphApi::Hang() {
  std::lock_guard lock(mutex_);
  hanging_ = true;
}

void FakeGraphApi::Release() {
  {
    std::lock_guard lock(mutex_);
    hanging_ = false;
  }
  released_.notify_all();
}

int FakeGraphApi::hung() const {
  std::lock_guard lock(mutex_);
  return hung_;
}

std::string FakeGraphApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_.port()) + "/v24.0";
}

void FakeGraphApi::FailNext(int n, int status, int code) {
  std::lock_guard lock(mutex_);
  fail_left_ = n;
  fail_status_ = status;
  fail_code_ = code;
}

std::vector<GraphMessage> FakeGraphApi::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

bool FakeGraphApi::WaitForSent(std::size_t n, int seconds) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (sent().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return sent().size() >= n;
}

std::vector<std::string> FakeGraphApi::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

http::response<http::string_body> FakeGraphApi::Answer(
    const http::request<http::string_body>& request) {
  std::unique_lock lock(mutex_);
  const auto reply = [](int status, const json& body) {
    http::response<http::string_body> r{static_cast<http::status>(status), 11};
    r.set(http::field::content_type, "application/json");
    r.body() = body.dump();
    return r;
  };
  const auto error = [&](int status, int code, const std::string& message) {
    return reply(status,
                 {{"error",
                   {{"message", message},
                    {"type", "OAuthException"},
                    {"code", code},
                    {"error_data", {{"messaging_product", "whatsapp"}, {"details", message}}},
                    {"fbtrace_id", "AbCdEf"}}}});
  };
  const std::string path = std::string("/v24.0/") + kWaPhoneNumberId + "/messages";
  if (request.method() != http::verb::post || request.target() != path) {
    problems_.push_back("bad method or path: " + std::string(request.target()));
    return error(400, 100, "Unsupported post request");
  }
  if (request[http::field::authorization] != std::string("Bearer ") + kWaAccessToken) {
    problems_.push_back("bad authorization");
    return error(401, 190, "Invalid OAuth access token");
  }
  if (request[http::field::content_type] != "application/json") {
    problems_.push_back("bad content type");
    return error(400, 100, "Bad content type");
  }
  const json body = json::parse(request.body(), nullptr, false);
  if (!body.is_object() || body.value("messaging_product", "") != "whatsapp" ||
      !body.contains("to") || !body["to"].is_string() || !body.contains("type")) {
    problems_.push_back("malformed message: " + request.body());
    return error(400, 100, "Invalid parameter");
  }
  if (hanging_) {
    // Held: the sender waits; once released, it is not accepted (the
    // sender that was waiting may be gone, as after a kill).
    ++hung_;
    released_.wait(lock, [&] { return !hanging_; });
    return error(503, 131000, "Held, then released");
  }
  if (fail_left_ > 0) {
    --fail_left_;
    return error(fail_status_, fail_code_, "Simulated failure");
  }
  const std::string wamid = "wamid.fake" + std::to_string(sent_.size() + 1);
  sent_.push_back({body, wamid, std::chrono::steady_clock::now()});
  const std::string to = body["to"].get<std::string>();
  return reply(200, {{"messaging_product", "whatsapp"},
                     {"contacts", json::array({{{"input", to}, {"wa_id", to}}})},
                     {"messages", json::array({{{"id", wamid}}})}});
}

}  // namespace levier::testing
