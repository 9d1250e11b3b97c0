#include "twilio_client.h"

#include <regex>
#include <stdexcept>

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
  static const std::regex kMessage("<Message>([\\s\\S]*?)</Message>");
  for (auto it = std::sregex_iterator(reply.body.begin(), reply.body.end(), kMessage);
       it != std::sregex_iterator(); ++it) {
    reply.messages.push_back(UnescapeXml((*it)[1].str()));
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
  static const std::regex kSay(R"re(<Say language="([^"]*)">([\s\S]*?)</Say>)re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kSay); it != std::sregex_iterator();
       ++it) {
    reply.says.emplace_back((*it)[1].str(), UnescapeXml((*it)[2].str()));
  }
  std::smatch m;
  static const std::regex kGather(R"re(<Gather [^>]*action="([^"]*)")re");
  if (std::regex_search(body, m, kGather)) reply.gather_action = UnescapeXml(m[1].str());
  static const std::regex kRedirect(R"re(<Redirect method="POST">([^<]*)</Redirect>)re");
  if (std::regex_search(body, m, kRedirect)) reply.redirect = UnescapeXml(m[1].str());
  reply.hangup = body.find("<Hangup/>") != std::string::npos;
  return reply;
}

}  // namespace levier::testing
