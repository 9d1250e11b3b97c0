// `levier serve`: assembles the components in dependency order (content,
// store, conversation core, HTTP server) and stops them in reverse.
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>

#include "channels.h"
#include "commands.h"
#include "directory_store.h"
#include "levier/bot/conversation_service.h"
#include "levier/kb/coverage.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"
#include "levier/util/log.h"
#include "levier/util/metrics.h"
#include "levier/webhook/api_handler.h"
#include "levier/webhook/router.h"
#include "levier/workspace/workspace.h"
#include "levier/webhook/server.h"
#include "loaders.h"
#include "open_store.h"
#include "outboxes.h"
#include "retention.h"
#include "script_reloader.h"
#include "secret_policy.h"

namespace levier::app {

int RunServe(const ConfigFlags& flags, const ServeOptions& options) {
  const GetEnv getenv = [](const char* n) { return std::getenv(n); };
  Result<Config> config = ResolveConfig(flags, getenv);
  if (!config.ok()) {
    std::cerr << "levier serve: " << config.status().message() << "\n";
    return 2;
  }
  if (Status s = CheckConfigFileMode(flags, getenv); !s.ok()) {
    std::cerr << "levier serve: " << s.message() << "\n";
    return 2;
  }
  log::Level level;
  if (!log::ParseLevel(config->log_level, &level)) {
    std::cerr << "levier serve: log level '" << config->log_level
              << "' must be debug, info, warn or error\n";
    return 2;
  }
  log::SetLevel(level);

  // Refuse a bad configuration before the slower loading of the content.
  if (config->db_path != ":memory:" && !IsPostgres(config->db_path)) {
    std::error_code ec;
    const auto dir = std::filesystem::path(config->db_path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  bool generated_token = false;
  if (Status s = EnsureSecrets(*config, &generated_token); !s.ok()) {
    std::cerr << "levier serve: " << s.message() << "\n";
    return 2;
  }
  if (Status s = CheckSecrets(*config); !s.ok()) {
    std::cerr << "levier serve: " << s.message() << "\n";
    return 2;
  }
  if (generated_token) {
    log::Warn("twilio_token_generated",
              {{"detail", "LEVIER_TWILIO_AUTH_TOKEN not set: using a local token stored beside "
                          "the database; only `levier send` can sign requests"}});
  }

  // The directory's script: checked below, as the version served may be the store's.
  Result<dialogs::Script> script_files = dialogs::Script::LoadFromDirectory(config->dialogs_dir);
  if (!script_files.ok()) {
    std::cerr << "levier serve: dialogs: " << script_files.status().message() << "\n";
    return 2;
  }

  // A new database is seeded from the knowledge base's files: refuse broken
  // ones before creating it. (Later, broken files are only not published.)
  if (std::error_code ec;
      !IsPostgres(config->db_path) && !std::filesystem::exists(config->db_path, ec)) {
    Result<kb::KnowledgeBase> files = kb::KnowledgeBase::LoadFromDirectory(config->kb_dir);
    if (!files.ok()) {
      std::cerr << "levier serve: knowledge base: " << files.status().message() << "\n";
      return 2;
    }
  }
  Result<std::unique_ptr<store::Store>> store = OpenStore(config->db_path, config->store);
  if (!store.ok()) {
    std::cerr << "levier serve: " << store.status().message() << "\n";
    return 2;
  }

  Metrics metrics;
  Result<LoadedDirectory> directory = CurrentDirectoryAtStart(**store, config->kb_dir);
  if (!directory.ok()) {
    std::cerr << "levier serve: knowledge base: " << directory.status().message() << "\n";
    return 2;
  }
  kb::KnowledgeBaseRegistry knowledge(directory->kb, directory->version);
  Result<std::shared_ptr<const dialogs::Script>> current_script = CurrentScriptAtStart(
      **store, std::make_shared<const dialogs::Script>(std::move(*script_files)), *directory->kb,
      config->dialogs_dir);
  if (!current_script.ok()) {
    std::cerr << "levier serve: " << current_script.status().message() << "\n";
    return 2;
  }
  bot::ScriptRegistry scripts(*current_script);
  bot::ConversationService conversations(**store, scripts, knowledge, config->secret,
                                         config->session, config->per_sender_per_minute,
                                         &metrics);
  Result<webhook::ClientAddresses> clients =
      webhook::ClientAddresses::Create(config->trusted_proxies);
  if (!clients.ok()) {
    std::cerr << "levier serve: trusted_proxies: " << clients.status().message() << "\n";
    return 2;
  }
  // Failed authentications per client address, every channel and the API together.
  RateLimiter failed_auth(config->per_address_per_minute);
  Result<std::vector<std::unique_ptr<webhook::HttpChannel>>> created = CreateChannels(
      *config, getenv, webhook::ChannelServices{conversations, failed_auth, config->limits, &metrics});
  if (!created.ok()) {
    std::cerr << "levier serve: " << created.status().message() << "\n";
    return 2;
  }
  const std::vector<std::unique_ptr<webhook::HttpChannel>> channels = std::move(*created);

  Result<std::unique_ptr<Outboxes>> outboxes =
      Outboxes::Start(*config, **store, scripts, knowledge, channels, conversations);
  if (!outboxes.ok()) {
    std::cerr << "levier serve: " << outboxes.status().message() << "\n";
    return 2;
  }
  webhook::ApiHandler api(**store, knowledge, failed_auth, &metrics);
  // Labels are optional: without them the coverage chart shows codes.
  kb::CoverageLabels coverage_labels;
  {
    const auto labels_file = std::filesystem::path(config->kb_dir) / "coverage-labels.fr.json";
    if (std::filesystem::exists(labels_file)) {
      Result<kb::CoverageLabels> labels = kb::LoadCoverageLabels(labels_file);
      if (!labels.ok()) {
        std::cerr << "levier serve: " << labels.status().message() << "\n";
        return 2;
      }
      coverage_labels = std::move(*labels);
      api.SetCoverageLabels(coverage_labels);
    }
  }
  std::unique_ptr<webhook::RouteSource> workspace;
  {
    Result<std::optional<workspace::Settings>> settings =
        workspace::SettingsFromEnvironment(getenv, config->public_url, config->secret);
    if (!settings.ok()) {
      std::cerr << "levier serve: " << settings.status().message() << "\n";
      return 2;
    }
    if (*settings) {
      api.SetSessionPolicy((*settings)->sessions);
      Result<workspace::ScriptEditing> editing =
          ScriptEditingFor(*config, scripts, knowledge);
      if (!editing.ok()) {
        std::cerr << "levier serve: " << editing.status().message() << "\n";
        return 2;
      }
      editing->barrier_labels = coverage_labels.barriers;
      Result<workspace::InvitationChannels> invitations =
          InvitationChannelsFor(*config, getenv, channels, **outboxes);
      if (!invitations.ok()) {
        std::cerr << "levier serve: " << invitations.status().message() << "\n";
        return 2;
      }
      workspace = workspace::CreateWorkspace(std::move(**settings), **store, config->limits,
                                             &metrics, std::move(*editing),
                                             std::move(*invitations));
    }
  }
  std::vector<webhook::RouteSource*> routed;
  for (const auto& channel : channels) routed.push_back(channel.get());
  if (workspace != nullptr) routed.push_back(workspace.get());
  Result<std::unique_ptr<webhook::Router>> router =
      webhook::Router::Create(**store, std::move(*clients), routed, &api, &metrics);
  if (!router.ok()) {
    std::cerr << "levier serve: " << router.status().message() << "\n";
    return 2;
  }
  webhook::RequestHandler& handler = **router;
  webhook::Server server(config->limits, handler, &metrics);
  Result<std::uint16_t> port = server.Listen(config->listen_host, config->listen_port);
  if (!port.ok()) {
    std::cerr << "levier serve: " << port.status().message() << "\n";
    return 2;
  }

  // Reloads run on their own thread: loading and checking read files, and
  // publishing waits for the store.
  ScriptReloader reloader(config->dialogs_dir, knowledge, scripts, **store);
  boost::asio::thread_pool reload_thread(1);
  boost::asio::signal_set reload_signal(server.io_context(), SIGHUP);
  std::function<void()> wait_for_sighup = [&] {
    reload_signal.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      log::Info("script_reload_requested", {{"by", "SIGHUP"}});
      boost::asio::post(reload_thread, [&] { (void)reloader.Reload("SIGHUP"); });
      wait_for_sighup();
    });
  };
  wait_for_sighup();
  boost::asio::steady_timer watch_timer(server.io_context());
  std::function<void()> watch = [&] {
    watch_timer.expires_after(std::chrono::seconds(1));
    watch_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      boost::asio::post(reload_thread, [&] { reloader.Poll(); });
      watch();
    });
  };
  if (options.watch) watch();
  // Versions published by `levier dialogs import`, `levier kb publish` or another instance:
  // PostgreSQL tells at once (LISTEN/NOTIFY), and the store is polled as well, every 2 s
  // when that is the only way to know, every 30 s otherwise.
  auto follow_now = [&] {
    boost::asio::post(reload_thread, [&] {
      FollowDirectory(**store, knowledge);
      reloader.FollowStore();
    });
  };
  const bool notified = (*store)->WatchPublications(follow_now);
  const auto follow_every = std::chrono::seconds(notified ? 30 : 2);
  boost::asio::steady_timer follow_timer(server.io_context());
  std::function<void()> follow = [&] {
    follow_timer.expires_after(follow_every);
    follow_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      follow_now();
      follow();
    });
  };
  follow();
  Retention retention(server.io_context(), **store, config->session_retention,
                      config->audit_retention);
  retention.Start();

  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    log::Info("shutdown_requested", {{"signal", std::to_string(signal_number)}});
    reload_signal.cancel();
    watch_timer.cancel();
    follow_timer.cancel();
    retention.Stop();
    server.Shutdown();
  });

  const std::string host = config->listen_host.find(':') != std::string::npos
                               ? "[" + config->listen_host + "]"
                               : config->listen_host;
  // Tests read this line to learn the ephemeral port.
  std::cout << "levier listening on http://" << host << ":" << *port << "\n"
            << "  script " << scripts.Current()->version() << ", "
            << knowledge.Current()->providers().size() << " providers, database " << RedactedLocation(config->db_path)
            << "\n"
            << std::flush;
  log::Info("server_started", {{"port", std::to_string(*port)},
                               {"script_version", scripts.Current()->version()},
                               {"directory_version", std::to_string(knowledge.version())}});

  server.Run();
  (*store)->WatchPublications(nullptr);  // posts to reload_thread: stop before joining it
  reload_thread.join();
  (*outboxes)->Stop();  // before the store it writes to
  (*store)->Stop();
  log::Info("server_stopped");
  return 0;
}

}  // namespace levier::app
