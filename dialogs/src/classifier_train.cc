// `levier dialogs train`: one fastText model learned from every language's
// examples (the pooled TrainingSet), written for each language with examples.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include <fasttext/fasttext.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "levier/dialogs/classifier.h"
#include "levier/dialogs/text.h"
#include "levier/util/crypto.h"
#include "barrier_model.h"
#include "script_loader.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;


// A private temporary directory, removed when the trainer is done.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "levier-train-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Result<std::string> ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open file");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Status WriteAll(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::Internal(path.string() + ": cannot write file");
  return Status::Ok();
}

// One training line: the labels, then the message as it is matched.
std::string TrainingLine(const Example& e) {
  std::string line;
  if (e.barriers.empty()) line = std::string(kFastTextLabelPrefix) + "none ";
  for (const std::string& b : e.barriers) line += std::string(kFastTextLabelPrefix) + b + " ";
  return line + MatchKey(e.text) + "\n";
}

fasttext::Args FastTextArgs(const TrainParameters& p, const std::filesystem::path& input) {
  fasttext::Args a;
  a.input = input.string();
  a.model = fasttext::model_name::sup;
  a.loss = fasttext::loss_name::ova;
  a.dim = p.dim;
  a.minn = p.minn;
  a.maxn = p.maxn;
  a.bucket = p.bucket;
  a.wordNgrams = p.word_ngrams;
  a.epoch = p.epoch;
  a.lr = p.lr;
  a.seed = p.seed;
  a.minCount = 1;
  a.thread = 1;  // with one thread, the same examples give the same model
  a.verbose = 0;
  return a;
}

json ParametersJson(const TrainParameters& p) {
  return {{"loss", "ova"},  {"dim", p.dim},       {"minn", p.minn},   {"maxn", p.maxn},
          {"bucket", p.bucket}, {"wordNgrams", p.word_ngrams}, {"epoch", p.epoch},
          {"lr", p.lr},     {"seed", p.seed},     {"thread", 1},      {"minCount", 1},
          {"cutoff", p.cutoff}, {"dsub", p.dsub}, {"qnorm", p.qnorm},
          {"keyword_examples", p.keyword_examples}, {"example_weight", p.example_weight}};
}

// The model's bytes, learned from `set` (the examples not held out, then the
// keyword lines).
Result<std::string> TrainModel(const TrainingSet& set, const TrainParameters& p,
                               std::size_t* trained) {
  TempDir tmp;
  if (tmp.path().empty()) return Status::Internal("cannot create a temporary directory");
  std::string lines;
  *trained = 0;
  for (const auto& [code, examples] : set.examples) {
    for (const Example& e : examples) {
      if (e.held_out || MatchKey(e.text).empty()) continue;
      ++*trained;
      for (int i = 0; i < p.example_weight; ++i) lines += TrainingLine(e);
    }
  }
  if (*trained == 0) return Status::InvalidArgument("no example to train on");
  if (p.keyword_examples) lines += set.keyword_lines;
  if (Status s = WriteAll(tmp.path() / "train.txt", lines); !s.ok()) return s;
  try {
    fasttext::FastText ft;
    ft.train(FastTextArgs(p, tmp.path() / "train.txt"));
    fasttext::Args q = FastTextArgs(p, tmp.path() / "train.txt");
    q.cutoff = static_cast<std::size_t>(p.cutoff);
    q.dsub = static_cast<std::size_t>(p.dsub);
    q.qnorm = p.qnorm;
    q.retrain = false;
    q.qout = false;
    ft.quantize(q);
    ft.saveModel((tmp.path() / "model.ftz").string());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("fastText: ") + e.what());
  }
  return ReadAll(tmp.path() / "model.ftz");
}

// models/<code>.ftz and .json for one language.
Status WriteModel(const std::filesystem::path& dir, const std::string& code,
                  const std::string& bytes, const std::string& trained_on,
                  const TrainOutcome& outcome, const TrainParameters& p) {
  json manifest = {
      {"format", "levier-classifier/1"},
      {"language", code},
      {"trained_on", trained_on},
      {"training_examples", outcome.trained},
      {"held_out_examples", outcome.held_out},
      {"model_sha256", crypto::HexEncode(crypto::Sha256(bytes))},
      {"fasttext", ParametersJson(p)},
      {"reading",
       {{"keep", p.keep}, {"keep_by_barrier", p.keep_by_barrier}, {"add", p.add},
        {"min_words", p.min_words}}},
  };
  std::error_code ec;
  std::filesystem::create_directories(dir / "models", ec);
  if (ec) return Status::Internal((dir / "models").string() + ": " + ec.message());
  if (Status s = WriteAll(dir / "models" / (code + ".ftz"), bytes); !s.ok()) return s;
  return WriteAll(dir / "models" / (code + ".json"), manifest.dump(2) + "\n");
}

}  // namespace

Result<std::vector<TrainOutcome>> TrainClassifiers(const std::filesystem::path& dir,
                                                   const TrainParameters& params) {
  Result<std::map<std::string, std::string>> files =
      ScriptLoader::ReadDirectory(dir, ScriptLimits{});
  if (!files.ok()) return files.status();
  // Errors name the file relative to the script: give them the directory.
  Result<TrainingSet> set = PooledTrainingSet(*files);
  if (!set.ok()) return Status::InvalidArgument(dir.string() + "/" + set.status().message());
  if (set->examples.empty()) {
    return Status::NotFound((dir / "examples").string() +
                            ": no examples/<lang>.jsonl for a language of the script");
  }
  const auto started = std::chrono::steady_clock::now();
  std::size_t trained = 0;
  Result<std::string> bytes = TrainModel(*set, params, &trained);
  if (!bytes.ok()) return bytes.status();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string trained_on = TrainingHash(*set);
  std::vector<TrainOutcome> outcomes;
  for (const auto& [code, examples] : set->examples) {
    TrainOutcome outcome;
    outcome.language = code;
    outcome.trained = trained;
    outcome.held_out = static_cast<std::size_t>(
        std::count_if(examples.begin(), examples.end(), [](const Example& e) { return e.held_out; }));
    outcome.model_bytes = bytes->size();
    outcome.seconds = seconds;
    if (Status s = WriteModel(dir, code, *bytes, trained_on, outcome, params); !s.ok()) return s;
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace levier::dialogs
