// The statistical half of understanding: one language's fastText classifier
// (supervised, character n-grams, one-vs-all loss), loaded from the model
// file that `levier dialogs train` wrote beside the script, with the manifest
// that says how it was trained and how its scores are read. Private to
// levier::dialogs; the fastText headers stay in barrier_model.cc.
//
// Thread-safety: immutable after Load(). Predict() is const and safe to call
// from any number of threads at once: fastText's FastText::predictLine and
// everything it reaches (Dictionary::getLine, Model::predict with a
// Model::State local to the call, QuantMatrix/DenseMatrix reads, the
// one-vs-all loss's precomputed sigmoid table) are const and keep no
// per-call state in the model.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "levier/util/status.h"

namespace levier::dialogs {

class FastTextModel;  // fasttext::FastText, in barrier_model.cc

// fastText's label marker in training lines and predictions ("__label__sante").
inline constexpr std::string_view kFastTextLabelPrefix = "__label__";

// What models/<lang>.json records (format "levier-classifier/1").
struct ModelManifest {
  std::string language;
  std::string trained_on;    // TrainingHash() of the examples trained on
  std::string model_sha256;  // hex SHA-256 of the model file
  std::size_t training_examples = 0;
  // How scores become barriers (see FindBarriers): a barrier the rules found
  // stays when its score reaches `keep`; one they did not find is added at
  // `add`. Messages of fewer than `min_words` words are left to the rules.
  double keep = 0.0;
  // Barriers the rules often find wrongly (job-hunt words read as
  // rapport-emploi) get their own, higher, keep score.
  std::map<std::string, double, std::less<>> keep_by_barrier;
  double add = 1.0;
  std::size_t min_words = 3;
};

Result<ModelManifest> ParseModelManifest(std::string_view json, const std::string& where);

class BarrierModel {
 public:
  // `bytes` is the model file, which must hash to manifest.model_sha256: only
  // a file the training command wrote reaches fastText's parser.
  static Result<std::shared_ptr<const BarrierModel>> Load(std::string_view bytes,
                                                          ModelManifest manifest,
                                                          const std::string& where);
  ~BarrierModel();
  BarrierModel(const BarrierModel&) = delete;
  BarrierModel& operator=(const BarrierModel&) = delete;

  // Score in [0, 1] of every barrier label the model knows, for the
  // MatchKey() of a message; "none" is left out. Pure; never throws.
  std::vector<std::pair<std::string, double>> Predict(std::string_view key) const;

  const ModelManifest& manifest() const { return manifest_; }

 private:
  BarrierModel();
  std::unique_ptr<FastTextModel> fasttext_;
  ModelManifest manifest_;
};

}  // namespace levier::dialogs
