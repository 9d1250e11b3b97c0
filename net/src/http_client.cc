#include "levier/net/http_client.h"

#include <openssl/ssl.h>
#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <charconv>
#include <optional>

namespace levier::net {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

// Responses larger than this are refused: the client talks to APIs whose
// answers are a few kilobytes.
constexpr std::uint64_t kMaxResponseBodyBytes = 1 << 20;

Status TimedOut(std::string_view url, std::chrono::milliseconds timeout) {
  return Status::Unavailable("HTTP request to " + std::string(url) + " timed out after " +
                             std::to_string(timeout.count()) + " ms");
}

Status Failed(std::string_view url, const beast::error_code& failure,
              std::chrono::milliseconds timeout) {
  if (failure == beast::error::timeout) return TimedOut(url, timeout);
  return Status::Unavailable("HTTP request to " + std::string(url) + " failed: " +
                             failure.message());
}

}  // namespace

// Members in this order so that the streams go first, then the TLS context
// they use, then the io_context everything was made on.
struct HttpConnectionPool::Connection {
  net::io_context ioc;
  std::unique_ptr<ssl::context> tls_context;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

namespace {

using Connection = HttpConnectionPool::Connection;

// Runs the connection's pending operations until they finish or `deadline`
// passes (the stream's own timer bounds connect, handshake, write and read;
// this bounds name resolution too). On the deadline, closes the socket and
// lets the cancelled handlers finish before their captures go. False then.
bool Drive(Connection& c, Clock::time_point deadline, tcp::resolver* resolver = nullptr) {
  c.ioc.restart();
  c.ioc.run_until(deadline + std::chrono::milliseconds(100));
  if (c.ioc.stopped()) return true;
  if (resolver != nullptr) resolver->cancel();
  beast::error_code ignored;
  c.tcp().socket().close(ignored);
  c.ioc.restart();
  c.ioc.run();
  return false;
}

// An idle connection has nothing to read: readable means the server closed
// it (or sent what no request asked for). Not reused then.
bool PeerClosedOrSpoke(Connection& c) {
  pollfd idle{c.tcp().socket().native_handle(), POLLIN | POLLRDHUP, 0};
  return poll(&idle, 1, 0) != 0;
}

// A new connection to `url`'s host, TLS handshake done for https.
Result<std::unique_ptr<Connection>> Open(const ParsedUrl& url, Clock::time_point deadline,
                                         std::string_view url_text,
                                         std::chrono::milliseconds timeout) {
  auto c = std::make_unique<Connection>();
  if (url.scheme == "https") {
    c->tls_context = std::make_unique<ssl::context>(ssl::context::tls_client);
    ssl::context& context = *c->tls_context;
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                        ssl::context::no_tlsv1_1);
    beast::error_code ec;
    context.set_default_verify_paths(ec);  // the system store (ca-certificates)
    if (ec) return Status::Unavailable("cannot load the system CA certificates: " + ec.message());
    context.set_verify_mode(ssl::verify_peer);
    c->tls.emplace(c->ioc, context);
    // SNI, so virtual hosts (api.twilio.com sits behind one) present the right certificate.
    // (SSL_set_tlsext_host_name, spelt out: the macro's cast trips -Wold-style-cast.)
    if (SSL_ctrl(c->tls->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                 TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str())) != 1) {
      return Status::InvalidArgument("cannot use '" + url.host + "' as a TLS server name");
    }
    c->tls->set_verify_callback(ssl::host_name_verification(url.host));
  } else {
    c->plain.emplace(c->ioc);
  }
  beast::error_code failure;
  bool ready = false;
  tcp::resolver resolver(c->ioc);
  c->tcp().expires_at(deadline);
  resolver.async_resolve(
      url.host, std::to_string(url.port),
      [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) {
          failure = ec;
          return;
        }
        c->tcp().async_connect(results, [&](beast::error_code ec2, const tcp::endpoint&) {
          if (ec2) {
            failure = ec2;
            return;
          }
          if (!c->tls) {
            ready = true;
            return;
          }
          c->tls->async_handshake(ssl::stream_base::client, [&](beast::error_code ec3) {
            if (ec3) {
              failure = ec3;
              return;
            }
            ready = true;
          });
        });
      });
  if (!Drive(*c, deadline, &resolver)) return TimedOut(url_text, timeout);
  if (!ready) return Failed(url_text, failure, timeout);
  return c;
}

// One request and its response over `stream`. `*nothing_back` tells, on a
// failure, that the connection failed before any byte of a response came
// back (and not by the deadline): the server may have closed it while idle.
template <typename Stream>
Result<HttpResponse> ExchangeOn(Connection& c, Stream& stream, HttpRequest& request,
                                Clock::time_point deadline, std::string_view url_text,
                                std::chrono::milliseconds timeout, bool* nothing_back) {
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(kMaxResponseBodyBytes);
  beast::error_code failure;
  bool completed = false;
  c.tcp().expires_at(deadline);
  beast::http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      return;
    }
    beast::http::async_read(stream, c.buffer, parser, [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        failure = ec2;
        return;
      }
      completed = true;
    });
  });
  *nothing_back = false;
  if (!Drive(c, deadline)) return TimedOut(url_text, timeout);
  if (!completed) {
    *nothing_back = failure != beast::error::timeout && !parser.got_some();
    return Failed(url_text, failure, timeout);
  }
  c.tcp().expires_never();
  return parser.release();
}

