#include "levier/webhook/web.h"

#include <cctype>

namespace levier::webhook {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasSuffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  for (std::size_t at = 0; (at = accept_encoding.find("gzip", at)) != std::string_view::npos;
       at += 4) {
    const std::string_view rest = accept_encoding.substr(at + 4);
    const std::string_view params = rest.substr(0, rest.find(','));
    if (params.find("q=0") == std::string_view::npos ||
        params.find("q=0.") != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

void AddBrowserSecurityHeaders(HttpResponse& res, std::string_view csp) {
  res.set("Content-Security-Policy", csp);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
}

HttpResponse ServeEmbeddedAsset(const HttpRequest& request, const EmbeddedAsset& asset,
                                std::string_view content_type, std::string_view cache_control,
                                std::string_view csp) {
  const bool gzip = AcceptsGzip(request[http::field::accept_encoding]);
  HttpResponse res = MakeResponse(request, http::status::ok, content_type,
                                  std::string(gzip ? asset.gzip : asset.body));
  if (gzip) res.set(http::field::content_encoding, "gzip");
  res.set(http::field::vary, "Accept-Encoding");
  res.set(http::field::cache_control, cache_control);
  AddBrowserSecurityHeaders(res, csp);
  return res;
}

std::string_view ContentTypeOf(std::string_view file_name) {
  if (HasSuffix(file_name, ".html")) return "text/html; charset=utf-8";
  if (HasSuffix(file_name, ".css")) return "text/css; charset=utf-8";
  if (HasSuffix(file_name, ".js")) return "text/javascript; charset=utf-8";
  if (HasSuffix(file_name, ".svg")) return "image/svg+xml";
  if (HasSuffix(file_name, ".json")) return "application/json; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semicolon = header.find(';');
    const std::string_view pair = TrimBlanks(header.substr(0, semicolon));
    header =
        semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && TrimBlanks(pair.substr(0, eq)) == name) {
      return TrimBlanks(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::string> OriginOf(std::string_view url) {
  const std::string lower = LowerAscii(url);
  std::size_t scheme_end = 0;
  if (lower.rfind("https://", 0) == 0) {
    scheme_end = 8;
  } else if (lower.rfind("http://", 0) == 0) {
    scheme_end = 7;
  } else {
    return std::nullopt;
  }
  const std::size_t host_end = lower.find_first_of("/?#", scheme_end);
  const std::string origin = lower.substr(0, host_end);
  if (origin.size() == scheme_end || origin.find('@') != std::string::npos) return std::nullopt;
  return origin;
}

bool IsLoopbackHttp(std::string_view url) {
  const std::optional<std::string> origin = OriginOf(url);
  if (!origin || origin->rfind("http://", 0) != 0) return false;
  std::string_view host = std::string_view(*origin).substr(7);
  if (host.rfind("[::1]", 0) == 0) return true;
  host = host.substr(0, host.find(':'));
  if (host == "localhost") return true;
  if (host.rfind("127.", 0) != 0) return false;
  for (char c : host) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace levier::webhook
