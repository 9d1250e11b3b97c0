// `levier telegram set-webhook`: registers Levier's webhook with Telegram.
#pragma once

#include <CLI/CLI.hpp>

namespace levier::app {

// Registers the `telegram` subcommand and its own subcommands on `app`. The
// chosen command runs as a CLI11 callback during parsing and stores its
// process exit code in *exit_code. Returns the `telegram` subcommand.
CLI::App* AddTelegramCommands(CLI::App& app, int* exit_code);

}  // namespace levier::app
