// `levier dialogs train`: one fastText model per language with examples.
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

Result<TrainOutcome> TrainOne(const std::filesystem::path& dir, const std::string& code,
                              const std::vector<Example>& examples, std::string_view lang_file,
                              const TrainParameters& p) {
  const auto started = std::chrono::steady_clock::now();
  TempDir tmp;
  if (tmp.path().empty()) return Status::Internal("cannot create a temporary directory");
  TrainOutcome outcome;
  outcome.language = code;
  std::string lines;
  for (const Example& e : examples) {
    if (e.held_out) {
      ++outcome.held_out;
    } else if (!MatchKey(e.text).empty()) {
      ++outcome.trained;
      for (int i = 0; i < p.example_weight; ++i) lines += TrainingLine(e);
    }
  }
  if (outcome.trained == 0) return Status::InvalidArgument(code + ": no example to train on");
  if (p.keyword_examples) lines += KeywordTrainingLines(lang_file);
  Status s = WriteAll(tmp.path() / "train.txt", lines);
  if (!s.ok()) return s;
  std::string model_bytes;
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
    return Status::Internal(code + ": fastText: " + e.what());
  }
  Result<std::string> bytes = ReadAll(tmp.path() / "model.ftz");
  if (!bytes.ok()) return bytes.status();
  json manifest = {
      {"format", "levier-classifier/1"},
      {"language", code},
      {"trained_on", TrainingHash(examples, lang_file)},
      {"training_examples", outcome.trained},
      {"held_out_examples", outcome.held_out},
      {"model_sha256", crypto::HexEncode(crypto::Sha256(*bytes))},
      {"fasttext", ParametersJson(p)},
      {"reading",
       {{"keep", p.keep}, {"keep_by_barrier", p.keep_by_barrier}, {"add", p.add},
        {"min_words", p.min_words}}},
  };
  std::error_code ec;
  std::filesystem::create_directories(dir / "models", ec);
  if (ec) return Status::Internal((dir / "models").string() + ": " + ec.message());
  if (s = WriteAll(dir / "models" / (code + ".ftz"), *bytes); !s.ok()) return s;
  if (s = WriteAll(dir / "models" / (code + ".json"), manifest.dump(2) + "\n"); !s.ok()) return s;
  outcome.model_bytes = bytes->size();
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace

Result<std::vector<TrainOutcome>> TrainClassifiers(const std::filesystem::path& dir,
                                                   const TrainParameters& params) {
  Result<std::map<std::string, std::string>> files =
      ScriptLoader::ReadDirectory(dir, ScriptLimits{});
  if (!files.ok()) return files.status();
  std::vector<TrainOutcome> outcomes;
  for (const auto& [relative, text] : *files) {
    constexpr std::string_view kDir = "examples/";
    constexpr std::string_view kExt = ".jsonl";
    if (relative.rfind(kDir, 0) != 0) continue;
    const std::string code =
        relative.substr(kDir.size(), relative.size() - kDir.size() - kExt.size());
    Result<std::vector<Example>> examples = ParseExamples(text, (dir / relative).string());
    if (!examples.ok()) return examples.status();
    auto lang_file = files->find("lang/" + code + ".json");
    Result<TrainOutcome> outcome =
        TrainOne(dir, code, *examples, lang_file == files->end() ? "" : lang_file->second, params);
    if (!outcome.ok()) return outcome.status();
    outcomes.push_back(std::move(*outcome));
  }
  if (outcomes.empty()) {
    return Status::NotFound((dir / "examples").string() +
                            ": no examples/<lang>.jsonl for a language of the script");
  }
  return outcomes;
}

}  // namespace levier::dialogs
