// `levier`: one executable, several subcommands. main only parses the
// command line and dispatches; each command assembles what it needs.
#include <CLI/CLI.hpp>

#include "commands.h"
#include "kb_command.h"

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
  serve->add_option("--db", flags.db, "SQLite database file (var/levier.db)");
  serve->add_option("--public-url", flags.public_url, "base URL the platforms call");
  serve->add_option("--log-level", flags.log_level, "debug, info, warn or error");

  levier::app::SimulateOptions simulate_options;
  CLI::App* simulate = app.add_subcommand("simulate", "talk to the dialog in this terminal");
  add_content_flags(simulate);
  simulate->add_option("--lang", simulate_options.lang, "start in this language (fr, en, ...)");
  simulate->add_flag("--json", simulate_options.json, "one JSON object per input line");

  levier::app::SendOptions send_options;
  CLI::App* send = app.add_subcommand("send", "send TEXT to a running server as Twilio would");
  send->add_option("--config", flags.config_file, "JSON config file");
  send->add_option("--url", send_options.url, "server base URL (the configured public URL)");
  send->add_option("--from", send_options.from, "sender phone number");
  send->add_option("--db", flags.db, "database path of the server (to find its local token)");
  send->add_option("text", send_options.text, "the message")->required();

  CLI::App* check = app.add_subcommand("check", "validate dialogs and knowledge base");
  add_content_flags(check);

  bool report_json = false;
  CLI::App* report = app.add_subcommand("report", "print referral indicators");
  report->add_option("--config", flags.config_file, "JSON config file");
  report->add_option("--db", flags.db, "SQLite database file (var/levier.db)");
  report->add_flag("--json", report_json, "JSON output");

  int kb_exit_code = 0;
  CLI::App* kb = levier::app::AddKbCommands(app, &kb_exit_code);

  CLI11_PARSE(app, argc, argv);

  if (kb->parsed()) return kb_exit_code;
  if (serve->parsed()) return levier::app::RunServe(flags);
  if (simulate->parsed()) return levier::app::RunSimulate(flags, simulate_options);
  if (send->parsed()) return levier::app::RunSend(flags, send_options);
  if (check->parsed()) return levier::app::RunCheck(flags);
  if (report->parsed()) return levier::app::RunReport(flags, report_json);
  return 2;
}
