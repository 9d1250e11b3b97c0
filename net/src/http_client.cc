#include "levier/net/http_client.h"

#include <openssl/ssl.h>

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
#include <type_traits>

namespace levier::net {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

// Responses larger than this are refused: the client talks to APIs whose
// answers are a few kilobytes.
constexpr std::uint64_t kMaxResponseBodyBytes = 1 << 20;

// One exchange over `stream` (plain TCP or TLS), driven by `ioc` until it
// completes or `timeout` passes (resolve, connect, handshake, write and read
// all count). Returns the response or the first error.
template <typename Stream>
Result<HttpResponse> Exchange(net::io_context& ioc, Stream& stream, const ParsedUrl& url,
                              HttpRequest& request, std::chrono::milliseconds timeout,
                              std::string_view url_text) {
  constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(kMaxResponseBodyBytes);
  beast::error_code failure;
  bool completed = false;

  const auto read = [&] {
    beast::http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        failure = ec;
        return;
      }
      completed = true;
      beast::error_code ignored;
      tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  };
  const auto write = [&] {
    beast::http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        failure = ec;
        return;
      }
      read();
    });
  };
  tcp::resolver resolver(ioc);
  tcp_layer.expires_after(timeout);
  resolver.async_resolve(
      url.host, std::to_string(url.port),
      [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) {
          failure = ec;
          return;
        }
        tcp_layer.async_connect(results, [&](beast::error_code ec2, const tcp::endpoint&) {
          if (ec2) {
            failure = ec2;
            return;
          }
          if constexpr (kTls) {
            stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec3) {
              if (ec3) {
                failure = ec3;
                return;
              }
              write();
            });
          } else {
            write();
          }
        });
      });
  // The stream's own timer bounds connect, handshake, write and read; this
  // bounds name resolution too.
  ioc.run_for(timeout + std::chrono::milliseconds(100));
  if (!ioc.stopped()) {
    resolver.cancel();
    beast::error_code ignored;
    tcp_layer.socket().close(ignored);
    ioc.restart();
    ioc.run();  // lets the cancelled handlers finish before the locals die
    return Status::Unavailable("HTTP request to " + std::string(url_text) +
                                    " timed out after " + std::to_string(timeout.count()) +
                                    " ms");
  }
  if (!completed) {
    if (failure == beast::error::timeout) {
      return Status::Unavailable("HTTP request to " + std::string(url_text) +
                                      " timed out after " + std::to_string(timeout.count()) +
                                      " ms");
    }
    return Status::Unavailable("HTTP request to " + std::string(url_text) + " failed: " +
                               failure.message());
  }
  return parser.release();
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
  Result<ParsedUrl> parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  const bool tls = parsed->scheme == "https";
  const bool default_port = parsed->port == (tls ? 443 : 80);
  const std::string host_header =
      (parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host) +
      (default_port ? "" : ":" + std::to_string(parsed->port));
  request.target(parsed->target);
  request.set(beast::http::field::host, host_header);
  request.prepare_payload();

  net::io_context ioc;
  if (!tls) {
    beast::tcp_stream stream(ioc);
    return Exchange(ioc, stream, *parsed, request, timeout, url);
  }
  ssl::context context(ssl::context::tls_client);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                      ssl::context::no_tlsv1_1);
  beast::error_code ec;
  context.set_default_verify_paths(ec);  // the system store (ca-certificates)
  if (ec) return Status::Unavailable("cannot load the system CA certificates: " + ec.message());
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
  // SNI, so virtual hosts (api.twilio.com sits behind one) present the right certificate.
  // (SSL_set_tlsext_host_name, spelt out: the macro's cast trips -Wold-style-cast.)
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(parsed->host.c_str())) != 1) {
    return Status::InvalidArgument("cannot use '" + parsed->host + "' as a TLS server name");
  }
  stream.set_verify_callback(ssl::host_name_verification(parsed->host));
  return Exchange(ioc, stream, *parsed, request, timeout, url);
}

}  // namespace levier::net
