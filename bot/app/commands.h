// The `levier` subcommands. Each returns the process exit code and prints
// errors to stderr in one line naming what and where.
#pragma once

#include <memory>
#include <string>

#include "config.h"
#include "levier/store/store.h"
#include "levier/store/tokens.h"

namespace CLI {
class App;
}

namespace levier::app {

struct SimulateOptions {
  std::string lang;  // "" = detect from the first message
  bool json = false;
  std::string record;  // "" = no recording; else write the session as a transcript file
};
struct SendOptions {
  std::string url;   // "" = the configured listen address
  std::string from = "+33600000000";
  std::string text;
};

struct ServeOptions {
  bool watch = false;  // reload the dialog script when its files change
};

int RunServe(const ConfigFlags& flags, const ServeOptions& options);
int RunSimulate(const ConfigFlags& flags, const SimulateOptions& options);
int RunSend(const ConfigFlags& flags, const SendOptions& options);
int RunCheck(const ConfigFlags& flags);
struct ReportOptions {
  bool json = false;
  bool csv = false;
  std::string table = "cells";  // the CSV table (docs/api.md)
  bool suppress = false;        // apply the small-cell rule (for sharing outside)
  std::string from;             // first month "YYYY-MM" ("" = the beginning)
  std::string to;               // last month, included ("" = now)
};
struct TokenOptions {
  std::string role;  // admin, coordinator or professional
  std::string org;
  int expires_days = store::kDefaultTokenDays;
};
inline constexpr int kMaxTokenDays = 3660;
struct InvitationOptions {
  std::string org;
  std::string lang;      // the participant's language ("" = asked)
  int uses = 1;          // participants it may bring; 0 = no limit (a poster)
  int expires_days = 30;
};
// `levier invitation create` (invitation_command.cc): prints the code and its links.
int RunInvitationCreate(const ConfigFlags& flags, const InvitationOptions& options);

int RunReport(const ConfigFlags& flags, const ReportOptions& options);
// Prints a new API token once (last line of its output); stores its SHA-256.
int RunTokenCreate(const ConfigFlags& flags, const TokenOptions& options);
// One line per token: id, role, created, expires, last used, state, org (never the token).
int RunTokenList(const ConfigFlags& flags);
int RunTokenRevoke(const ConfigFlags& flags, const std::string& id);
int RunBackup(const ConfigFlags& flags, const std::string& dest);
// `levier user create|list|disable` (user_command.cc); the exit code goes to *exit_code.
CLI::App* AddUserCommands(CLI::App& app, int* exit_code);

// For the commands that change the database of a configuration: opens it
// (created if needed: an account or a token may be made before the first
// `levier serve`), errors printed as "COMMAND: ..." with *exit_code set.
std::unique_ptr<store::Store> OpenCommandStore(const ConfigFlags& flags,
                                               const std::string& command, int* exit_code);
// Runs `work` as one unit and waits for its outcome.
Status SubmitAndWait(store::Store& store, store::Store::Work work);
int RunRestore(const ConfigFlags& flags, const std::string& backup);

}  // namespace levier::app
