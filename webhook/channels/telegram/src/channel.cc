#include "levier/channels/telegram/channel.h"

#include <memory>
#include <string>
#include <vector>

#include "levier/channels/telegram/sender.h"
#include "levier/channels/telegram/update.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::channels::telegram {
namespace {

using webhook::HttpRequest;
using webhook::HttpResponse;
using webhook::MakeResponse;
using webhook::RequestContext;
using webhook::Respond;
using webhook::StatusToHttp;
namespace http = webhook::http;

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::string_view kJson = "application/json";

class TelegramChannel final : public webhook::HttpChannel {
 public:
  TelegramChannel(Settings settings, webhook::ChannelServices services)
      : settings_(std::move(settings)), services_(services), sender_(settings_) {}

  std::string_view name() const override { return kChannelName; }

  std::vector<webhook::Route> Routes() override {
    return {{http::verb::post, std::string(kWebhookPath),
             [this](HttpRequest request, const RequestContext& context, Respond respond) {
               HandleInbound(std::move(request), context, std::move(respond));
             }}};
  }

  bot::Sender* sender() override { return &sender_; }

 private:
  // Secret, content type, Update, then the conversation core; the 200 (with
  // answerCallbackQuery for a press) once the message is committed, so an
  // acknowledged update is never lost.
  void HandleInbound(HttpRequest request, const RequestContext& context, Respond respond);

  const Settings settings_;
  webhook::ChannelServices services_;
  TelegramSender sender_;
};

void TelegramChannel::HandleInbound(HttpRequest request, const RequestContext& context,
                                    Respond respond) {
  auto refuse = [&](http::status status, std::string body) {
    respond(MakeResponse(request, status, kText, std::move(body)));
  };
  const std::string_view secret = request[kSecretHeader];
  if (!SecretTokenMatches(settings_.secret_token, secret)) {
    if (auto limited = webhook::LimitFailedAuth(services_, request, context)) {
      return respond(std::move(*limited));
    }
    log::Warn("telegram_secret_rejected", {{"reason", secret.empty() ? "missing" : "mismatch"}});
    return refuse(http::status::unauthorized, "secret token is wrong\n");
  }
  if (!webhook::IsContentType(request[http::field::content_type], kJson)) {
    return refuse(http::status::unsupported_media_type, "expected application/json\n");
  }
  Result<ParsedUpdate> update = ParseUpdate(request.body(), NowUnixSeconds());
  if (!update.ok()) return refuse(http::status::bad_request, update.status().message() + "\n");

  auto req = std::make_shared<HttpRequest>(std::move(request));
  req->body().clear();  // the message text is not needed past this point
  auto acknowledge = [req, respond = std::move(respond),
                      query = std::move(update->callback_query_id)](const Status& status) {
    if (!status.ok()) {
      // Not committed: Telegram delivers the update again, nothing was acknowledged.
      HttpResponse res = MakeResponse(*req, StatusToHttp(status), kText,
                                      "temporarily unavailable, retry\n");
      res.set(http::field::retry_after, "5");
      return respond(std::move(res));
    }
    // The one Bot API call a webhook response may carry (spec §4.4): it
    // stops the spinner on the pressed button. Replies go through the outbox.
    if (!query.empty()) {
      return respond(MakeResponse(*req, http::status::ok, kJson, AnswerCallbackQueryBody(query)));
    }
    respond(MakeResponse(*req, http::status::ok, kText, ""));
  };
  if (!update->message) return acknowledge(Status::Ok());  // not for Levier: acknowledged
  webhook::HandleMessage(services_, std::move(*update->message), context,
                         [acknowledge = std::move(acknowledge)](
                             const Result<bot::ConversationOutcome>& outcome) {
                           acknowledge(outcome.ok() ? Status::Ok() : outcome.status());
                         });
}

}  // namespace

std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services) {
  return std::make_unique<TelegramChannel>(std::move(settings), services);
}

}  // namespace levier::channels::telegram
