#include "levier/webhook/web.h"

#include <gtest/gtest.h>

namespace levier::webhook {
namespace LEVIER_UNITY_ID {

TEST(WebOriginTest, OriginOfTheUrl) {
  EXPECT_EQ(OriginOf("https://Levier.Example.org/base/"), "https://levier.example.org");
  EXPECT_EQ(OriginOf("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(OriginOf("http://127.0.0.1:8080?x"), "http://127.0.0.1:8080");
  EXPECT_EQ(OriginOf("ftp://example.org"), std::nullopt);
  EXPECT_EQ(OriginOf("https://"), std::nullopt);
  EXPECT_EQ(OriginOf("https://user@example.org"), std::nullopt);
  EXPECT_EQ(OriginOf("null"), std::nullopt);
  EXPECT_EQ(OriginOf(""), std::nullopt);
}

TEST(WebOriginTest, LoopbackHttpOnly) {
  EXPECT_TRUE(IsLoopbackHttp("http://127.0.0.1:8080"));
  EXPECT_TRUE(IsLoopbackHttp("http://localhost"));
  EXPECT_TRUE(IsLoopbackHttp("http://[::1]:8080/"));
  EXPECT_FALSE(IsLoopbackHttp("https://127.0.0.1:8080"));
  EXPECT_FALSE(IsLoopbackHttp("http://levier.example.org"));
  EXPECT_FALSE(IsLoopbackHttp("http://127.0.0.1.example.org"));
}

TEST(WebCookieTest, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(CookieValue("a=1; levier_ws=abc ; b=2", "levier_ws"), "abc");
  EXPECT_EQ(CookieValue("levier_ws=", "levier_ws"), "");
  EXPECT_EQ(CookieValue("xlevier_ws=abc", "levier_ws"), std::nullopt);
  EXPECT_EQ(CookieValue("levier_wsx=abc", "levier_ws"), std::nullopt);
  EXPECT_EQ(CookieValue("", "levier_ws"), std::nullopt);
  EXPECT_EQ(CookieValue(";;;", "levier_ws"), std::nullopt);
}

TEST(WebGzipTest, AcceptedUnlessRefusedWithQZero) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, br"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip(""));
}

TEST(WebContentTypeTest, ByExtensionAndNeverHtmlByDefault) {
  EXPECT_EQ(ContentTypeOf("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("app.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeOf("notes.txt.html.bak"), "application/octet-stream");
}

TEST(WebAssetTest, GzipWhenAcceptedWithSecurityHeaders) {
  const EmbeddedAsset asset{"a.css", "body{}", "GZ"};
  HttpRequest plain{http::verb::get, "/a.css", 11};
  HttpResponse res = ServeEmbeddedAsset(plain, asset, "text/css", "no-cache", "default-src 'none'");
  EXPECT_EQ(res.body(), "body{}");
  EXPECT_EQ(res[http::field::content_encoding], "");
  EXPECT_EQ(res["Content-Security-Policy"], "default-src 'none'");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  HttpRequest gz = plain;
  gz.set(http::field::accept_encoding, "gzip");
  res = ServeEmbeddedAsset(gz, asset, "text/css", "no-cache", "default-src 'none'");
  EXPECT_EQ(res.body(), "GZ");
  EXPECT_EQ(res[http::field::content_encoding], "gzip");
  EXPECT_EQ(res[http::field::vary], "Accept-Encoding");
}

}  // namespace
}  // namespace levier::webhook
