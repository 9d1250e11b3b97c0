// Signing in and out, the session's account, and setting up the second factor.
#include <algorithm>
#include <cstdint>

#include "levier/util/crypto.h"
#include "levier/util/log.h"
#include "levier/util/password.h"
#include "levier/util/totp.h"
#include "levier/webhook/web.h"
#include "levier/workspace/accounts.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

// The TOTP secret is kept sealed (AES-256-GCM) and hex-encoded: text in any
// database, no NUL or invalid UTF-8.
std::string SealSecret(std::string_view key, std::string_view secret) {
  return crypto::HexEncode(crypto::AesGcmSeal(key, secret));
}
bool OpenSecret(std::string_view key, std::string_view sealed_hex, std::string* secret) {
  std::string sealed;
  return crypto::HexDecode(sealed_hex, &sealed) && crypto::AesGcmOpen(key, sealed, secret);
}

}  // namespace

void Workspace::Login(HttpRequest request, const RequestContext& context, Respond respond) {
  CallPtr call = NewCall(std::move(request), context, std::move(respond));
  // A login form on another site must not sign a browser into an account of
  // the attacker's: the Origin check applies to the login too.
  if (!FromOwnOrigin(call->request)) {
    return call->respond(Error(*call, Problem::kNotFromWorkspace));
  }
  if (std::optional<HttpResponse> bad = ParseBody(*call, kMaxBodyBytes)) return call->respond(std::move(*bad));
  std::string password = StringField(call->body, "password", password::kMaxLength);
  std::string code = StringField(call->body, "code", 16);
  Result<std::string> email =
      NormalizeEmail(StringField(call->body, "email", store::kMaxEmailLength));

  const std::int64_t now_ms = MonotonicMicros() / 1000;
  const auto too_many_for = [this, call](std::int64_t wait_ms) {
    if (metrics_ != nullptr) metrics_->CountLimited("workspace_login");
    HttpResponse res = Error(*call, Problem::kTooManyAttempts);
    res.set(http::field::retry_after, webhook::RetryAfterSeconds(wait_ms));
    return res;
  };
  if (!logins_per_client_.Allow(call->client, now_ms)) {
    return call->respond(too_many_for(logins_per_client_.WaitMillis(call->client, now_ms)));
  }
  if (!email.ok() || password.empty()) {
    return call->respond(Error(*call, Problem::kLoginFailed));
  }
  // Failures spend the account's allowance (FinishLogin); once spent, even
  // the right password waits. Unknown e-mails are counted the same way, so
  // the limit says nothing about whether an account exists.
  if (logins_per_account_.WaitMillis(*email, now_ms) > 0) {
    // The longest wait, as the shared allowance says it, not the exact one:
    // an account's failures take longer than a stranger's (their audit
    // commit), and a Retry-After a second shorter told them apart.
    return call->respond(too_many_for(SignInRefillMillis()));
  }
  auto account = std::make_shared<std::optional<store::Account>>();
  store_.SubmitRead(
      [account, email = *email](store::ReadTransaction& read) {
        Result<std::optional<store::Account>> found = read.accounts().FindAccountByEmail(email);
        if (!found.ok()) return found.status();
        *account = std::move(*found);
        return Status::Ok();
      },
      [this, call, account, too_many_for, email = *email, password = std::move(password),
       code = std::move(code)](const Status& status) mutable {
        if (!status.ok()) {
          return OnIoThread(call,
                            [this, call] { call->respond(Error(*call, Problem::kUnavailable)); });
        }
        SpendSignInAllowance(call, email, std::move(*account), std::move(password),
                             std::move(code), too_many_for);
      });
}

