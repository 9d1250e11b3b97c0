// A browser of the workspace for the integration tests: it keeps the
// session cookie and the CSRF token as the pages do, and sends the
// workspace's Origin. Header-only; used by workspace_test.cc and
// script_editor_test.cc.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "levier/net/http_client.h"
#include "server_process.h"

namespace levier::testing {

inline constexpr const char* kOrigin = "https://levier.test";  // ServerProcess::kPublicUrl

struct Answer {
  using json = nlohmann::json;
  int status = 0;
  json body;
  std::string set_cookie;
  net::HttpResponse raw;
};

// One browser: its cookie and CSRF token, the workspace's origin.
class Browser {
 public:
  using json = nlohmann::json;
  explicit Browser(const ServerProcess& server) : server_(server) {}

  Answer Send(net::http::verb method, const std::string& target, const std::string& body = "",
              bool with_csrf = true, const std::string& origin = kOrigin,
              const std::string& content_type = "application/json") {
    net::HttpRequest req{method, target, 11};
    if (!cookie_.empty()) req.set(net::http::field::cookie, cookie_);
    if (!origin.empty()) req.set(net::http::field::origin, origin);
    if (with_csrf && !csrf_.empty()) req.set("X-CSRF-Token", csrf_);
    if (method == net::http::verb::post) {
      req.set(net::http::field::content_type, content_type);
      req.body() = body;
    }
    Result<net::HttpResponse> res =
        net::SendHttpRequest(server_.base_url() + target, std::move(req), std::chrono::seconds(20));
    if (!res.ok()) throw std::runtime_error(res.status().ToString());
    Answer a;
    a.status = static_cast<int>(res->result_int());
    a.body = json::parse(res->body(), nullptr, false);
    a.set_cookie = std::string((*res)[net::http::field::set_cookie]);
    a.raw = std::move(*res);
    // Keep the cookie as a browser would (name=value, up to the first ';').
    if (!a.set_cookie.empty()) cookie_ = a.set_cookie.substr(0, a.set_cookie.find(';'));
    if (a.status == 200 && a.body.is_object() && a.body.contains("csrf_token")) {
      csrf_ = a.body["csrf_token"];
    }
    return a;
  }
  Answer Post(const std::string& target, const json& body) {
    return Send(net::http::verb::post, target, body.dump());
  }
  Answer Get(const std::string& target) { return Send(net::http::verb::get, target); }
  Answer Login(const std::string& email, const std::string& password,
               const std::string& code = "") {
    json body{{"email", email}, {"password", password}};
    if (!code.empty()) body["code"] = code;
    return Post("/workspace/api/login", body);
  }
  std::string& cookie() { return cookie_; }
  std::string& csrf() { return csrf_; }

 private:
  const ServerProcess& server_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace levier::testing
