// Creating and changing workspace accounts, the same way from the command
// line (`levier user ...`) and from the workspace's admin pages.
//
// Thread-safety: pure functions; NewAccount hashes a password (slow: not on
// an I/O thread or the store's threads).
#pragma once

#include <string>
#include <string_view>

#include "levier/store/accounts.h"
#include "levier/util/status.h"

namespace levier::workspace {

// `email` trimmed and lowercased when it looks like an address (one '@',
// something on each side, a dot in the domain, no spaces or controls, at
// most store::kMaxEmailLength bytes); InvalidArgument otherwise.
Result<std::string> NormalizeEmail(std::string_view email);

// A new, active account, its password hashed (Argon2id). InvalidArgument,
// in words for the person typing, for a bad e-mail, role, organisation or
// password (password::CheckPolicy).
Result<store::Account> NewAccount(std::string_view email, std::string_view role,
                                  std::string_view org, std::string_view password, UnixSeconds now);

// InvalidArgument unless `org` is 1 to store::kMaxOrgLength bytes of
// printable UTF-8 without control characters.
Status CheckOrg(std::string_view org);

// The key that seals TOTP secrets at rest, derived from LEVIER_SECRET.
std::string TotpSealingKey(std::string_view levier_secret);

}  // namespace levier::workspace
