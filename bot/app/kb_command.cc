#include "kb_command.h"

namespace levier::app {

CLI::App* AddKbCommands(CLI::App& app, int* exit_code) {
  CLI::App* kb = app.add_subcommand("kb", "knowledge base: import, export, check");
  kb->require_subcommand(1);
  *exit_code = 0;
  return kb;
}

}  // namespace levier::app
