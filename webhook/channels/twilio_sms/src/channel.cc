#include "levier/channels/twilio_sms/channel.h"

#include <memory>
#include <string>
#include <vector>

#include "levier/channels/twilio_sms/signed_form.h"
#include "levier/channels/twilio_sms/sms_renderer.h"
#include "levier/channels/twilio_sms/twilio.h"
#include "levier/net/form.h"
#include "levier/util/time_util.h"

namespace levier::channels::twilio_sms {
namespace {

using webhook::HttpRequest;
using webhook::HttpResponse;
using webhook::MakeResponse;
using webhook::RequestContext;
using webhook::Respond;
using webhook::StatusToHttp;
namespace http = webhook::http;

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::string_view kXml = "text/xml; charset=utf-8";

class TwilioSmsChannel final : public webhook::HttpChannel {
 public:
  TwilioSmsChannel(Settings settings, webhook::ChannelServices services)
      : settings_(std::move(settings)), services_(services) {
    if (settings_.sender) {
      SenderConfig config = *settings_.sender;
      config.transliterate = settings_.transliterate;
      sender_ = std::make_unique<TwilioSender>(std::move(config));
    }
  }

  std::string_view name() const override { return kChannelName; }

  std::vector<webhook::Route> Routes() override {
    return {{http::verb::post, std::string(kWebhookPath),
             [this](HttpRequest request, const RequestContext& context, Respond respond) {
               HandleInbound(std::move(request), context, std::move(respond));
             }}};
  }

  bot::Sender* sender() override { return sender_.get(); }

 private:
  // Content type, form, signature, then the conversation core; the TwiML
  // answer once the message is committed.
  void HandleInbound(HttpRequest request, const RequestContext& context, Respond respond);

  const Settings settings_;
  webhook::ChannelServices services_;
  std::unique_ptr<TwilioSender> sender_;  // null when sending is not configured
};

void TwilioSmsChannel::HandleInbound(HttpRequest request, const RequestContext& context,
                              Respond respond) {
  auto refuse = [&](http::status status, std::string body) {
    respond(MakeResponse(request, status, kText, std::move(body)));
  };
  net::FormParams params;
  if (auto refused = ReadSignedForm(request, context, services_, settings_.auth_token,
                                    settings_.public_url, "sms", &params)) {
    return respond(std::move(*refused));
  }

  Result<bot::InboundMessage> message =
      ParseInbound(params, settings_.account_sid, NowUnixSeconds());
  if (!message.ok()) {
    return refuse(StatusToHttp(message.status()), message.status().message() + "\n");
  }
  // Without the Messages API there is no way to write back later: no
  // consent is asked for a follow-up that could not be sent.
  message->followups_possible = sender_ != nullptr;

  auto req = std::make_shared<HttpRequest>(std::move(request));
  req->body().clear();  // the message text is not needed past this point
  auto reply = [req, respond = std::move(respond), transliterate = settings_.transliterate](
                   const Result<bot::ConversationOutcome>& outcome) {
    if (!outcome.ok()) {
      // Not committed: tell Twilio to retry (503), nothing was acknowledged.
      HttpResponse res = MakeResponse(*req, StatusToHttp(outcome.status()), kText,
                                      "temporarily unavailable, retry\n");
      res.set(http::field::retry_after, "5");
      return respond(std::move(res));
    }
    respond(MakeResponse(*req, http::status::ok, kXml,
                         RenderTwiml(RenderReplies(outcome->replies, transliterate))));
  };
  webhook::HandleMessage(services_, std::move(*message), context, std::move(reply));
}

}  // namespace

std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services) {
  return std::make_unique<TwilioSmsChannel>(std::move(settings), services);
}

}  // namespace levier::channels::twilio_sms
