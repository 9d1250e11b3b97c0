// The web chat's wire formats, as pure functions (no I/O): the message the
// page posts, the replies it gets back, the address cookie, the origin
// check and the page's texts. channel.cc strings them together.
//
// Thread-safe: pure functions (NewAddress reads the CSPRNG).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/reply.h"
#include "levier/dialogs/script.h"
#include "levier/util/status.h"

namespace levier::channels::webchat {

// Bounds on what the page may post (docs/channels/webchat.md).
inline constexpr std::size_t kMaxBodyBytes = 4096;
inline constexpr std::size_t kMaxTextBytes = 1000;
inline constexpr std::size_t kMinIdChars = 16;
inline constexpr std::size_t kMaxIdChars = 64;
// The address: this many random bytes, in hex, in the cookie kCookieName.
inline constexpr std::size_t kAddressBytes = 16;
inline constexpr std::string_view kCookieName = "levier_chat";

// {"id": "...", "text": "..."} or {"id": "...", "choice": "..."}: `id` is
// the page's id for this message (16 to 64 letters, digits, '-' or '_'),
// the same on a retry.
struct MessageRequest {
  std::string id;
  std::string text;    // "" when `choice` is set
  std::string choice;  // a ReplyChoice id, or a language code (the switch)
};

// InvalidArgument naming what is wrong: not a JSON object, an unknown or
// missing member, both or neither of text and choice, an id of the wrong
// shape, text longer than kMaxTextBytes or not UTF-8, an empty text.
// REQUIRES: body.size() <= kMaxBodyBytes (checked before: 413).
Result<MessageRequest> ParseMessageRequest(std::string_view body);

// {"replies": [{"text", "choices": [{"id", "label"}], "lang", "dir"}]}:
// `lang` is the resident's language (left out when unknown, as for a
// retried message: the page keeps its own), `dir` "rtl" or "ltr" from the reply.
std::string RepliesToJson(const std::vector<dialogs::Reply>& replies, std::string_view lang);

// {"error": message}, for every 4xx the API gives.
std::string ErrorJson(std::string_view message);

// The address in a Cookie header, when it holds a well-formed one
// (kAddressBytes in lowercase hex); nullopt otherwise.
std::optional<std::string> AddressFromCookies(std::string_view cookie_header);
// A new random address.
std::string NewAddress();
// The Set-Cookie value for `address`: HttpOnly, SameSite=Lax, Path=/chat,
// Secure when `secure`, kept for a year.
std::string AddressCookie(std::string_view address, bool secure);

// The platform message id the core dedupes on: the page's id is its own
// choice, so it is scoped to the address (a hash of both), and a page
// cannot reach another resident's stored replies by guessing their ids.
std::string MessageIdFor(std::string_view address, std::string_view page_id);

// The page's own words in `lang` (the script's texts whose ids start with
// "web_", else the default language's) and the languages to switch to:
// {"lang", "dir", "texts": {...}, "languages": [{"code", "name", "dir"}]}.
// An unknown `lang` gets the default language.
std::string TextsJson(const dialogs::Script& script, std::string_view lang);

}  // namespace levier::channels::webchat
