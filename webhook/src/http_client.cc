#include "levier/webhook/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>

namespace levier::webhook {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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

Result<HttpResponse> SendHttpRequest(std::string_view url, HttpRequest request,
                                     std::chrono::milliseconds timeout) {
  Result<ParsedUrl> parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->scheme != "http") {
    return Status::InvalidArgument("only http:// URLs are supported by this client");
  }
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  HttpResponse response;
  beast::error_code failure;

  request.target(parsed->target);
  request.set(beast::http::field::host, parsed->host + ":" + std::to_string(parsed->port));
  request.prepare_payload();

  tcp::resolver resolver(ioc);
  stream.expires_after(timeout);
  resolver.async_resolve(
      parsed->host, std::to_string(parsed->port),
      [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) { failure = ec; return; }
        stream.async_connect(results, [&](beast::error_code ec2, const tcp::endpoint&) {
          if (ec2) { failure = ec2; return; }
          beast::http::async_write(stream, request, [&](beast::error_code ec3, std::size_t) {
            if (ec3) { failure = ec3; return; }
            beast::http::async_read(stream, buffer, response,
                                    [&](beast::error_code ec4, std::size_t) {
                                      if (ec4) failure = ec4;
                                      beast::error_code ignored;
                                      stream.socket().shutdown(tcp::socket::shutdown_both,
                                                               ignored);
                                    });
          });
        });
      });
  ioc.run();
  if (failure) {
    return Status::Unavailable("HTTP request to " + std::string(url) + " failed: " +
                               failure.message());
  }
  return response;
}

}  // namespace levier::webhook
