// `levier db migrate --from sqlite:PATH --to postgresql://...`: moves an
// installation from its SQLite file to PostgreSQL (docs/deployment.md).
#pragma once

#include <CLI/CLI.hpp>

namespace levier::app {

// Registers the `db` subcommand and its own subcommands on `app`; the chosen
// command runs as a CLI11 callback and stores its exit code in *exit_code.
CLI::App* AddDbCommands(CLI::App& app, int* exit_code);

}  // namespace levier::app
