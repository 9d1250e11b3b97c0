#include "levier/webhook/channel.h"

#include <cctype>

#include "levier/util/time_util.h"

namespace levier::webhook {

bool HasMediaType(std::string_view content_type, std::string_view media_type) {
  if (content_type.size() < media_type.size()) return false;
  for (std::size_t i = 0; i < media_type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(content_type[i])) != media_type[i]) return false;
  }
  return content_type.size() == media_type.size() || content_type[media_type.size()] == ';' ||
         content_type[media_type.size()] == ' ';
}

std::optional<HttpResponse> CountFailedAuth(const ChannelServices& services,
                                            const HttpRequest& request,
                                            const RequestContext& context) {
  const std::int64_t now_ms = MonotonicMicros() / 1000;
  if (services.failed_auth.Allow(context.client_address, now_ms)) return std::nullopt;
  if (services.metrics != nullptr) services.metrics->CountLimited("webhook_failed_auth");
  HttpResponse res = MakeResponse(request, http::status::too_many_requests,
                                  "text/plain; charset=utf-8",
                                  "too many failed authentications, retry later\n");
  res.set(http::field::retry_after,
          RetryAfterSeconds(services.failed_auth.WaitMillis(context.client_address, now_ms)));
  return res;
}

}  // namespace levier::webhook
