#include "levier/channels/twilio_sms/signed_form.h"

#include <string>

#include "levier/channels/twilio_sms/twilio.h"
#include "levier/util/log.h"

namespace levier::channels::twilio_sms {

std::optional<webhook::HttpResponse> ReadSignedForm(
    const webhook::HttpRequest& request, const webhook::RequestContext& context,
    const webhook::ChannelServices& services, std::string_view auth_token,
    std::string_view public_url, std::string_view route, net::FormParams* params) {
  namespace http = webhook::http;
  constexpr std::string_view kPlainText = "text/plain; charset=utf-8";
  if (!webhook::IsContentType(request[http::field::content_type],
                              "application/x-www-form-urlencoded")) {
    return webhook::MakeResponse(request, http::status::unsupported_media_type, kPlainText,
                                 "expected application/x-www-form-urlencoded\n");
  }
  Result<net::FormParams> decoded = net::DecodeForm(request.body(), services.limits.form_params);
  if (!decoded.ok()) {
    return webhook::MakeResponse(request, http::status::bad_request, kPlainText,
                                 decoded.status().message() + "\n");
  }
  const std::string url = std::string(public_url) + std::string(request.target());
  const std::string_view signature = request["X-Twilio-Signature"];
  if (!VerifySignature(auth_token, url, *decoded, signature)) {
    if (auto limited = webhook::LimitFailedAuth(services, request, context)) return limited;
    log::Warn(
        "twilio_signature_rejected",
        {{"route", std::string(route)}, {"reason", signature.empty() ? "missing" : "mismatch"}});
    return webhook::MakeResponse(request, http::status::forbidden, kPlainText,
                                 "invalid or missing X-Twilio-Signature\n");
  }
  *params = std::move(*decoded);
  return std::nullopt;
}

}  // namespace levier::channels::twilio_sms
