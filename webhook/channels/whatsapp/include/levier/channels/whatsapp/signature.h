// WhatsApp Cloud API webhook authentication (platform spec 3.1 and 3.3).
//
// Meta signs each notification with `X-Hub-Signature-256: sha256=<hex>`,
// HMAC-SHA256 keyed by the app secret. Meta documents that it hashes an
// escaped form of the payload (every UTF-16 code unit outside 0x00-0x7E as
// \uXXXX, lowercase hex); whatsapp-api-js verifies that form. Both the raw
// body and the escaped one are accepted, compared in constant time.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace levier::channels::whatsapp {

// `body` with every UTF-16 code unit outside 0x00-0x7E written as \uXXXX
// (lowercase hex; characters above U+FFFF as a surrogate pair). Bytes that
// are not valid UTF-8 are kept as they are.
std::string EscapeUnicode(std::string_view body);

// "sha256=" + lowercase hex HMAC-SHA256(app_secret, body).
std::string ComputeSignature(std::string_view app_secret, std::string_view body);

// True when `header` is "sha256=<hex>" (hex in either case) over `body` or
// over EscapeUnicode(body).
bool VerifySignature(std::string_view app_secret, std::string_view body, std::string_view header);

// The verification challenge (GET): the challenge to echo when `mode` is
// "subscribe" and `token` equals `verify_token` (constant time); "" otherwise.
std::string AnswerChallenge(std::string_view verify_token, std::string_view mode,
                            std::string_view token, std::string_view challenge);

}  // namespace levier::channels::whatsapp
