#include "levier/webhook/web_session.h"

#include "levier/store/tokens.h"
#include "levier/util/crypto.h"
#include "levier/webhook/web.h"

namespace levier::webhook {

std::string WebSessionHash(std::string_view token) {
  return crypto::HexEncode(crypto::Sha256(token));
}

std::string WorkspaceTokenFromCookies(std::string_view cookie_header) {
  const std::optional<std::string_view> value = CookieValue(cookie_header, kWorkspaceCookie);
  if (!value || value->size() != 64) return "";
  for (const char c : *value) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return "";
  }
  return std::string(*value);
}

Result<std::optional<SignedIn>> FindSignedIn(store::AccountReads& accounts,
                                             std::string_view token_hash,
                                             const SessionPolicy& policy, UnixSeconds now) {
  Result<std::optional<store::WebSession>> session = accounts.FindWebSession(token_hash);
  if (!session.ok()) return session.status();
  if (!session->has_value()) return std::optional<SignedIn>();
  const store::WebSession& s = **session;
  if (s.revoked_at != 0 || now - s.last_seen_at >= policy.idle_seconds ||
      now - s.created_at >= policy.lifetime_seconds) {
    return std::optional<SignedIn>();
  }
  Result<std::optional<store::Account>> account = accounts.FindAccount(s.account_id);
  if (!account.ok()) return account.status();
  if (!account->has_value() || (*account)->disabled_at != 0) return std::optional<SignedIn>();
  return std::optional<SignedIn>(SignedIn{std::move(**account), std::move(**session)});
}

bool MustSetUpSecondFactor(const store::Account& account) {
  return account.role == store::kRoleAdmin && !account.totp_enabled;
}

}  // namespace levier::webhook
