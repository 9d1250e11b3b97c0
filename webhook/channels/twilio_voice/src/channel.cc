#include "levier/channels/twilio_voice/channel.h"

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "levier/channels/twilio_sms/signed_form.h"
#include "levier/channels/twilio_voice/twiml.h"
#include "levier/dialogs/script.h"
#include "levier/net/form.h"
#include "levier/util/time_util.h"

namespace levier::channels::twilio_voice {
namespace {

namespace http = webhook::http;

constexpr std::string_view kText = "text/plain; charset=utf-8";
constexpr std::string_view kXml = "text/xml; charset=utf-8";

// A TwiML document, 200.
webhook::HttpResponse Twiml(const webhook::HttpRequest& request, std::string twiml) {
  return webhook::MakeResponse(request, http::status::ok, kXml, std::move(twiml));
}
// The language menu is said again this many times to a silent caller, then
// the call ends: a call left open costs the city by the minute.
constexpr int kMenuTries = 3;
// A call that went on this long is ended (a stuck keypad, a loop).
constexpr int kMaxStep = 200;
// A question met with silence this many times in a row ends the call.
constexpr int kMaxSilences = 3;
// How long a step over the resident's rate limit waits before it is posted again.
constexpr int kRateLimitedWaitSeconds = 5;

// A whole number from 1 to `max` from the query, 0 when absent or not one.
int QueryNumber(const net::FormParams& query, std::string_view key, int max) {
  const std::string* value = net::FindParam(query, key);
  if (value == nullptr) return 0;
  int n = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size() || n < 1 || n > max) return 0;
  return n;
}

bool IsCallSid(std::string_view sid) {
  if (sid.size() != 34 || sid.substr(0, 2) != "CA") return false;
  for (char c : sid) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// A number the SMS channel could write to: "+" and digits. Twilio gives
// "anonymous", "restricted" or "unknown" for a hidden number.
bool IsPhoneNumber(std::string_view from) {
  if (from.size() < 4 || from.size() > 16 || from.front() != '+') return false;
  for (char c : from.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

class TwilioVoiceChannel final : public webhook::HttpChannel {
 public:
  TwilioVoiceChannel(Settings settings, webhook::ChannelServices services)
      : settings_(std::move(settings)), services_(services) {}

  std::string_view name() const override { return kChannelName; }

  std::vector<webhook::Route> Routes() override {
    return {{http::verb::post, std::string(kWebhookPath),
             [this](webhook::HttpRequest request, const webhook::RequestContext& context,
                    webhook::Respond respond) {
               HandleCall(std::move(request), context, std::move(respond));
             }}};
  }

  // Nothing is ever sent on the phone line's own initiative.
  bot::Sender* sender() override { return nullptr; }

 private:
  void HandleCall(webhook::HttpRequest request, const webhook::RequestContext& context,
                  webhook::Respond respond);
  std::string LanguageMenu(int tries) const;
  // The next step's URL; with `silences` > 0, the one a silent caller is
  // sent to (it counts the silences in a row).
  std::string StepUrl(int step, std::string_view language, int silences) const;

  const Settings settings_;
  webhook::ChannelServices services_;
};

std::string TwilioVoiceChannel::StepUrl(int step, std::string_view language, int silences) const {
  // The language rides along so that a repeated request, answered from the
  // stored reply, is read in the right voice. Language codes are script ids
  // (letters, digits, "-", "_", "."): safe in a URL. Twilio signs the whole
  // URL, query included, so none of it can be forged.
  std::string url = std::string(kWebhookPath) + "?step=" + std::to_string(step) +
                    "&lang=" + std::string(language);
  if (silences > 0) url += "&silence=" + std::to_string(silences);
  return url;
}

std::string TwilioVoiceChannel::LanguageMenu(int tries) const {
  std::shared_ptr<const dialogs::Script> script = services_.conversations.current_script();
  std::vector<MenuLine> lines;
  const std::vector<std::string>& languages = script->languages();
  for (std::size_t i = 0; i < languages.size() && i < 9; ++i) {
    // Only a language with its own menu line is offered (another
    // language's line, the default's, would name the wrong language).
    const dialogs::LanguagePack* pack = script->Language(languages[i]);
    if (pack == nullptr) continue;
    auto own = pack->spoken_texts.find("voice_language");
    if (own == pack->spoken_texts.end() || own->second.empty()) continue;
    std::string text = own->second;
    const std::string n = std::to_string(i + 1);
    for (std::size_t at = text.find("{n}"); at != std::string::npos; at = text.find("{n}")) {
      text.replace(at, 3, n);
    }
    lines.push_back({pack->voice_tag.empty() ? pack->code : pack->voice_tag, std::move(text)});
  }
  GatherOptions gather{std::string(kWebhookPath) + "?step=1",
                       std::string(kWebhookPath) + "?menu=" + std::to_string(tries + 1),
                       settings_.gather_timeout_seconds};
  return RenderLanguageMenu(lines, gather);
}

void TwilioVoiceChannel::HandleCall(webhook::HttpRequest request,
                                    const webhook::RequestContext& context,
                                    webhook::Respond respond) {
  auto refuse = [&](http::status status, std::string body) {
    respond(webhook::MakeResponse(request, status, kText, std::move(body)));
  };
  net::FormParams form;
  if (auto refused = twilio_sms::ReadSignedForm(request, context, services_, settings_.auth_token,
                                                settings_.public_url, "voice", &form)) {
    return respond(std::move(*refused));
  }
  const std::string* call_sid = net::FindParam(form, "CallSid");
  const std::string* from = net::FindParam(form, "From");
  if (call_sid == nullptr || !IsCallSid(*call_sid) || from == nullptr || from->empty() ||
      from->size() > 64) {
    return refuse(http::status::bad_request, "CallSid and From are required\n");
  }
  if (!settings_.account_sid.empty()) {
    const std::string* account = net::FindParam(form, "AccountSid");
    if (account == nullptr || *account != settings_.account_sid) {
      return refuse(http::status::forbidden, "AccountSid does not match\n");
    }
  }
  const std::string_view target = request.target();
  const std::size_t question = target.find('?');
  Result<net::FormParams> query =
      net::DecodeForm(question == std::string_view::npos ? "" : target.substr(question + 1), 8);
  if (!query.ok()) return refuse(http::status::bad_request, "malformed query\n");
  // The keys pressed: Twilio's Digits, or, on a step taken again after the
  // rate limit (RenderWaitThenRedirect), the keys the redirect carries.
  const std::string* digits_param = net::FindParam(form, "Digits");
  if (digits_param == nullptr) digits_param = net::FindParam(*query, "keys");
  const std::string digits = digits_param == nullptr ? "" : digits_param->substr(0, 8);
  if (digits.find_first_not_of("0123456789*#") != std::string::npos) {
    return refuse(http::status::bad_request, "Digits must be keypad keys\n");
  }
  const int step = QueryNumber(*query, "step", kMaxStep);
  // Silences in a row before this request (this one included when no key).
  const int silences = digits.empty() ? QueryNumber(*query, "silence", kMaxSilences + 1) : 0;
  if (step > 1 && silences >= kMaxSilences) {
    return respond(Twiml(request, RenderHangup()));
  }
  std::shared_ptr<const dialogs::Script> script = services_.conversations.current_script();

  bot::InboundMessage message;
  message.channel = std::string(kChannelName);
  message.received_at = NowUnixSeconds();
  message.spoken = true;
  message.followups_possible = false;  // nobody calls the resident back
  if (step == 0) {
    if (net::FindParam(*query, "step") != nullptr) {
      // Past kMaxStep, or a step this server never wrote.
      return respond(Twiml(request, RenderHangup()));
    }
    const int tries = std::max(1, QueryNumber(*query, "menu", kMenuTries + 1));
    if (tries > kMenuTries) {
      return respond(Twiml(request, RenderHangup()));
    }
    return respond(Twiml(request, LanguageMenu(tries)));
  }
  if (step == 1) {
    int key = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), key);
    const bool picked =
        ec == std::errc() && end == digits.data() + digits.size() && key >= 1 &&
        key <= static_cast<int>(std::min<std::size_t>(9, script->languages().size()));
    if (!picked) {
      return respond(Twiml(request, LanguageMenu(1)));
    }
    message.language_hint = script->languages()[key - 1];
    message.start_over = true;
  } else {
    message.text = digits;
  }
  message.message_id = *call_sid + "/" + std::to_string(step);
  if (IsPhoneNumber(*from)) {
    message.sender = *from;
    message.copy_channel = settings_.copy_channel;
  } else {
    // A hidden number: this call is its own conversation, and no SMS can
    // carry the contacts.
    message.sender = "call:" + *call_sid;
  }

  const std::string* lang_param = net::FindParam(*query, "lang");
  std::string request_language = lang_param == nullptr ? "" : lang_param->substr(0, 16);
  if (step == 1) request_language = message.language_hint;
  auto req = std::make_shared<webhook::HttpRequest>(std::move(request));
  req->body().clear();
  auto reply = [this, req, step, silences, digits, request_language,
                respond = std::move(respond)](const Result<bot::ConversationOutcome>& outcome) {
    if (!outcome.ok()) {
      // Not committed: Twilio plays its fallback; nothing was acknowledged.
      webhook::HttpResponse res = webhook::MakeResponse(
          *req, webhook::StatusToHttp(outcome.status()), kText, "temporarily unavailable, retry\n");
      res.set(http::field::retry_after, "5");
      return respond(std::move(res));
    }
    if (outcome->rate_limited) {
      // Over the resident's limit: nothing was read or stored. The same
      // step is posted again in a few seconds, with its keys.
      std::string again(req->target());
      if (!digits.empty() && again.find("&keys=") == std::string::npos) {
        again += "&keys=" + net::EncodeForm({{"k", digits}}).substr(2);
      }
      return respond(Twiml(*req, RenderWaitThenRedirect(kRateLimitedWaitSeconds, again)));
    }
    const std::string language = outcome->language.empty() ? request_language : outcome->language;
    std::shared_ptr<const dialogs::Script> current = services_.conversations.current_script();
    const dialogs::LanguagePack* pack = current->Language(language);
    const std::string say = pack == nullptr           ? language
                            : pack->voice_tag.empty() ? pack->code
                                                      : pack->voice_tag;
    GatherOptions gather{StepUrl(step + 1, language, 0), StepUrl(step + 1, language, silences + 1),
                         settings_.gather_timeout_seconds};
    respond(Twiml(*req, RenderSpoken(outcome->replies, say, gather)));
  };
  webhook::HandleMessage(services_, std::move(message), context, std::move(reply));
}

}  // namespace

std::unique_ptr<webhook::HttpChannel> CreateChannel(Settings settings,
                                                    webhook::ChannelServices services) {
  return std::make_unique<TwilioVoiceChannel>(std::move(settings), services);
}

}  // namespace levier::channels::twilio_voice
