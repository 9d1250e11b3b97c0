#include "levier/channels/whatsapp/channel.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "levier/channels/whatsapp/notification.h"
#include "levier/channels/whatsapp/signature.h"
#include "levier/net/form.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::channels::whatsapp {
namespace {

using webhook::HttpRequest;
using webhook::HttpResponse;
using webhook::MakeResponse;
using webhook::RequestContext;
using webhook::Respond;
using webhook::StatusToHttp;
namespace http = webhook::http;

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::size_t kMaxChallengeBytes = 256;

// The delivery reports Levier keeps ("sent" is known when the API accepted it).
std::string_view DeliveryOf(std::string_view status) {
  if (status == "delivered") return store::kDeliveryDelivered;
  if (status == "read" || status == "played") return store::kDeliveryRead;
  if (status == "failed") return store::kDeliveryFailed;
  return "";
}

// Answers the notification once every message and report in it is
// committed: 200 if all were, else 503 so that Meta delivers it again.
class Completion {
 public:
  Completion(std::size_t count, std::function<void(bool)> finish)
      : remaining_(count), finish_(std::move(finish)) {}
  void Done(bool ok) {
    if (!ok) failed_ = true;
    if (--remaining_ == 0) finish_(!failed_.load());
  }

 private:
  std::atomic<std::size_t> remaining_;
  std::atomic<bool> failed_{false};
  std::function<void(bool)> finish_;
};

class WhatsAppChannel final : public webhook::HttpChannel {
 public:
  WhatsAppChannel(Settings settings, webhook::ChannelServices services)
      : settings_(std::move(settings)), services_(services), sender_(settings_.sender) {}

  std::string_view name() const override { return kChannelName; }

  std::vector<webhook::Route> Routes() override {
    return {{http::verb::get, std::string(kWebhookPath),
             [this](HttpRequest request, const RequestContext& context, Respond respond) {
               HandleChallenge(std::move(request), context, std::move(respond));
             }},
            {http::verb::post, std::string(kWebhookPath),
             [this](HttpRequest request, const RequestContext& context, Respond respond) {
               HandleNotification(std::move(request), context, std::move(respond));
             }}};
  }

  bot::Sender* sender() override { return &sender_; }
  std::uint32_t sends_per_minute() const override { return settings_.messages_per_second * 60; }

 private:
  void HandleChallenge(HttpRequest request, const RequestContext& context, Respond respond);
  void HandleNotification(HttpRequest request, const RequestContext& context, Respond respond);
  // 429 past the client's allowance of failed checks; else logs and 401/403.
  void RefuseAuthentication(const HttpRequest& request, const RequestContext& context,
                            http::status status, std::string_view reason, const Respond& respond);

