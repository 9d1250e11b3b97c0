#include "levier/channels/webchat/channel.h"

#include <memory>
#include <string>
#include <vector>

#include "assets.h"
#include "levier/channels/webchat/api.h"
#include "levier/net/form.h"
#include "levier/util/log.h"
#include "levier/util/rate_limiter.h"
#include "levier/util/time_util.h"
#include "levier/webhook/web.h"

namespace levier::channels::webchat {
namespace {

using webhook::HttpRequest;
using webhook::HttpResponse;
using webhook::MakeResponse;
using webhook::RequestContext;
using webhook::Respond;
using webhook::RetryAfterSeconds;
using webhook::StatusToHttp;
namespace http = webhook::http;

constexpr std::string_view kJson = "application/json; charset=utf-8";
// Only the page's own files and API: no inline script or style, no other
// site, never framed.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct Page {
  std::string_view path;
  std::string_view asset;
  std::string_view content_type;
};
constexpr Page kPages[] = {
    {kPagePath, "index.html", "text/html; charset=utf-8"},
    {"/chat/chat.css", "chat.css", "text/css; charset=utf-8"},
    {"/chat/chat.js", "chat.js", "text/javascript; charset=utf-8"},
};

class WebChatChannel final : public webhook::HttpChannel {
 public:
  WebChatChannel(Settings settings, webhook::ChannelServices services)
      : settings_(std::move(settings)),
        services_(services),
        limiter_(settings_.messages_per_minute) {}

  std::string_view name() const override { return kChannelName; }

  std::vector<webhook::Route> Routes() override {
    std::vector<webhook::Route> routes;
    for (const Page& page : kPages) {
      routes.push_back({http::verb::get, std::string(page.path),
                        [this, &page](HttpRequest request, const RequestContext&, Respond respond) {
                          respond(ServeAsset(request, page));
                        }});
    }
    webhook::Route invited{http::verb::get, std::string(kInvitationPathPrefix),
                           [this](HttpRequest request, const RequestContext&, Respond respond) {
                             respond(ServeAsset(request, kPages[0]));
                           }};
    invited.one_segment_below = true;
    routes.push_back(std::move(invited));
    routes.push_back({http::verb::get, std::string(kTextsPath),
                      [this](HttpRequest request, const RequestContext&, Respond respond) {
                        respond(ServeTexts(request));
                      }});
    routes.push_back({http::verb::post, std::string(kMessagesPath),
                      [this](HttpRequest request, const RequestContext& context, Respond respond) {
                        HandleMessage(std::move(request), context, std::move(respond));
                      }});
    return routes;
  }

  bot::Sender* sender() override { return nullptr; }  // replies go in the HTTP answer

 private:
  HttpResponse ServeAsset(const HttpRequest& request, const Page& page) const;
  HttpResponse ServeTexts(const HttpRequest& request) const;
  void HandleMessage(HttpRequest request, const RequestContext& context, Respond respond);
  HttpResponse Json(const HttpRequest& request, http::status status, std::string body) const {
    HttpResponse res = MakeResponse(request, status, kJson, std::move(body));
    res.set(http::field::cache_control, "no-store");
    webhook::AddBrowserSecurityHeaders(res, kContentSecurityPolicy);
    return res;
  }

