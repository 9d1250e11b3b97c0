// `levier serve`: assembles the components in dependency order (content,
// store, conversation core, HTTP server) and stops them in reverse.
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "levier/bot/conversation_service.h"
#include "levier/store/store.h"
#include "levier/util/log.h"
#include "levier/util/metrics.h"
#include "levier/webhook/app_handler.h"
#include "levier/webhook/server.h"
#include "loaders.h"

namespace levier::app {

int RunServe(const ConfigFlags& flags) {
  Result<Config> config = ResolveConfig(flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier serve: " << config.status().message() << "\n";
    return 2;
  }
  log::Level level;
  if (!log::ParseLevel(config->log_level, &level)) {
    std::cerr << "levier serve: log level '" << config->log_level
              << "' must be debug, info, warn or error\n";
    return 2;
  }
  log::SetLevel(level);

  Result<Content> content = LoadContent(*config, /*print_warnings=*/false);
  if (!content.ok()) {
    std::cerr << "levier serve: " << content.status().message() << "\n";
    return 2;
  }
  if (config->db_path != ":memory:") {
    std::error_code ec;
    const auto dir = std::filesystem::path(config->db_path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  bool generated_token = false;
  if (Status s = EnsureSecrets(*config, &generated_token); !s.ok()) {
    std::cerr << "levier serve: " << s.message() << "\n";
    return 2;
  }
  if (generated_token) {
    log::Warn("twilio_token_generated",
              {{"detail", "LEVIER_TWILIO_AUTH_TOKEN not set: using a local token stored beside "
                          "the database; only `levier send` can sign requests"}});
  }

  Result<std::unique_ptr<store::Store>> store = store::OpenSqliteStore(config->db_path, config->store);
  if (!store.ok()) {
    std::cerr << "levier serve: " << store.status().message() << "\n";
    return 2;
  }

  Metrics metrics;
  bot::ScriptRegistry scripts(content->script);
  bot::ConversationService conversations(**store, scripts, content->kb, config->secret, &metrics);
  webhook::AppHandler handler(
      conversations, **store,
      {config->twilio_auth_token, config->public_url, config->twilio_account_sid},
      config->limits, &metrics);
  webhook::Server server(config->limits, handler, &metrics);
  Result<std::uint16_t> port = server.Listen(config->listen_host, config->listen_port);
  if (!port.ok()) {
    std::cerr << "levier serve: " << port.status().message() << "\n";
    return 2;
  }

  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    log::Info("shutdown_requested", {{"signal", std::to_string(signal_number)}});
    server.Shutdown();
  });

  const std::string host = config->listen_host.find(':') != std::string::npos
                               ? "[" + config->listen_host + "]"
                               : config->listen_host;
  // Tests read this line to learn the ephemeral port.
  std::cout << "levier listening on http://" << host << ":" << *port << "\n"
            << "  script " << content->script->version() << ", "
            << content->kb->providers().size() << " providers, database " << config->db_path
            << "\n"
            << "  try it: ./build/release/bot/app/levier send --url http://" << host << ":"
            << *port << " \"Bonjour\"\n"
            << std::flush;
  log::Info("server_started", {{"port", std::to_string(*port)},
                               {"script_version", content->script->version()}});

  server.Run();
  (*store)->Stop();
  log::Info("server_stopped");
  return 0;
}

}  // namespace levier::app