// Every attempt on an e-mail, an account's or a stranger's, spends one token
// of an allowance kept in the store, which every instance shares, before the
// password is checked (so that parallel guesses cannot all pass a check made
// before any of them is counted); a sign-in that succeeds gives it back. Past
// failed_logins_per_account_per_minute failures (five by default, then one
// more every 12 s) an attempt is refused on any instance, the same way
// whether the account exists or not. Counting an account's refusals from the
// audit instead (as before 2026-12-06) let the limit tell one from the other:
// a stranger's e-mail had a try again after 12 s, an account's only once its
// oldest refusal was a minute old. The key is a keyed hash: what a stranger
// typed is not kept.
void Workspace::SpendSignInAllowance(CallPtr call, const std::string& email,
                                     std::optional<store::Account> account, std::string password,
                                     std::string code,
                                     std::function<HttpResponse(std::int64_t)> too_many_for) {
  // The password's check, on the hashing thread, once the attempt may be made.
  std::function<void()> check = [this, call, email, account = std::move(account),
                                 password = std::move(password), code = std::move(code)]() mutable {
    FinishLogin(call, email, std::move(account), std::move(password), std::move(code));
  };
  const std::uint32_t allowed = settings_.failed_logins_per_account_per_minute;
  if (allowed == 0) return OnHashingThread(std::move(check));  // the limit is off
  auto spent = std::make_shared<bool>(false);
  store_.Submit(
      [key = SignInAllowanceKey(email), spent, allowed](store::Transaction& txn) -> Status {
        Result<bool> r = txn.SpendAllowance(key, allowed, NowUnixMillis());
        if (!r.ok()) return r.status();
        *spent = *r;
        return Status::Ok();
      },
      [this, call, spent, check = std::move(check),
       too_many_for = std::move(too_many_for)](const Status& status) mutable {
        if (!status.ok()) {
          return OnIoThread(call,
                            [this, call] { call->respond(Error(*call, Problem::kUnavailable)); });
        }
        if (!*spent) {
          const std::int64_t refill_ms = SignInRefillMillis();
          return OnIoThread(call, [call, too_many_for, refill_ms] {
            call->respond(too_many_for(refill_ms));
          });
        }
        OnHashingThread(std::move(check));
      });
}