  const Settings settings_;
  webhook::ChannelServices services_;
  RateLimiter limiter_;  // new messages per client address
};

HttpResponse WebChatChannel::ServeAsset(const HttpRequest& request, const Page& page) const {
  for (const webhook::EmbeddedAsset& asset : EmbeddedAssets()) {
    if (asset.name != page.asset) continue;
    return webhook::ServeEmbeddedAsset(request, asset, page.content_type, "no-cache",
                                       kContentSecurityPolicy);
  }
  return Json(request, http::status::not_found, ErrorJson("no such file"));
}

HttpResponse WebChatChannel::ServeTexts(const HttpRequest& request) const {
  const std::string_view target = request.target();
  const std::size_t q = target.find('?');
  Result<net::FormParams> params = net::DecodeForm(
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
      services_.limits.form_params);
  if (!params.ok()) {
    return Json(request, http::status::bad_request, ErrorJson(params.status().message()));
  }
  const std::string* lang = net::FindParam(*params, "lang");
  HttpResponse res = Json(request, http::status::ok,
                          TextsJson(*services_.conversations.current_script(),
                                    lang == nullptr ? std::string_view() : *lang));
  res.set(http::field::cache_control, "no-cache");
  return res;
}

void WebChatChannel::HandleMessage(HttpRequest request, const RequestContext& context,
                                   Respond respond) {
  if (!webhook::IsContentType(request[http::field::content_type], "application/json")) {
    return respond(Json(request, http::status::unsupported_media_type,
                        ErrorJson("expected application/json")));
  }
  // A page on another site cannot post on a resident's behalf (their cookie
  // would go with it): browsers always send Origin on a cross-origin POST.
  if (webhook::OriginOf(request[http::field::origin]) != settings_.origin) {
    log::Warn("webchat_origin_refused");
    return respond(Json(request, http::status::forbidden,
                        ErrorJson("Origin must be " + settings_.origin)));
  }
  if (request.body().size() > kMaxBodyBytes) {
    return respond(Json(request, http::status::payload_too_large,
                        ErrorJson("the body is larger than " + std::to_string(kMaxBodyBytes) +
                                  " bytes")));
  }
  const std::int64_t now_ms = MonotonicMicros() / 1000;
  if (!limiter_.Allow(context.client_address, now_ms)) {
    if (services_.metrics != nullptr) services_.metrics->CountLimited("webchat_client");
    HttpResponse res = Json(request, http::status::too_many_requests,
                            ErrorJson("too many messages, retry later"));
    res.set(http::field::retry_after,
            RetryAfterSeconds(limiter_.WaitMillis(context.client_address, now_ms)));
    return respond(std::move(res));
  }
  Result<MessageRequest> parsed = ParseMessageRequest(request.body());
  if (!parsed.ok()) {
    return respond(Json(request, http::status::bad_request, ErrorJson(parsed.status().message())));
  }
  std::optional<std::string> address = AddressFromCookies(request[http::field::cookie]);
  const bool new_address = !address.has_value();
  if (new_address) address = NewAddress();

  bot::InboundMessage message;
  message.channel = std::string(kChannelName);
  message.message_id = MessageIdFor(*address, parsed->id);
  message.sender = std::move(*address);
  message.text = std::move(parsed->text);
  message.choice = std::move(parsed->choice);
  message.received_at = NowUnixSeconds();
  // Nothing can reach a web page days later: the consent question is skipped.
  message.followups_possible = false;
  const std::string cookie =
      new_address ? AddressCookie(message.sender, settings_.secure_cookie) : std::string();

  auto req = std::make_shared<HttpRequest>(std::move(request));
  req->body().clear();  // the message text is not needed past this point
  auto answer = [this, req, cookie, respond = std::move(respond)](
                    const Result<bot::ConversationOutcome>& outcome) {
    HttpResponse res;
    if (!outcome.ok()) {
      res = Json(*req, StatusToHttp(outcome.status()), ErrorJson("temporarily unavailable, retry"));
      res.set(http::field::retry_after, "5");
    } else if (outcome->rate_limited) {
      res = Json(*req, http::status::too_many_requests, ErrorJson("too many messages, retry later"));
      res.set(http::field::retry_after, "60");
    } else {
      res = Json(*req, http::status::ok, RepliesToJson(outcome->replies, outcome->language));
    }
    if (!cookie.empty()) res.set(http::field::set_cookie, cookie);
    respond(std::move(res));
  };
  webhook::HandleMessage(services_, std::move(message), context, std::move(answer));
}

}  // namespace

std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services) {
  return std::make_unique<WebChatChannel>(std::move(settings), services);
}

}  // namespace levier::channels::webchat
