// The workspace's signed-in browsers, as every part of the HTTP layer sees
// them: the cookie, and whether the session it names may still be used. The
// workspace creates sessions (webhook/workspace); the API accepts them too,
// so the workspace's pages read /api/v1 with the same rules as a token.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "levier/store/accounts.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::webhook {

inline constexpr std::string_view kWorkspaceCookie = "levier_ws";

struct SessionPolicy {
  UnixSeconds idle_seconds = 30 * 60;        // ends after this long without a request
  UnixSeconds lifetime_seconds = 12 * 3600;  // and this long after signing in, whatever
};

// Lowercase hex SHA-256 of a session token, as stored.
std::string WebSessionHash(std::string_view token);
// The session token in a Cookie header when well-formed (64 lowercase hex
// digits), else "".
std::string WorkspaceTokenFromCookies(std::string_view cookie_header);

struct SignedIn {
  store::Account account;
  store::WebSession session;
};

// The account signed in by the session `token_hash` at `now`; nullopt when
// there is no such session, or it was revoked, idle too long or is too old,
// or its account is disabled.
Result<std::optional<SignedIn>> FindSignedIn(store::AccountReads& accounts,
                                             std::string_view token_hash,
                                             const SessionPolicy& policy, UnixSeconds now);

// An admin must set up a second factor before anything else.
bool MustSetUpSecondFactor(const store::Account& account);

}  // namespace levier::webhook