// The bucket gives one token back every minute / allowed: the longest the
// next try has to wait, which every refusal of the limit says.
std::int64_t Workspace::SignInRefillMillis() const {
  const std::int64_t allowed = std::max<std::int64_t>(1, settings_.failed_logins_per_account_per_minute);
  return (60'000 + allowed - 1) / allowed;
}

// The key of `email`'s sign-in allowance: a keyed hash, so that what a
// stranger typed is not kept.
std::string Workspace::SignInAllowanceKey(const std::string& email) const {
  return "sign-in:" +
         crypto::HexEncode(crypto::HmacSha256(settings_.totp_key, "sign-in:" + email));
}

std::function<Status(store::Transaction&)> Workspace::RefundSignInAllowance(
    const std::string& email) const {
  return [key = SignInAllowanceKey(email),
          allowed = settings_.failed_logins_per_account_per_minute](store::Transaction& txn) {
    return txn.RefundAllowance(key, allowed, NowUnixMillis());
  };
}

// On the hashing thread: the password (and code), then the session is stored.
void Workspace::FinishLogin(CallPtr call, const std::string& email,
                            std::optional<store::Account> account, std::string password,
                            std::string code) {
  const bool usable = account.has_value() && account->disabled_at == 0;
  // An unknown or disabled account costs the same hash as a known one.
  const bool password_ok =
      password::Verify(usable ? account->password_hash : dummy_hash_, password) && usable;
  if (!password_ok) {
    (void)logins_per_account_.Allow(email, MonotonicMicros() / 1000);
    if (!account) {
      // Nothing stored for a stranger's attempt: what they type is not kept.
      return OnIoThread(call, [this, call] { call->respond(Error(*call, Problem::kLoginFailed)); });
    }
    call->signed_in = webhook::SignedIn{*account, {}};  // names the account in the audit
    return Commit(
        call, std::string(store::kRefusedSignIn) + ": wrong password or disabled account",
        [](store::Transaction&) { return Status::Ok(); },
        [this, call](const Status&) { return Error(*call, Problem::kLoginFailed); }, 401);
  }
  std::int64_t totp_step = 0;
  if (account->totp_enabled) {
    std::string secret;
    if (code.empty()) {
      // The right password is no guess: its token goes back, as for a
      // success, and the page asks for the code (the usual first step of a
      // sign-in with a second factor, which must not wear the limit down).
      const auto ask_for_code = [this, call](const Status&) {
        OnIoThread(call, [this, call] {
          call->respond(Error(*call, Problem::kCodeRequired, {{"code_required", true}}));
        });
      };
      return store_.Submit(RefundSignInAllowance(email), ask_for_code);
    }
    std::optional<std::int64_t> step;
    if (OpenSecret(settings_.totp_key, account->totp_sealed, &secret)) {
      step = totp::Verify(secret, code, call->now, account->totp_last_step);
    }
    if (!step) {
      (void)logins_per_account_.Allow(email, MonotonicMicros() / 1000);
      call->signed_in = webhook::SignedIn{*account, {}};
      return Commit(
          call, std::string(store::kRefusedSignIn) + ": wrong code",
          [](store::Transaction&) { return Status::Ok(); },
          [this, call](const Status&) {
            return Error(*call, Problem::kWrongCode, {{"code_required", true}});
          },
          401);
    }
    totp_step = *step;
  }
  std::string rehashed;
  if (password::NeedsRehash(account->password_hash)) {
    if (Result<std::string> hash = password::Hash(password); hash.ok()) rehashed = *hash;
  }
  const std::string token = crypto::HexEncode(crypto::RandomBytes(32));
  store::WebSession session{webhook::WebSessionHash(token),
                            account->id,
                            crypto::HexEncode(crypto::RandomBytes(32)),
                            call->now,
                            call->now,
                            0};
  webhook::SignedIn signed_in{*account, session};
  call->signed_in = signed_in;
  const std::int64_t id = account->id;
  Commit(
      call, "signed in",
      [id, session, totp_step, rehashed, now = call->now,
       refund = RefundSignInAllowance(email)](store::Transaction& txn) {
        // Read again inside the unit: a code used by a concurrent sign-in,
        // or an account disabled meanwhile, must not open a session.
        Result<std::optional<store::Account>> current = txn.accounts().FindAccount(id);
        if (!current.ok()) return current.status();
        if (!current->has_value() || (*current)->disabled_at != 0) {
          return Status::PermissionDenied("account disabled");
        }
        store::Account updated = **current;
        if (totp_step != 0) {
          if (totp_step <= updated.totp_last_step) {
            return Status::PermissionDenied("code already used");
          }
          updated.totp_last_step = totp_step;
        }
        if (!rehashed.empty()) updated.password_hash = rehashed;
        updated.last_login_at = now;
        if (Status saved = txn.accounts().UpdateAccount(updated); !saved.ok()) return saved;
        if (Status opened = txn.accounts().InsertWebSession(session); !opened.ok()) return opened;
        // A success is not a guess: its token goes back (SpendSignInAllowance).
        return refund(txn);
      },
      [this, call, token, signed_in](const Status& status) {
        if (status.code() == StatusCode::kPermissionDenied) {
          return Error(*call, Problem::kLoginFailed);
        }
        if (!status.ok()) {
          return Error(*call, Problem::kUnavailable);
        }
        HttpResponse res = Json(*call, http::status::ok, MeJson(signed_in));
        res.set(http::field::set_cookie, SessionCookie(token));
        return res;
      });
}

void Workspace::Me(CallPtr call) {
  call->respond(Json(*call, http::status::ok, MeJson(*call->signed_in)));
}

void Workspace::Logout(CallPtr call) {
  const std::int64_t id = call->signed_in->account.id;
  Commit(
      call, "signed out",
      [id, session = call->session_hash, now = call->now](store::Transaction& txn) {
        return txn.accounts().RevokeWebSessions(id, session, now).status();
      },
      [this, call](const Status& status) {
        if (!status.ok()) {
          return Error(*call, Problem::kUnavailable);
        }
        HttpResponse res = Json(*call, http::status::ok, json{{"signed_out", true}});
        res.set(http::field::set_cookie, ExpiredCookie());
        return res;
      });
}

void Workspace::StartTotpSetup(CallPtr call) {
  const store::Account& account = call->signed_in->account;
  if (account.totp_enabled) {
    return call->respond(Error(*call, Problem::kAlreadySetUp));
  }
  const std::string secret = crypto::RandomBytes(totp::kSecretBytes);
  store::Account updated = account;
  updated.totp_sealed = SealSecret(settings_.totp_key, secret);
  const json answer{{"secret", totp::Base32Encode(secret)},
                    {"uri", totp::ProvisioningUri("Levier", account.email, secret)}};
  Commit(
      call, "second factor: setup started",
      [updated](store::Transaction& txn) { return txn.accounts().UpdateAccount(updated); },
      [this, call, answer](const Status& status) {
        if (!status.ok()) {
          return Error(*call, Problem::kUnavailable);
        }
        return Json(*call, http::status::ok, answer);
      });
}

void Workspace::ConfirmTotp(CallPtr call) {
  const store::Account& account = call->signed_in->account;
  const std::string code = StringField(call->body, "code", 16);
  std::string secret;
  if (account.totp_enabled) {
    return call->respond(Error(*call, Problem::kAlreadySetUp));
  }
  if (account.totp_sealed.empty() ||
      !OpenSecret(settings_.totp_key, account.totp_sealed, &secret)) {
    return call->respond(Error(*call, Problem::kSetupFirst));
  }
  const std::optional<std::int64_t> step =
      totp::Verify(secret, code, call->now, account.totp_last_step);
  if (!step) {
    return call->respond(Error(*call, Problem::kWrongCode));
  }
  webhook::SignedIn signed_in = *call->signed_in;
  signed_in.account.totp_enabled = true;
  signed_in.account.totp_last_step = *step;
  Commit(
      call, "second factor: enabled",
      [account = signed_in.account](store::Transaction& txn) {
        return txn.accounts().UpdateAccount(account);
      },
      [this, call, signed_in](const Status& status) {
        if (!status.ok()) {
          return Error(*call, Problem::kUnavailable);
        }
        return Json(*call, http::status::ok, MeJson(signed_in));
      });
}

void Workspace::ChangePassword(CallPtr call) {
  std::string current = StringField(call->body, "current", password::kMaxLength);
  std::string wanted = StringField(call->body, "new", password::kMaxLength + 1);
  if (Status policy = password::CheckPolicy(wanted); !policy.ok()) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "password"}, {"detail", policy.message()}}));
  }
  OnHashingThread([this, call, current = std::move(current), wanted = std::move(wanted)] {
    const store::Account& account = call->signed_in->account;
    if (!password::Verify(account.password_hash, current)) {
      return Commit(
          call, "password change refused: wrong current password",
          [](store::Transaction&) { return Status::Ok(); },
          [this, call](const Status&) {
            return Error(*call, Problem::kInvalidField,
                         {{"field", "current"}, {"detail", "the current password is wrong"}});
          },
          400);
    }
    Result<std::string> hash = password::Hash(wanted);
    if (!hash.ok()) {
      return OnIoThread(call, [this, call] { call->respond(Error(*call, Problem::kUnavailable)); });
    }
    Commit(
        call, "password changed",
        [id = account.id, hash = std::move(*hash), session = call->session_hash,
         now = call->now](store::Transaction& txn) {
          Result<std::optional<store::Account>> found = txn.accounts().FindAccount(id);
          if (!found.ok()) return found.status();
          if (!found->has_value()) return Status::NotFound("no such account");
          store::Account updated = **found;
          updated.password_hash = hash;
          if (Status saved = txn.accounts().UpdateAccount(updated); !saved.ok()) return saved;
          // Whoever else knew the old password is signed out; this browser stays.
          return txn.accounts().RevokeOtherWebSessions(id, session, now).status();
        },
        [this, call](const Status& status) {
          if (!status.ok()) return Error(*call, Problem::kUnavailable);
          return Json(*call, http::status::ok, json{{"password_changed", true}});
        });
  });
}

}  // namespace levier::workspace
