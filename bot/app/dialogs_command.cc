#include "dialogs_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "levier/dialogs/classifier.h"

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
  std::printf("  lang  trained  held out  model bytes  seconds\n");
  for (const dialogs::TrainOutcome& o : *outcomes) {
    std::printf("  %-4s  %7zu  %8zu  %11zu  %7.1f\n", o.language.c_str(), o.trained, o.held_out,
                o.model_bytes, o.seconds);
  }
  std::printf("wrote %s/models/<lang>.ftz and .json; `levier check` reports held-out accuracy\n",
              dir.c_str());
  return 0;
}

}  // namespace

CLI::App* AddDialogsCommands(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("dialogs", "dialog script tools: train");
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
  train->add_option("--keep", p.keep, "score that keeps a barrier the rules found")
      ->capture_default_str();
  train->add_option("--add", p.add, "score that adds a barrier the rules missed")
      ->capture_default_str();
  train->add_flag("--keyword-examples,!--no-keyword-examples", p.keyword_examples,
                  "also train on the barrier keyword lists");
  train->callback([o, exit_code] { *exit_code = RunTrain(*o); });
  return cmd;
}

}  // namespace levier::app
