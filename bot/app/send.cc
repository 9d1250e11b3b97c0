// `levier send`: posts a message to a running server exactly as Twilio would
// (same parameters, signed with the configured auth token) and prints the reply.
#include <iostream>
#include <regex>

#include "commands.h"
#include "levier/util/crypto.h"
#include "levier/net/form.h"
#include "levier/net/http_client.h"
#include "levier/channels/twilio_sms/channel.h"
#include "levier/channels/twilio_sms/twilio.h"

namespace levier::app {
namespace {

std::string XmlUnescape(std::string text) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : kEntities) {
    for (std::size_t pos = text.find(entity); pos != std::string::npos;
         pos = text.find(entity, pos + 1)) {
      text.replace(pos, std::strlen(entity), plain);
    }
  }
  return text;
}

}  // namespace

int RunSend(const ConfigFlags& flags, const SendOptions& options) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier send: " << config.status().message() << "\n";
    return 2;
  }
  bool generated = false;
  if (Status s = EnsureSecrets(*config, &generated); !s.ok()) {
    std::cerr << "levier send: " << s.message() << "\n";
    return 2;
  }
  const std::string base = options.url.empty() ? config->public_url : options.url;
  const std::string sid = "SM" + crypto::HexEncode(crypto::RandomBytes(16));
  net::FormParams params = {
      {"ToCountry", "FR"},        {"ToState", ""},          {"SmsMessageSid", sid},
      {"NumMedia", "0"},          {"ToCity", ""},           {"FromZip", ""},
      {"SmsSid", sid},            {"FromState", ""},        {"SmsStatus", "received"},
      {"FromCity", ""},           {"Body", options.text},   {"FromCountry", "FR"},
      {"To", "+33700000000"},     {"ToZip", ""},            {"NumSegments", "1"},
      {"MessageSid", sid},        {"AccountSid", config->twilio_account_sid.empty()
                                                     ? "AC" + std::string(32, '0')
                                                     : config->twilio_account_sid},
      {"From", options.from},     {"ApiVersion", "2010-04-01"}};
  // Twilio signs the public URL it was configured with; the request itself
  // goes to `base`, which is the same server when run locally.
  const std::string path(channels::twilio_sms::kWebhookPath);
  const std::string signed_url = config->public_url + path;
  net::HttpRequest request{net::http::verb::post, path, 11};
  request.set(net::http::field::content_type, "application/x-www-form-urlencoded");
  request.set("X-Twilio-Signature",
              channels::twilio_sms::ComputeSignature(config->twilio_auth_token, signed_url, params));
  request.body() = net::EncodeForm(params);

  Result<net::HttpResponse> response =
      net::SendHttpRequest(base + path, std::move(request),
                               std::chrono::seconds(15));
  if (!response.ok()) {
    std::cerr << "levier send: " << response.status().message()
              << " (is `levier serve` running?)\n";
    return 1;
  }
  if (response->result_int() != 200) {
    std::cerr << "levier send: HTTP " << response->result_int() << ": " << response->body();
    return 1;
  }
  const std::string& body = response->body();
  static const std::regex kMessage("<Message>([\\s\\S]*?)</Message>");
  bool any = false;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kMessage);
       it != std::sregex_iterator(); ++it) {
    if (any) std::cout << "\n";
    std::cout << XmlUnescape((*it)[1].str()) << "\n";
    any = true;
  }
  if (!any) std::cout << "(no reply)\n";
  return 0;
}

}  // namespace levier::app
