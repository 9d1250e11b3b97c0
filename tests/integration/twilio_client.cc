#include "twilio_client.h"

#include <stdexcept>
#include <string_view>

#include "levier/util/crypto.h"
#include "levier/net/http_client.h"
#include "levier/channels/twilio_sms/twilio.h"
#include "server_process.h"

namespace levier::testing {

net::FormParams TwilioParams(const std::string& sid, const std::string& from,
                                 const std::string& body) {
  return {{"ToCountry", "FR"}, {"ToState", ""},      {"SmsMessageSid", sid}, {"NumMedia", "0"},
          {"ToCity", ""},      {"FromZip", ""},      {"SmsSid", sid},        {"FromState", ""},
          {"SmsStatus", "received"}, {"FromCity", ""}, {"Body", body},     {"FromCountry", "FR"},
          {"To", "+33700000000"}, {"ToZip", ""},     {"NumSegments", "1"},   {"MessageSid", sid},
          {"AccountSid", "AC" + std::string(32, 'a')}, {"From", from},
          {"ApiVersion", "2010-04-01"}};
}

namespace {

std::string UnescapeXml(std::string text) {
  for (const auto& [entity, plain] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (auto pos = text.find(entity); pos != std::string::npos; pos = text.find(entity, pos + 1)) {
      text.replace(pos, entity.size(), plain);
    }
  }
  return text;
}

// The texts between each `open` and the next `close`, in order. Plain string
// search rather than std::regex: these parsers run on several client threads
// at once, and compiling a std::regex touches libstdc++'s shared ctype cache
// without a lock (a data race ThreadSanitizer reports, rightly).
std::vector<std::string> TextsBetween(std::string_view body, std::string_view open,
                                      std::string_view close) {
  std::vector<std::string> texts;
  for (auto start = body.find(open); start != std::string_view::npos;
       start = body.find(open, start)) {
    start += open.size();
    const auto end = body.find(close, start);
    if (end == std::string_view::npos) break;
    texts.emplace_back(body.substr(start, end - start));
    start = end + close.size();
  }
  return texts;
}

}  // namespace

SmsReply SendSms(const std::string& base_url, const SmsRequest& r) {
  const std::string sid =
      r.message_sid.empty() ? "SM" + crypto::HexEncode(crypto::RandomBytes(16)) : r.message_sid;
  const net::FormParams params = TwilioParams(sid, r.from, r.text);
  net::HttpRequest req{net::http::verb::post, "/webhooks/twilio", 11};
  req.set(net::http::field::content_type, "application/x-www-form-urlencoded");
  const std::string token = r.token.empty() ? ServerProcess::kAuthToken : r.token;
  const std::string signature =
      r.signature ? *r.signature
                  : channels::twilio_sms::ComputeSignature(
                        token, std::string(ServerProcess::kPublicUrl) + "/webhooks/twilio", params);
  if (!signature.empty()) req.set("X-Twilio-Signature", signature);
  if (!r.forwarded_for.empty()) req.set("X-Forwarded-For", r.forwarded_for);
  req.body() = net::EncodeForm(params);
  Result<net::HttpResponse> res = net::SendHttpRequest(
      base_url + "/webhooks/twilio", std::move(req), std::chrono::seconds(10));
  if (!res.ok()) throw std::runtime_error(res.status().ToString());
  SmsReply reply;
  reply.status = static_cast<int>(res->result_int());
  reply.body = res->body();
  reply.retry_after = std::string((*res)[net::http::field::retry_after]);
  for (const std::string& text : TextsBetween(reply.body, "<Message>", "</Message>")) {
    reply.messages.push_back(UnescapeXml(text));
  }
  return reply;
}

std::string AllText(const SmsReply& reply) {
  std::string all;
  for (const auto& m : reply.messages) all += m + "\n";
  return all;
}

std::string VoiceReply::Text() const {
  std::string all;
  for (const auto& [lang, text] : says) all += text + "\n";
  return all;
}

net::FormParams TwilioVoiceParams(const VoiceRequest& r) {
  net::FormParams params{{"AccountSid", "AC" + std::string(32, 'a')},
                         {"ApiVersion", "2010-04-01"},
                         {"CallSid", r.call_sid},
                         {"CallStatus", "in-progress"},
                         {"Called", "+33700000000"},
                         {"Caller", r.from},
                         {"Direction", "inbound"},
                         {"From", r.from},
                         {"To", "+33700000000"}};
  if (r.digits) params.emplace_back("Digits", *r.digits);
  return params;
}

VoiceReply SendVoice(const std::string& base_url, const VoiceRequest& r) {
  const net::FormParams params = TwilioVoiceParams(r);
  net::HttpRequest req{net::http::verb::post, r.target, 11};
  req.set(net::http::field::content_type, "application/x-www-form-urlencoded");
  const std::string signature =
      r.signature ? *r.signature
                  : channels::twilio_sms::ComputeSignature(
                        ServerProcess::kAuthToken, std::string(ServerProcess::kPublicUrl) + r.target,
                        params);
  if (!signature.empty()) req.set("X-Twilio-Signature", signature);
  req.body() = net::EncodeForm(params);
  Result<net::HttpResponse> res =
      net::SendHttpRequest(base_url + r.target, std::move(req), std::chrono::seconds(30));
  if (!res.ok()) throw std::runtime_error(res.status().ToString());
  return ParseVoiceTwiml(res->result_int(), res->body());
}

VoiceReply ParseVoiceTwiml(int status, const std::string& body) {
  VoiceReply reply;
  reply.status = status;
  reply.body = body;
  // <Say language="fr-FR">text</Say>: split each element at the end of its start tag.
  for (const std::string& say : TextsBetween(body, "<Say language=\"", "</Say>")) {
    const auto tag_end = say.find("\">");
    if (tag_end == std::string::npos) continue;
    reply.says.emplace_back(say.substr(0, tag_end), UnescapeXml(say.substr(tag_end + 2)));
  }
  for (const std::string& gather : TextsBetween(body, "<Gather ", ">")) {
    const std::vector<std::string> action = TextsBetween(gather, "action=\"", "\"");
    if (!action.empty()) reply.gather_action = UnescapeXml(action.front());
    break;
  }
  const std::vector<std::string> redirects =
      TextsBetween(body, "<Redirect method=\"POST\">", "</Redirect>");
  if (!redirects.empty()) reply.redirect = UnescapeXml(redirects.front());
  reply.hangup = body.find("<Hangup/>") != std::string::npos;
  return reply;
}

}  // namespace levier::testing
