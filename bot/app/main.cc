// `levier`: one executable, several subcommands. main only parses the
// command line and dispatches; each command assembles what it needs.
#include <CLI/CLI.hpp>

#include "commands.h"
#include "db_command.h"
#include "dialogs_command.h"
#include "kb_command.h"
#include "secret_policy.h"
#include "telegram_command.h"

int main(int argc, char** argv) {
  using levier::app::ConfigFlags;
  CLI::App app{"Levier: helps residents find local support to lift the barriers to work.\n"
               "Configuration: flags > environment (LEVIER_*) > --config FILE > defaults."};
  app.require_subcommand(1);
  ConfigFlags flags;

  auto add_content_flags = [&](CLI::App* cmd) {
    cmd->add_option("--config", flags.config_file, "JSON config file");
    cmd->add_option("--dialogs", flags.dialogs, "dialog script directory (dialogs/default)");
    cmd->add_option("--kb", flags.kb, "knowledge base directory (knowledge-base/data)");
  };

  CLI::App* serve = app.add_subcommand("serve", "run the webhook server");
  add_content_flags(serve);
  serve->add_option("--listen", flags.listen, "HOST:PORT to listen on (127.0.0.1:8080)");
  serve->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  serve->add_option("--public-url", flags.public_url, "base URL the platforms call");
  serve->add_option("--log-level", flags.log_level, "debug, info, warn or error");
  levier::app::ServeOptions serve_options;
  serve->add_flag("--watch", serve_options.watch,
                  "reload the dialog script when its files change (SIGHUP always reloads)");

  levier::app::SimulateOptions simulate_options;
  CLI::App* simulate = app.add_subcommand("simulate", "talk to the dialog in this terminal");
  add_content_flags(simulate);
  simulate->add_option("--lang", simulate_options.lang, "start in this language (fr, en, ...)");
  simulate->add_flag("--json", simulate_options.json, "one JSON object per input line");
  simulate->add_option("--record", simulate_options.record,
                       "save the session as a conversation test (dialogs/default/transcripts/*.json)");

  levier::app::SendOptions send_options;
  CLI::App* send = app.add_subcommand("send", "send TEXT to a running server as Twilio would");
  send->add_option("--config", flags.config_file, "JSON config file");
  send->add_option("--url", send_options.url, "server base URL (the configured public URL)");
  send->add_option("--from", send_options.from, "sender phone number");
  send->add_option("--db", flags.db, "database path of the server (to find its local token)");
  send->add_option("text", send_options.text, "the message")->required();

  CLI::App* check = app.add_subcommand("check", "validate dialogs and knowledge base");
  add_content_flags(check);

  levier::app::ReportOptions report_options;
  CLI::App* report = app.add_subcommand("report", "print referral indicators");
  report->add_option("--config", flags.config_file, "JSON config file");
  report->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  report->add_option("--kb", flags.kb, "knowledge base directory, for provider names "
                                       "(knowledge-base/data)");
  report->add_flag("--json", report_options.json, "JSON output");
  report->add_flag("--csv", report_options.csv, "CSV output of one table (--table)");
  report->add_option("--table", report_options.table, "CSV table (cells, barrier, providers...)");
  report->add_option("--from", report_options.from, "first month counted, YYYY-MM");
  report->add_option("--to", report_options.to, "last month counted, YYYY-MM (included)");
  report->add_flag("--suppress", report_options.suppress,
                   "hide figures about fewer than 5 participants (for sharing outside)");

  levier::app::TokenOptions token_options;
  CLI::App* token = app.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  CLI::App* token_create = token->add_subcommand("create", "create a token, printed once");
  token_create->add_option("--config", flags.config_file, "JSON config file");
  token_create->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  token_create->add_option("--role", token_options.role, "admin, coordinator or professional")
      ->required();
  token_create->add_option("--org", token_options.org, "organisation the token is for")
      ->required();
  token_create->add_option("--expires", token_options.expires_days,
                           "days until the token is refused (default 365)");
  CLI::App* token_list =
      token->add_subcommand("list", "list tokens: id, role, dates, state, org (never the token)");
  token_list->add_option("--config", flags.config_file, "JSON config file");
  token_list->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  std::string token_id;
  CLI::App* token_revoke = token->add_subcommand("revoke", "refuse a token from now on");
  token_revoke->add_option("--config", flags.config_file, "JSON config file");
  token_revoke->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  token_revoke->add_option("id", token_id, "the token's ID (levier token list)")->required();

  levier::app::InvitationOptions invitation_options;
  CLI::App* invitation = app.add_subcommand("invitation", "professionals' invitation codes");
  invitation->require_subcommand(1);
  CLI::App* invitation_create = invitation->add_subcommand(
      "create", "make an invitation code for an organisation, and print its links");
  invitation_create->add_option("--config", flags.config_file, "JSON config file");
  invitation_create->add_option("--db", flags.db, "database: an SQLite file (var/levier.db) or a postgresql:// URI");
  invitation_create->add_option("--org", invitation_options.org, "the orienting organisation")
      ->required();
  invitation_create->add_option("--lang", invitation_options.lang,
                                "the participant's language (fr, en, ar...); default: asked");
  invitation_create->add_option("--uses", invitation_options.uses,
                                "participants it may bring (default 1; 0 = no limit, a poster)")
      ->check(CLI::Range(0, 10000));
  invitation_create->add_option("--expires", invitation_options.expires_days,
                                "days until the code stops working (default 30)")
      ->check(CLI::Range(1, 365));

  int kb_exit_code = 0;
  CLI::App* kb = levier::app::AddKbCommands(app, &kb_exit_code);
  int user_exit_code = 0;
  CLI::App* user = levier::app::AddUserCommands(app, &user_exit_code);
  int dialogs_exit_code = 0;
  CLI::App* dialogs_cmd = levier::app::AddDialogsCommands(app, &dialogs_exit_code);
  int telegram_exit_code = 0;
  CLI::App* telegram = levier::app::AddTelegramCommands(app, &telegram_exit_code);
  int db_exit_code = 0;
  CLI::App* db = levier::app::AddDbCommands(app, &db_exit_code);

  std::string backup_path;
  CLI::App* backup = app.add_subcommand(
      "backup", "copy the database to PATH (safe while the server runs)");
  backup->add_option("--config", flags.config_file, "JSON config file");
  backup->add_option("--db", flags.db, "SQLite database file (var/levier.db); PostgreSQL: pg_dump");
  backup->add_option("path", backup_path, "new backup file")->required();
  std::string restore_path;
  CLI::App* restore = app.add_subcommand(
      "restore", "replace the database with the backup at PATH (stop the server first)");
  restore->add_option("--config", flags.config_file, "JSON config file");
  restore->add_option("--db", flags.db, "SQLite database file (var/levier.db); PostgreSQL: pg_restore");
  restore->add_option("path", restore_path, "backup file")->required();

  std::string secret_out;
  CLI::App* secret = app.add_subcommand("secret", "make keys");
  secret->require_subcommand(1);
  CLI::App* secret_generate = secret->add_subcommand(
      "generate", "print a new random key (64 hex digits) for LEVIER_SECRET or LEVIER_OUTBOX_KEY");
  secret_generate->add_option("--out", secret_out, "write it to this new file (mode 0600)");

  CLI11_PARSE(app, argc, argv);

  if (kb->parsed()) return kb_exit_code;
  if (dialogs_cmd->parsed()) return dialogs_exit_code;
  if (user->parsed()) return user_exit_code;
  if (telegram->parsed()) return telegram_exit_code;
  if (db->parsed()) return db_exit_code;
  if (serve->parsed()) return levier::app::RunServe(flags, serve_options);
  if (simulate->parsed()) return levier::app::RunSimulate(flags, simulate_options);
  if (send->parsed()) return levier::app::RunSend(flags, send_options);
  if (check->parsed()) return levier::app::RunCheck(flags);
  if (report->parsed()) return levier::app::RunReport(flags, report_options);
  if (token_create->parsed()) return levier::app::RunTokenCreate(flags, token_options);
  if (token_list->parsed()) return levier::app::RunTokenList(flags);
  if (token_revoke->parsed()) return levier::app::RunTokenRevoke(flags, token_id);
  if (backup->parsed()) return levier::app::RunBackup(flags, backup_path);
  if (secret_generate->parsed()) return levier::app::RunSecretGenerate(secret_out);
  if (invitation_create->parsed()) {
    return levier::app::RunInvitationCreate(flags, invitation_options);
  }
  if (restore->parsed()) return levier::app::RunRestore(flags, restore_path);
  return 2;
}
