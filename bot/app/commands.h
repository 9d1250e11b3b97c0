// The `levier` subcommands. Each returns the process exit code and prints
// errors to stderr in one line naming what and where.
#pragma once

#include <string>

#include "config.h"

namespace levier::app {

struct SimulateOptions {
  std::string lang;  // "" = detect from the first message
  bool json = false;
};
struct SendOptions {
  std::string url;   // "" = the configured listen address
  std::string from = "+33600000000";
  std::string text;
};

int RunServe(const ConfigFlags& flags);
int RunSimulate(const ConfigFlags& flags, const SimulateOptions& options);
int RunSend(const ConfigFlags& flags, const SendOptions& options);
int RunCheck(const ConfigFlags& flags);
int RunReport(const ConfigFlags& flags, bool json);

}  // namespace levier::app
