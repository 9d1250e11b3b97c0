// `levier user create|list|disable|reset-totp`: workspace accounts from the
// command line (docs/workspace.md, "Accounts"), for the first admin and for
// scripts. The same rules as the workspace's admin page (workspace/accounts.h).
#include <CLI/CLI.hpp>
#include <future>
#include <iomanip>
#include <iostream>
#include <memory>

#include "commands.h"
#include "levier/util/password.h"
#include "levier/workspace/accounts.h"

namespace levier::app {
namespace {

struct UserOptions {
  ConfigFlags flags;
  std::string email;
  std::string role;
  std::string org;
  bool password_stdin = false;
};

// Every change from the command line is audited like one from the workspace.
store::AuditRecord CommandAudit(std::string detail) {
  store::AuditRecord audit;
  audit.at = NowUnixSeconds();
  audit.account = "(command line)";
  audit.method = "CLI";
  audit.target = "levier user";
  audit.status = 0;
  audit.detail = std::move(detail);
  return audit;
}

int RunUserCreate(const UserOptions& o) {
  std::string password;
  if (o.password_stdin) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  const bool generated = password.empty();
  if (generated) password = password::Generate();
  Result<store::Account> account =
      workspace::NewAccount(o.email, o.role, o.org, password, NowUnixSeconds());
  if (!account.ok()) {
    std::cerr << "levier user create: " << account.status().message() << "\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenCommandStore(o.flags, "levier user create", &exit_code);
  if (store == nullptr) return exit_code;
  const store::AuditRecord audit = CommandAudit("account created: " + account->email + " (" +
                                                account->role + ", " + account->org + ")");
  const Status created = SubmitAndWait(*store, [&](store::Transaction& txn) {
    if (Status inserted = txn.accounts().InsertAccount(*account).status(); !inserted.ok()) {
      return inserted;
    }
    return txn.tokens().AppendAudit(audit);
  });
  if (!created.ok()) {
    std::cerr << "levier user create: " << created.message() << "\n";
    return created.code() == StatusCode::kAlreadyExists ? 2 : 1;
  }
  std::cout << "account created: " << account->email << " (" << account->role << ", "
            << account->org << ")\n";
  if (account->role == store::kRoleAdmin) {
    std::cout << "an admin sets up a second factor (an authenticator app) at the first sign-in\n";
  }
  if (generated) {
    std::cout << "password (shown once; give it to its owner, who can keep it):\n"
              << password << "\n";
  }
  return 0;
}

int RunUserList(const UserOptions& o) {
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenCommandStore(o.flags, "levier user list", &exit_code);
  if (store == nullptr) return exit_code;
  std::vector<store::Account> accounts;
  std::promise<Status> done;
  store->SubmitRead(
      [&](store::ReadTransaction& read) {
        Result<std::vector<store::Account>> listed = read.accounts().ListAccounts();
        if (!listed.ok()) return listed.status();
        accounts = std::move(*listed);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  if (Status read = done.get_future().get(); !read.ok()) {
    std::cerr << "levier user list: " << read.message() << "\n";
    return 1;
  }
  const auto date = [](UnixSeconds t) {
    return t == 0 ? std::string("never") : FormatIso8601(t).substr(0, 10);
  };
  std::cout << std::left << std::setw(32) << "EMAIL" << std::setw(14) << "ROLE" << std::setw(5)
            << "2FA" << std::setw(12) << "CREATED" << std::setw(12) << "LAST LOGIN" << std::setw(10)
            << "STATE"
            << "ORG\n";
  for (const store::Account& a : accounts) {
    std::cout << std::setw(32) << a.email << std::setw(14) << a.role << std::setw(5)
              << (a.totp_enabled ? "yes" : "no") << std::setw(12) << date(a.created_at)
              << std::setw(12) << date(a.last_login_at) << std::setw(10)
              << (a.disabled_at != 0 ? "disabled" : "active") << a.org << "\n";
  }
  return 0;
}

// Disables the account, or (reset_totp) clears its second factor so its
// owner sets up a new one; both sign out its browsers.
int RunUserChange(const UserOptions& o, bool reset_totp) {
  const std::string command = reset_totp ? "levier user reset-totp" : "levier user disable";
  Result<std::string> email = workspace::NormalizeEmail(o.email);
  if (!email.ok()) {
    std::cerr << command << ": " << email.status().message() << "\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenCommandStore(o.flags, command, &exit_code);
  if (store == nullptr) return exit_code;
  const store::AuditRecord audit =
      CommandAudit((reset_totp ? "second factor reset: " : "account disabled: ") + *email);
  const Status changed = SubmitAndWait(*store, [&](store::Transaction& txn) {
    Result<std::optional<store::Account>> found = txn.accounts().FindAccountByEmail(*email);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return Status::NotFound("no account with e-mail " + *email);
    store::Account account = **found;
    if (reset_totp) {
      account.totp_enabled = false;
      account.totp_sealed.clear();
    } else if (account.disabled_at == 0) {
      account.disabled_at = audit.at;
    }
    if (Status saved = txn.accounts().UpdateAccount(account); !saved.ok()) return saved;
    if (Status revoked = txn.accounts().RevokeWebSessions(account.id, "", audit.at).status();
        !revoked.ok()) {
      return revoked;
    }
    return txn.tokens().AppendAudit(audit);
  });
  if (!changed.ok()) {
    std::cerr << command << ": " << changed.message() << "\n";
    return changed.code() == StatusCode::kNotFound ? 2 : 1;
  }
  std::cout << audit.detail << "\n";
  return 0;
}

void AddCommon(CLI::App* command, UserOptions& o) {
  command->add_option("--config", o.flags.config_file, "JSON config file");
  command->add_option("--db", o.flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
}

}  // namespace

CLI::App* AddUserCommands(CLI::App& app, int* exit_code) {
  CLI::App* user = app.add_subcommand("user", "workspace accounts: create, list, disable");
  user->require_subcommand(1);
  *exit_code = 0;
  auto options = std::make_shared<UserOptions>();
  UserOptions& o = *options;

  CLI::App* create =
      user->add_subcommand("create", "create an account; a generated password is printed once");
  AddCommon(create, o);
  create->add_option("--email", o.email, "the account's e-mail (its login)")->required();
  create->add_option("--role", o.role, "admin, coordinator or professional")->required();
  create->add_option("--org", o.org, "the organisation the person works for")->required();
  create->add_flag("--password-stdin", o.password_stdin,
                   "read the password from the first line of standard input");
  create->callback([options, exit_code] { *exit_code = RunUserCreate(*options); });

  CLI::App* list = user->add_subcommand("list", "list accounts (never a password)");
  AddCommon(list, o);
  list->callback([options, exit_code] { *exit_code = RunUserList(*options); });

  CLI::App* disable = user->add_subcommand("disable", "refuse an account from now on");
  AddCommon(disable, o);
  disable->add_option("email", o.email, "the account's e-mail")->required();
  disable->callback([options, exit_code] { *exit_code = RunUserChange(*options, false); });

  CLI::App* reset = user->add_subcommand(
      "reset-totp", "clear an account's second factor (a lost phone): set up again at sign-in");
  AddCommon(reset, o);
  reset->add_option("email", o.email, "the account's e-mail")->required();
  reset->callback([options, exit_code] { *exit_code = RunUserChange(*options, true); });
  return user;
}

}  // namespace levier::app
