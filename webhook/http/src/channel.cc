#include "levier/webhook/channel.h"

#include <cctype>

#include "levier/util/time_util.h"

namespace levier::webhook {

bool IsContentType(std::string_view value, std::string_view type) {
  if (value.size() < type.size()) return false;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != type[i]) return false;
  }
  return value.size() == type.size() || value[type.size()] == ';' || value[type.size()] == ' ';
}

std::optional<HttpResponse> LimitFailedAuth(const ChannelServices& services,
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

void HandleMessage(const ChannelServices& services, bot::InboundMessage message,
                   const RequestContext& context,
                   std::function<void(const Result<bot::ConversationOutcome>&)> answer) {
  services.conversations.Handle(
      std::move(message),
      [answer = std::move(answer), post = context.post](Result<bot::ConversationOutcome> outcome) {
        if (!post) return answer(outcome);
        post([answer, outcome = std::move(outcome)] { answer(outcome); });
      });
}

}  // namespace levier::webhook
