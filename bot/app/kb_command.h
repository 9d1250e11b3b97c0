// `levier kb ...`: knowledge base import, export and checks.
#pragma once

#include <CLI/CLI.hpp>

namespace levier::app {

// Registers the `kb` subcommand and its own subcommands on `app`. The chosen
// command runs as a CLI11 callback during parsing and stores its process exit
// code in *exit_code. Returns the `kb` subcommand.
CLI::App* AddKbCommands(CLI::App& app, int* exit_code);

}  // namespace levier::app
