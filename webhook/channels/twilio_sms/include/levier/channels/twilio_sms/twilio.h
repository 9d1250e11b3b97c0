// Twilio Programmable Messaging: request signatures and TwiML replies
// (../shared/specs/platform-specs.md §1.4, §1.5, §1.9). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/util/xml_escape.h"
#include "levier/bot/inbound_message.h"
#include "levier/util/status.h"
#include "levier/net/form.h"

namespace levier::channels::twilio_sms {

// Base64(HMAC-SHA1(auth_token, url + sorted params)), exactly as the official
// SDKs compute it: names sorted by byte order, repeated values de-duplicated
// and sorted, empty values contribute just the name.
std::string ComputeSignature(std::string_view auth_token, std::string_view url,
                             const net::FormParams& params);

// True when `signature` matches `url` as given, with its port removed, or with
// the scheme's default port added (Twilio is inconsistent about the port).
// Constant-time comparison. An empty signature is never valid.
bool VerifySignature(std::string_view auth_token, std::string_view url, const net::FormParams& params,
                     std::string_view signature);

// "https://host:443/p?q" -> "https://host/p?q"; unchanged without a port.
std::string StripPort(std::string_view url);
// "https://host/p" -> "https://host:443/p"; unchanged when a port is present.
std::string AddDefaultPort(std::string_view url);

// The channel-neutral message carried by verified inbound-SMS parameters.
// InvalidArgument when MessageSid or From is missing or empty; an absent Body
// is an empty text. `account_sid`, when non-empty, must equal AccountSid
// (PermissionDenied otherwise).
Result<bot::InboundMessage> ParseInbound(const net::FormParams& params, std::string_view account_sid,
                                         UnixSeconds received_at);

// XML text escaping for element content and attribute values.
using levier::XmlEscape;

// A TwiML document with one <Message> per entry; `<Response/>` when empty.
std::string RenderTwiml(const std::vector<std::string>& messages);

// Packs replies into as few messages as possible, each at most `max_chars`
// characters (Unicode code points), joining replies with a blank line. A
// single reply longer than `max_chars` is split at a line or word boundary.
std::vector<std::string> PackReplies(const std::vector<std::string>& replies,
                                     std::size_t max_chars = 1600);

}  // namespace levier::channels::twilio_sms
