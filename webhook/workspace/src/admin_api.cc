// Admins' endpoints: the accounts and the audit.
#include <charconv>

#include "levier/store/tokens.h"
#include "levier/util/log.h"
#include "levier/util/password.h"
#include "levier/webhook/web.h"
#include "levier/workspace/accounts.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

constexpr int kAuditPage = 100;

}  // namespace

void Workspace::ListAccounts(CallPtr call) {
  auto accounts = std::make_shared<std::vector<store::Account>>();
  store_.SubmitRead(
      [accounts](store::ReadTransaction& read) {
        Result<std::vector<store::Account>> listed = read.accounts().ListAccounts();
        if (!listed.ok()) return listed.status();
        *accounts = std::move(*listed);
        return Status::Ok();
      },
      [this, call, accounts](const Status& status) {
        OnIoThread(call, [this, call, accounts, status] {
          if (!status.ok()) {
            return call->respond(Error(*call, Problem::kUnavailable));
          }
          json list = json::array();
          for (const store::Account& a : *accounts) list.push_back(AccountJson(a));
          call->respond(Json(*call, http::status::ok, json{{"accounts", std::move(list)}}));
        });
      });
}

void Workspace::CreateAccount(CallPtr call) {
  std::string given = StringField(call->body, "password");
  // Each field checked on its own first, so the page can say which one is wrong.
  const std::pair<const char*, Status> checks[] = {
      {"email", NormalizeEmail(StringField(call->body, "email")).status()},
      {"role",
       store::IsApiRole(StringField(call->body, "role"))
           ? Status::Ok()
           : Status::InvalidArgument("the role must be admin, coordinator or professional")},
      {"org", CheckOrg(StringField(call->body, "org"))},
      {"password", given.empty() ? Status::Ok() : password::CheckPolicy(given)},
  };
  for (const auto& [field, status] : checks) {
    if (!status.ok()) {
      return call->respond(
          Error(*call, Problem::kInvalidField, {{"field", field}, {"detail", status.message()}}));
    }
  }
  const bool generated = given.empty();
  std::string password = generated ? password::Generate() : std::move(given);
  OnHashingThread([this, call, password = std::move(password), generated] {
    Result<store::Account> account =
        NewAccount(StringField(call->body, "email"), StringField(call->body, "role"),
                   StringField(call->body, "org"), password, call->now);
    if (!account.ok()) {
      return OnIoThread(call, [this, call, status = account.status()] {
        call->respond(Error(*call, Problem::kInvalidField, {{"detail", status.message()}}));
      });
    }
    const std::string detail =
        "account created: " + account->email + " (" + account->role + ", " + account->org + ")";
    json answer{{"account", AccountJson(*account)}};
    if (generated) answer["password"] = password;  // shown once, never stored in clear
    Commit(
        call, detail,
        [account = *account](store::Transaction& txn) {
          return txn.accounts().InsertAccount(account).status();
        },
        [this, call, answer](const Status& status) {
          if (status.code() == StatusCode::kAlreadyExists) {
            return Error(*call, Problem::kEmailTaken);
          }
          if (!status.ok()) {
            return Error(*call, Problem::kUnavailable);
          }
          return Json(*call, http::status::created, answer);
        });
  });
}

void Workspace::DisableAccount(CallPtr call) {
  Result<std::string> email = NormalizeEmail(StringField(call->body, "email"));
  if (!email.ok()) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "email"}, {"detail", email.status().message()}}));
  }
  if (*email == call->signed_in->account.email) {
    return call->respond(Error(*call, Problem::kOwnAccount));
  }
  Commit(
      call, "account disabled: " + *email,
      [email = *email, now = call->now](store::Transaction& txn) {
        Result<std::optional<store::Account>> found = txn.accounts().FindAccountByEmail(email);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return Status::NotFound("no account with this e-mail");
        store::Account account = **found;
        if (account.disabled_at != 0) return Status::Ok();
        account.disabled_at = now;
        if (Status saved = txn.accounts().UpdateAccount(account); !saved.ok()) return saved;
        // Signed-in browsers of the account lose access at once.
        return txn.accounts().RevokeWebSessions(account.id, "", now).status();
      },
      [this, call](const Status& status) {
        if (status.code() == StatusCode::kNotFound) {
          return Error(*call, Problem::kNoSuchAccount);
        }
        if (!status.ok()) {
          return Error(*call, Problem::kUnavailable);
        }
        return Json(*call, http::status::ok, json{{"disabled", true}});
      });
}

void Workspace::ListAudit(CallPtr call) {
  // ?before=ID pages back through older rows.
  std::int64_t before = 0;
  const std::string_view target = call->request.target();
  if (const std::size_t at = target.find("before="); at != std::string_view::npos) {
    const std::string_view digits = target.substr(at + 7);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), before);
    if (ec != std::errc() || before < 0 || (end != digits.data() + digits.size() && *end != '&')) {
      return call->respond(Error(*call, Problem::kBadQuery));
    }
  }
  auto rows = std::make_shared<std::vector<store::AuditEntry>>();
  store_.SubmitRead(
      [rows, before](store::ReadTransaction& read) {
        Result<std::vector<store::AuditEntry>> listed =
            read.accounts().ListAudit(before, kAuditPage);
        if (!listed.ok()) return listed.status();
        *rows = std::move(*listed);
        return Status::Ok();
      },
      [this, call, rows](const Status& status) {
        OnIoThread(call, [this, call, rows, status] {
          if (!status.ok()) {
            return call->respond(Error(*call, Problem::kUnavailable));
          }
          json list = json::array();
          for (const store::AuditEntry& e : *rows) {
            const store::AuditRecord& r = e.record;
            list.push_back({{"id", e.id},
                            {"at", FormatIso8601(r.at)},
                            {"who", !r.account.empty()    ? r.account
                                    : !r.token_id.empty() ? "token " + r.token_id
                                                          : std::string()},
                            {"role", r.role},
                            {"org", r.org},
                            {"client", r.client},
                            {"what", r.detail.empty() ? r.method + " " + r.target : r.detail},
                            {"status", r.status}});
          }
          json answer{{"entries", std::move(list)}};
          if (rows->size() == static_cast<std::size_t>(kAuditPage)) {
            answer["next_before"] = rows->back().id;
          }
          call->respond(Json(*call, http::status::ok, answer));
        });
      });
}

}  // namespace levier::workspace
