#include "levier/channels/twilio_sms/twilio.h"

#include "levier/channels/twilio_sms/channel.h"

#include <algorithm>
#include <map>
#include <set>

#include "levier/util/crypto.h"
#include "levier/util/utf8.h"

namespace levier::channels::twilio_sms {
namespace {

using net::FindParam;
using net::FormParams;

// Position of the authority's end and of the port colon, if any, in `url`.
struct Authority {
  std::size_t host_start = std::string_view::npos;
  std::size_t end = std::string_view::npos;         // first '/', '?' or end
  std::size_t port_colon = std::string_view::npos;  // npos when no port
};

Authority FindAuthority(std::string_view url) {
  Authority a;
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return a;
  a.host_start = scheme + 3;
  a.end = url.find_first_of("/?#", a.host_start);
  if (a.end == std::string_view::npos) a.end = url.size();
  std::string_view authority = url.substr(a.host_start, a.end - a.host_start);
  const std::size_t at = authority.rfind('@');
  const std::size_t host_offset = at == std::string_view::npos ? 0 : at + 1;
  // The port colon is the last ':' after any IPv6 literal's closing bracket.
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && colon >= host_offset &&
      (bracket == std::string_view::npos || colon > bracket)) {
    a.port_colon = a.host_start + colon;
  }
  return a;
}

std::string_view DefaultPortFor(std::string_view url) {
  return url.rfind("https://", 0) == 0 ? "443" : "80";
}

// The parameters as Twilio signs them: sorted by name (then value), each
// name immediately followed by its value.
std::string SignedParams(const FormParams& params) {
  std::map<std::string, std::set<std::string>> sorted;
  for (const auto& [key, value] : params) sorted[key].insert(value);
  std::string data;
  for (const auto& [key, values] : sorted) {
    for (const auto& value : values) {
      data += key;
      data += value;
    }
  }
  return data;
}

std::string Sign(std::string_view auth_token, std::string_view url, std::string_view params) {
  std::string data;
  data.reserve(url.size() + params.size());
  data += url;
  data += params;
  return crypto::Base64Encode(crypto::HmacSha1(auth_token, data));
}

}  // namespace

std::string ComputeSignature(std::string_view auth_token, std::string_view url,
                             const FormParams& params) {
  return Sign(auth_token, url, SignedParams(params));
}

std::string StripPort(std::string_view url) {
  const Authority a = FindAuthority(url);
  if (a.port_colon == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, a.port_colon));
  out += url.substr(a.end);
  return out;
}

std::string AddDefaultPort(std::string_view url) {
  const Authority a = FindAuthority(url);
  if (a.host_start == std::string_view::npos || a.port_colon != std::string_view::npos) {
    return std::string(url);
  }
  std::string out(url.substr(0, a.end));
  out += ':';
  out += DefaultPortFor(url);
  out += url.substr(a.end);
  return out;
}

bool VerifySignature(std::string_view auth_token, std::string_view url, const FormParams& params,
                     std::string_view signature) {
  if (signature.empty() || auth_token.empty()) return false;
  const std::string signed_params = SignedParams(params);
  // The URL as configured, without its port and with the default port. Two
  // of them are usually the same URL, signed once. Which ones differ depends
  // on the configured URL only, and every distinct one is checked (no early
  // exit), so timing does not tell which one matched.
  const std::string as_given(url);
  const std::string without_port = StripPort(url);
  const std::string with_port = AddDefaultPort(url);
  bool valid = crypto::ConstantTimeEquals(Sign(auth_token, as_given, signed_params), signature);
  if (without_port != as_given) {
    valid |= crypto::ConstantTimeEquals(Sign(auth_token, without_port, signed_params), signature);
  }
  if (with_port != as_given && with_port != without_port) {
    valid |= crypto::ConstantTimeEquals(Sign(auth_token, with_port, signed_params), signature);
  }
  return valid;
}

Result<bot::InboundMessage> ParseInbound(const FormParams& params, std::string_view account_sid,
                                         UnixSeconds received_at) {
  const std::string* message_sid = FindParam(params, "MessageSid");
  const std::string* from = FindParam(params, "From");
  if (message_sid == nullptr || message_sid->empty() || from == nullptr || from->empty()) {
    return Status::InvalidArgument("MessageSid and From are required");
  }
  if (!account_sid.empty()) {
    const std::string* account = FindParam(params, "AccountSid");
    if (account == nullptr || *account != account_sid) {
      return Status::PermissionDenied("unknown AccountSid");
    }
  }
  const std::string* body = FindParam(params, "Body");
  bot::InboundMessage message;
  message.channel = kChannelName;
  message.sender = *from;
  message.message_id = *message_sid;
  message.text = body != nullptr ? *body : std::string();
  message.received_at = received_at;
  return message;
}


std::string RenderTwiml(const std::vector<std::string>& messages) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  if (messages.empty()) return out + "<Response/>";
  out += "<Response>";
  for (const auto& m : messages) {
    out += "<Message>";
    out += XmlEscape(m);
    out += "</Message>";
  }
  out += "</Response>";
  return out;
}

namespace {

void SplitLong(std::string_view text, std::size_t max_chars, std::vector<std::string>& out) {
  while (CountCodePoints(text) > max_chars) {
    std::size_t cut = CodePointOffset(text, max_chars);
    std::size_t boundary = text.rfind('\n', cut);
    if (boundary == std::string_view::npos || boundary == 0) boundary = text.rfind(' ', cut);
    if (boundary == std::string_view::npos || boundary == 0) boundary = cut;
    out.emplace_back(text.substr(0, boundary));
    text.remove_prefix(boundary);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  }
  if (!text.empty()) out.emplace_back(text);
}

}  // namespace

std::vector<std::string> PackReplies(const std::vector<std::string>& replies,
                                     std::size_t max_chars) {
  std::vector<std::string> pieces;
  for (const auto& reply : replies) {
    if (!reply.empty()) SplitLong(reply, max_chars, pieces);
  }
  std::vector<std::string> packed;
  for (auto& piece : pieces) {
    if (!packed.empty() &&
        CountCodePoints(packed.back()) + 2 + CountCodePoints(piece) <= max_chars) {
      packed.back() += "\n\n";
      packed.back() += piece;
    } else {
      packed.push_back(std::move(piece));
    }
  }
  return packed;
}

}  // namespace levier::channels::twilio_sms
