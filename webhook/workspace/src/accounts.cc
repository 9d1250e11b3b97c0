#include "levier/workspace/accounts.h"

#include <cctype>

#include "levier/store/tokens.h"
#include "levier/util/crypto.h"
#include "levier/util/password.h"
#include "levier/util/utf8.h"

namespace levier::workspace {

Result<std::string> NormalizeEmail(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) {
    email.remove_prefix(1);
  }
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) {
    email.remove_suffix(1);
  }
  const Status invalid = Status::InvalidArgument("'" + std::string(TruncateUtf8(email, 80)) +
                                                 "' is not an e-mail address");
  if (email.empty() || email.size() > store::kMaxEmailLength || !IsValidUtf8(email)) {
    return invalid;
  }
  const std::size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos ||
      email.find('@', at + 1) != std::string_view::npos) {
    return invalid;
  }
  const std::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return invalid;
  std::string lower;
  for (const char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte == 0x7f) return invalid;
    lower += static_cast<char>(std::tolower(byte));
  }
  return lower;
}

Status CheckOrg(std::string_view org) {
  if (org.empty() || org.size() > store::kMaxOrgLength || !IsValidUtf8(org)) {
    return Status::InvalidArgument("the organisation must be 1 to " +
                                   std::to_string(store::kMaxOrgLength) + " characters");
  }
  for (const char c : org) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < ' ' || byte == 0x7f) {
      return Status::InvalidArgument("the organisation must not contain control characters");
    }
  }
  return Status::Ok();
}

Result<store::Account> NewAccount(std::string_view email, std::string_view role,
                                  std::string_view org, std::string_view password,
                                  UnixSeconds now) {
  Result<std::string> normalized = NormalizeEmail(email);
  if (!normalized.ok()) return normalized.status();
  if (!store::IsApiRole(role)) {
    return Status::InvalidArgument("the role must be admin, coordinator or professional");
  }
  if (Status org_ok = CheckOrg(org); !org_ok.ok()) return org_ok;
  if (Status policy = password::CheckPolicy(password); !policy.ok()) return policy;
  Result<std::string> hash = password::Hash(password);
  if (!hash.ok()) return hash.status();
  store::Account account;
  account.email = std::move(*normalized);
  account.password_hash = std::move(*hash);
  account.role = std::string(role);
  account.org = std::string(org);
  account.created_at = now;
  return account;
}

std::string TotpSealingKey(std::string_view levier_secret) {
  // A key of its own: the pseudonym key never seals anything else.
  return crypto::HmacSha256(levier_secret, "levier workspace totp sealing key v1");
}

}  // namespace levier::workspace