  const Settings settings_;
  webhook::ChannelServices services_;
  WhatsAppSender sender_;
};

void WhatsAppChannel::RefuseAuthentication(const HttpRequest& request,
                                           const RequestContext& context, http::status status,
                                           std::string_view reason, const Respond& respond) {
  if (auto limited = webhook::LimitFailedAuth(services_, request, context)) {
    return respond(std::move(*limited));
  }
  log::Warn("whatsapp_auth_rejected", {{"reason", std::string(reason)}});
  respond(MakeResponse(request, status, kText, std::string(reason) + "\n"));
}

void WhatsAppChannel::HandleChallenge(HttpRequest request, const RequestContext& context,
                                      Respond respond) {
  const std::string_view target = request.target();
  const std::size_t q = target.find('?');
  Result<net::FormParams> params = net::DecodeForm(
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
      services_.limits.form_params);
  if (!params.ok()) {
    return respond(MakeResponse(request, http::status::bad_request, kText,
                                params.status().message() + "\n"));
  }
  const auto get = [&](std::string_view key) {
    const std::string* value = net::FindParam(*params, key);
    return value == nullptr ? std::string() : *value;
  };
  const std::string challenge = get("hub.challenge");
  const std::string answer =
      AnswerChallenge(settings_.verify_token, get("hub.mode"), get("hub.verify_token"), challenge);
  if (answer.empty() || challenge.size() > kMaxChallengeBytes) {
    return RefuseAuthentication(request, context, http::status::forbidden,
                                "verification refused: wrong hub.mode or hub.verify_token",
                                respond);
  }
  log::Info("whatsapp_webhook_verified");
  respond(MakeResponse(request, http::status::ok, kText, answer));
}

void WhatsAppChannel::HandleNotification(HttpRequest request, const RequestContext& context,
                                         Respond respond) {
  if (!webhook::IsContentType(request[http::field::content_type], "application/json")) {
    return respond(MakeResponse(request, http::status::unsupported_media_type, kText,
                                "expected application/json\n"));
  }
  const std::string_view signature = request["X-Hub-Signature-256"];
  if (!VerifySignature(settings_.app_secret, request.body(), signature)) {
    return RefuseAuthentication(request, context, http::status::unauthorized,
                                signature.empty() ? "missing X-Hub-Signature-256"
                                                  : "invalid X-Hub-Signature-256",
                                respond);
  }
  Result<Notification> notification =
      ParseNotification(request.body(), settings_.sender.phone_number_id);
  if (!notification.ok()) {
    return respond(MakeResponse(request, http::status::bad_request, kText,
                                notification.status().message() + "\n"));
  }
  auto req = std::make_shared<HttpRequest>(std::move(request));
  req->body().clear();  // the messages are not needed past this point
  std::size_t count = notification->messages.size();
  for (const WaStatus& status : notification->statuses) {
    if (!DeliveryOf(status.status).empty()) ++count;
  }
  auto answer = [req, respond = std::move(respond)](bool ok) {
    if (!ok) {
      HttpResponse res = MakeResponse(*req, http::status::service_unavailable, kText,
                                      "temporarily unavailable, retry\n");
      res.set(http::field::retry_after, "5");
      return respond(std::move(res));
    }
    respond(MakeResponse(*req, http::status::ok, kText, ""));
  };
  if (count == 0) return answer(true);
  auto completion = std::make_shared<Completion>(
      count, [answer = std::move(answer), post = context.post](bool ok) mutable {
        // The last outcome arrives on the store's writer thread: answer on
        // the connection's own I/O thread.
        if (!post) return answer(ok);
        post([answer = std::move(answer), ok] { answer(ok); });
      });
  const UnixSeconds now = NowUnixSeconds();
  const bool followups = !settings_.sender.templates.empty();
  for (WaMessage& m : notification->messages) {
    bot::InboundMessage message;
    message.channel = std::string(kChannelName);
    message.sender = std::move(m.from);
    message.message_id = std::move(m.id);
    message.text = std::move(m.text);
    message.choice = std::move(m.choice);
    message.unreadable = m.unreadable;
    message.received_at = now;
    message.replies_by_outbox = true;
    message.followups_possible = followups;
    services_.conversations.Handle(std::move(message),
                                   [completion](Result<bot::ConversationOutcome> outcome) {
                                     completion->Done(outcome.ok());
                                   });
  }
  for (const WaStatus& status : notification->statuses) {
    const std::string_view delivery = DeliveryOf(status.status);
    if (delivery.empty()) continue;
    if (delivery == store::kDeliveryFailed) {
      log::Warn("whatsapp_delivery_failed", {{"code", std::to_string(status.error_code)}});
    }
    services_.conversations.RecordDelivery(std::string(kChannelName), status.id,
                                           std::string(delivery), now,
                                           [completion](Result<bool> found) {
                                             completion->Done(found.ok());
                                           });
  }
}

}  // namespace

std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services) {
  return std::make_unique<WhatsAppChannel>(std::move(settings), services);
}

}  // namespace levier::channels::whatsapp
