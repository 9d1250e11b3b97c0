#include "dialogs_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>

#include "commands.h"
#include "levier/bot/script_registry.h"
#include "levier/dialogs/classifier.h"
#include "directory_store.h"
#include "loaders.h"
#include "script_reloader.h"

namespace levier::app {
namespace {

struct TrainOptions {
  std::string dir = "dialogs/default";
  dialogs::TrainParameters params;
};

int RunTrain(const TrainOptions& options) {
  const std::string& dir = options.dir;
  Result<std::vector<dialogs::TrainOutcome>> outcomes =
      dialogs::TrainClassifiers(dir, options.params);
  if (!outcomes.ok()) {
    std::cerr << "levier dialogs train: " << outcomes.status().message() << "\n";
    return 1;
  }
  const dialogs::TrainOutcome& first = outcomes->front();
  std::printf("one model learned from %zu examples of every language in %.1f s (%zu bytes)\n",
              first.trained, first.seconds, first.model_bytes);
  std::printf("  lang  held out\n");
  for (const dialogs::TrainOutcome& o : *outcomes) {
    std::printf("  %-4s  %8zu\n", o.language.c_str(), o.held_out);
  }
  std::printf("wrote %s/models/<lang>.ftz and .json; `levier check` reports held-out accuracy\n",
              dir.c_str());
  return 0;
}

struct PublishOptions {
  ConfigFlags flags;
  std::string dir;
  std::string message;
  std::string version;  // export: "" = the published one
  bool force = false;   // export into a directory that has files
};

// `levier dialogs import DIR`: the script in DIR becomes the published
// version (a running server picks it up within two seconds).
int RunImport(PublishOptions o) {
  o.flags.dialogs = o.dir;
  Result<Config> config = ResolveConfig(o.flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) {
    std::cerr << "levier dialogs import: " << config.status().message() << "\n";
    return 2;
  }
  Result<Content> content = LoadContent(*config, /*print_warnings=*/false);
  if (!content.ok()) {
    std::cerr << "levier dialogs import: " << content.status().message() << "\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store =
      OpenCommandStore(o.flags, "levier dialogs import", &exit_code);
  if (store == nullptr) return exit_code;
  const std::string message = o.message.empty() ? "imported from " + o.dir : o.message;
  // Checked against the directory the servers use: the store's, once seeded.
  std::shared_ptr<const kb::KnowledgeBase> kb = content->kb;
  Result<std::optional<LoadedDirectory>> stored = NewerDirectory(*store, 0);
  if (!stored.ok()) {
    std::cerr << "levier dialogs import: " << stored.status().message() << "\n";
    return 1;
  }
  if (*stored) kb = (*stored)->kb;
  Result<std::shared_ptr<const dialogs::Script>> imported =
      ImportScriptDirectory(o.dir, *kb, *store, "levier dialogs import", message);
  if (imported.status().code() == StatusCode::kAlreadyExists) {
    std::cout << "unchanged: " << imported.status().message() << "\n";
    return 0;
  }
  if (!imported.ok()) {
    std::cerr << "levier dialogs import: " << imported.status().message() << "\n";
    return 1;
  }
  std::cout << "published version " << (*imported)->version() << " from " << o.dir
            << "; a running server serves it to new conversations within 2 seconds\n";
  return 0;
}

// `levier dialogs export DIR`: the published version (or --version) as files.
int RunExport(const PublishOptions& o) {
  std::error_code ec;
  if (!o.force && std::filesystem::exists(o.dir, ec) &&
      !std::filesystem::is_empty(o.dir, ec)) {
    std::cerr << "levier dialogs export: " << o.dir
              << " is not empty (--force replaces the script's files in it)\n";
    return 2;
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store =
      OpenCommandStore(o.flags, "levier dialogs export", &exit_code);
  if (store == nullptr) return exit_code;
  std::string version = o.version;
  std::optional<std::string> files;
  std::vector<store::StoredTranscript> transcripts;
  std::promise<Status> done;
  store->SubmitRead(
      [&](store::ReadTransaction& read) {
        if (version.empty()) {
          Result<std::optional<store::ScriptPublication>> latest =
              read.scripts().LatestPublication();
          if (!latest.ok()) return latest.status();
          if (!*latest) {
            return Status::NotFound("nothing is published yet (`levier serve` publishes "
                                    "the dialogs directory at its first start)");
          }
          version = (*latest)->version;
        }
        Result<std::optional<std::string>> found = read.scripts().VersionFiles(version);
        if (!found.ok()) return found.status();
        if (!*found) return Status::NotFound("no stored version " + version);
        files = std::move(*found);
        Result<std::vector<store::StoredTranscript>> tests = read.scripts().ListTranscripts();
        if (!tests.ok()) return tests.status();
        transcripts = std::move(*tests);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  if (Status read = done.get_future().get(); !read.ok()) {
    std::cerr << "levier dialogs export: " << read.message() << "\n";
    return 1;
  }
  Result<dialogs::Script> script = bot::ScriptFromStoredFiles(*files, "version " + version);
  if (!script.ok()) {
    std::cerr << "levier dialogs export: " << script.status().message() << "\n";
    return 1;
  }
  if (Status written = script->WriteToDirectory(o.dir); !written.ok()) {
    std::cerr << "levier dialogs export: " << written.message() << "\n";
    return 1;
  }
  std::filesystem::create_directories(std::filesystem::path(o.dir) / "transcripts", ec);
  for (const store::StoredTranscript& t : transcripts) {
    const auto path = std::filesystem::path(o.dir) / "transcripts" / (t.name + ".json");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << t.content;
    if (!out) {
      std::cerr << "levier dialogs export: " << path.string() << ": cannot write\n";
      return 1;
    }
  }
  std::cout << "wrote version " << version << " (" << script->files().size() << " files) and "
            << transcripts.size() << " conversation tests to " << o.dir << "\n";
  return 0;
}

}  // namespace

CLI::App* AddDialogsCommands(CLI::App& app, int* exit_code) {
  CLI::App* cmd =
      app.add_subcommand("dialogs", "dialog script tools: import, export, train");
  cmd->require_subcommand(1);
  *exit_code = 0;
  auto o = std::make_shared<TrainOptions>();
  CLI::App* train = cmd->add_subcommand(
      "train", "train the barrier classifier from examples/<lang>.jsonl (one thread, fixed seed)");
  train->add_option("--dialogs", o->dir, "dialog script directory (dialogs/default)");
  // Every setting is recorded in models/<lang>.json; the defaults are the
  // shipped models' settings.
  dialogs::TrainParameters& p = o->params;
  train->add_option("--dim", p.dim, "vector size")->capture_default_str();
  train->add_option("--epoch", p.epoch, "passes over the examples")->capture_default_str();
  train->add_option("--lr", p.lr, "learning rate")->capture_default_str();
  train->add_option("--minn", p.minn, "shortest character n-gram")->capture_default_str();
  train->add_option("--maxn", p.maxn, "longest character n-gram")->capture_default_str();
  train->add_option("--example-weight", p.example_weight, "times each example counts")
      ->capture_default_str();
  train->add_option("--seed", p.seed, "random seed (the same seed and examples give the same model)")
      ->capture_default_str();
  train->add_option("--keep", p.keep, "score that keeps a barrier the rules found")
      ->capture_default_str();
  train->add_option("--add", p.add, "score that adds a barrier the rules missed")
      ->capture_default_str();
  train->add_flag("--keyword-examples,!--no-keyword-examples", p.keyword_examples,
                  "also train on the barrier keyword lists");
  train->callback([o, exit_code] { *exit_code = RunTrain(*o); });

  auto publish = std::make_shared<PublishOptions>();
  CLI::App* import = cmd->add_subcommand(
      "import", "publish the script in DIR (checked first) as the version new conversations use");
  import->add_option("dir", publish->dir, "dialog script directory")->required();
  import->add_option("--message,-m", publish->message, "why (one line, kept with the version)");
  CLI::App* export_cmd =
      cmd->add_subcommand("export", "write the published script version into DIR");
  export_cmd->add_option("dir", publish->dir, "directory to write")->required();
  export_cmd->add_option("--version", publish->version, "an earlier version instead");
  export_cmd->add_flag("--force", publish->force, "write into a directory that has files");
  for (CLI::App* sub : {import, export_cmd}) {
    sub->add_option("--config", publish->flags.config_file, "JSON config file");
    sub->add_option("--db", publish->flags.db, "SQLite database file (var/levier.db)");
  }
  import->add_option("--kb", publish->flags.kb, "knowledge base directory (knowledge-base/data)");
  import->callback([publish, exit_code] { *exit_code = RunImport(*publish); });
  export_cmd->callback([publish, exit_code] { *exit_code = RunExport(*publish); });
  return cmd;
}

}  // namespace levier::app
