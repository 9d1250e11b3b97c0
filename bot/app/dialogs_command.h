// `levier dialogs train`: trains the barrier classifier of a dialog script
// from its labelled examples (see levier/dialogs/classifier.h).
// `levier dialogs import DIR` / `export DIR`: the published script versions
// (kept in the database) to and from the file format, for those who keep
// scripts in git.
#pragma once

#include <CLI/CLI.hpp>

namespace levier::app {

// Registers the `dialogs` subcommand and its own subcommands on `app`; the
// chosen command runs as a CLI11 callback and stores its process exit code
// in *exit_code. Returns the `dialogs` subcommand.
CLI::App* AddDialogsCommands(CLI::App& app, int* exit_code);

}  // namespace levier::app
