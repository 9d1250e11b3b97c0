// The first half of every Twilio webhook (messages and calls): a
// form-encoded body signed with X-Twilio-Signature over the configured
// public URL plus the raw request target (query string included), never the
// Host header, which a client controls. Thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "levier/net/form.h"
#include "levier/webhook/channel.h"

namespace levier::channels::twilio_sms {

// The decoded parameters of a well-formed, correctly signed request in
// `*params`, and nullopt; otherwise the answer to send: 415 (not a form),
// 400 (undecodable), 403 (unsigned or mis-signed, logged with `route`), or
// 429 once the client address is past its allowance of failed signatures
// (webhook::LimitFailedAuth: only failures count, Twilio's own addresses
// carry every resident's messages and must never be limited).
std::optional<webhook::HttpResponse> ReadSignedForm(
    const webhook::HttpRequest& request, const webhook::RequestContext& context,
    const webhook::ChannelServices& services, std::string_view auth_token,
    std::string_view public_url, std::string_view route, net::FormParams* params);

}  // namespace levier::channels::twilio_sms
