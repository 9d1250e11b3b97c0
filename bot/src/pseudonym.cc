#include "levier/bot/pseudonym.h"

#include "levier/util/crypto.h"

namespace levier::bot {

std::string Pseudonymize(std::string_view secret, std::string_view channel,
                         std::string_view address) {
  std::string message;
  message.reserve(channel.size() + 1 + address.size());
  message += channel;
  message += '\n';
  message += address;
  return crypto::HexEncode(crypto::HmacSha256(secret, message));
}

}  // namespace levier::bot