Result<HttpResponse> Exchange(Connection& c, HttpRequest& request, Clock::time_point deadline,
                              std::string_view url_text, std::chrono::milliseconds timeout,
                              bool* nothing_back) {
  if (c.tls) return ExchangeOn(c, *c.tls, request, deadline, url_text, timeout, nothing_back);
  return ExchangeOn(c, *c.plain, request, deadline, url_text, timeout, nothing_back);
}

}  // namespace

Result<ParsedUrl> ParseUrl(std::string_view url) {
  ParsedUrl out;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return Status::InvalidArgument("URL without scheme");
  out.scheme = std::string(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    return Status::InvalidArgument("unsupported URL scheme '" + out.scheme + "'");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const std::size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (!out.target.empty() && out.target.front() == '?') out.target.insert(0, "/");
  out.port = out.scheme == "https" ? 443 : 80;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::InvalidArgument("bad IPv6 host in URL");
    out.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port_text = authority.substr(close + 2);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return Status::InvalidArgument("URL without host");
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return Status::InvalidArgument("bad port in URL");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

Status CheckPlatformApiUrl(std::string_view url, std::string_view setting) {
  const auto refuse = [&](const std::string& why) {
    return Status::InvalidArgument(std::string(setting) + " '" + std::string(url) + "': " + why);
  };
  Result<ParsedUrl> parsed = ParseUrl(url);
  if (!parsed.ok()) return refuse(parsed.status().message());
  if (parsed->scheme == "https") return Status::Ok();
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(parsed->host, ec);
  if (parsed->host == "localhost" || (!ec && address.is_loopback())) return Status::Ok();
  return refuse("must start with https:// (http:// is allowed only to a loopback address, "
                "for tests)");
}

Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout) {
  HttpConnectionPool one_connection(HttpConnectionPool::Options{0, std::chrono::seconds(0)});
  return one_connection.Send(url, std::move(request), timeout);
}

HttpConnectionPool::HttpConnectionPool() : HttpConnectionPool(Options{}) {}
HttpConnectionPool::HttpConnectionPool(Options options) : options_(options) {}
HttpConnectionPool::~HttpConnectionPool() = default;

std::uint64_t HttpConnectionPool::connections_opened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

Result<HttpResponse> HttpConnectionPool::Send(std::string_view url, HttpRequest request,
                                              std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  Result<ParsedUrl> parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  const bool tls = parsed->scheme == "https";
  const bool default_port = parsed->port == (tls ? 443 : 80);
  const std::string host_header =
      (parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host) +
      (default_port ? "" : ":" + std::to_string(parsed->port));
  request.target(parsed->target);
  request.set(beast::http::field::host, host_header);
  request.keep_alive(options_.max_idle_per_host > 0);
  request.prepare_payload();
  const std::string key = parsed->scheme + "://" + host_header;

  std::unique_ptr<Connection> kept;
  {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(key);
    if (found != idle_.end()) {
      std::vector<std::unique_ptr<Connection>>& idle = found->second;
      std::erase_if(idle, [&](const std::unique_ptr<Connection>& c) {
        return Clock::now() - c->idle_since > options_.max_idle || PeerClosedOrSpoke(*c);
      });
      if (!idle.empty()) {
        kept = std::move(idle.back());
        idle.pop_back();
      }
    }
  }
  const auto keep = [&](std::unique_ptr<Connection> c, const HttpResponse& response) {
    if (!response.keep_alive() || options_.max_idle_per_host == 0) return;
    c->idle_since = Clock::now();
    std::lock_guard lock(mutex_);
    std::vector<std::unique_ptr<Connection>>& idle = idle_[key];
    if (idle.size() < options_.max_idle_per_host) idle.push_back(std::move(c));
  };
  bool nothing_back = false;
  if (kept) {
    Result<HttpResponse> response = Exchange(*kept, request, deadline, url, timeout, &nothing_back);
    if (response.ok()) keep(std::move(kept), *response);
    // Closed by the server while it was idle: once more on a new connection.
    if (response.ok() || !nothing_back) return response;
  }
  Result<std::unique_ptr<Connection>> opened = Open(*parsed, deadline, url, timeout);
  if (!opened.ok()) return opened.status();
  {
    std::lock_guard lock(mutex_);
    ++opened_;
  }
  Result<HttpResponse> response = Exchange(**opened, request, deadline, url, timeout, &nothing_back);
  if (response.ok()) keep(std::move(*opened), *response);
  return response;
}

}  // namespace levier::net
