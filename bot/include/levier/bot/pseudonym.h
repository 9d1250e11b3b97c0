// Pseudonyms: the only way a participant is known inside Levier.
#pragma once

#include <string>
#include <string_view>

namespace levier::bot {

// Hex HMAC-SHA256 of "<channel>\n<address>" under `secret`. Stable for a given
// secret, so the same person on the same channel gets the same session, and
// not reversible without the secret.
std::string Pseudonymize(std::string_view secret, std::string_view channel,
                         std::string_view address);

}  // namespace levier::bot
