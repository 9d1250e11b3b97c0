// API tokens (tokens.h): generation and hashing, whatever the backend.
#include "levier/store/tokens.h"

#include "levier/util/crypto.h"

namespace levier::store {

bool IsApiRole(std::string_view role) {
  return role == kRoleAdmin || role == kRoleCoordinator || role == kRoleProfessional;
}

std::string GenerateApiToken() { return "lvr_" + crypto::HexEncode(crypto::RandomBytes(32)); }

std::string HashApiToken(std::string_view token) {
  return crypto::HexEncode(crypto::Sha256(token));
}

std::string ApiTokenId(std::string_view token_hash) {
  return std::string(token_hash.substr(0, 12));
}

}  // namespace levier::store
