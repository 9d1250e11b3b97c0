// What every part of Levier that a browser opens needs the same way (the
// web chat, the coordinators' workspace): static files compiled into the
// binary, the security headers, origins, cookies.
//
// Thread-safety: pure functions over immutable data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "levier/webhook/http.h"

namespace levier::webhook {

// A static file compiled into the binary by cmake/EmbedAssets.cmake.
struct EmbeddedAsset {
  std::string_view name;  // file name: "index.html"
  std::string_view body;  // the bytes as written
  std::string_view gzip;  // the same, gzip -9
};

// Whether an Accept-Encoding header value accepts gzip (not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// Content-Security-Policy, X-Content-Type-Options, Referrer-Policy and
// X-Frame-Options on `res`: `csp` must forbid inline script and framing.
void AddBrowserSecurityHeaders(HttpResponse& res, std::string_view csp);

// `asset` as the answer to `request`: gzip when accepted, `cache_control`,
// the security headers with `csp`.
HttpResponse ServeEmbeddedAsset(const HttpRequest& request, const EmbeddedAsset& asset,
                                std::string_view content_type, std::string_view cache_control,
                                std::string_view csp);

// The Content-Type of a static file, by its extension (text/html for an
// unknown one would be unsafe: application/octet-stream then).
std::string_view ContentTypeOf(std::string_view file_name);

// The value of cookie `name` in a Cookie header, nullopt when absent.
std::optional<std::string_view> CookieValue(std::string_view cookie_header, std::string_view name);

// "scheme://host[:port]" of an http(s) URL, lowercased; nullopt otherwise.
std::optional<std::string> OriginOf(std::string_view url);
// Whether `url` is plain http:// to a loopback host (127.x, ::1, localhost):
// then cookies cannot be Secure (the browser would not send them back).
bool IsLoopbackHttp(std::string_view url);

}  // namespace levier::webhook
