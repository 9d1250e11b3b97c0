#include "barrier_model.h"

#include <sstream>

#include <fasttext/fasttext.h>
#include <nlohmann/json.hpp>

#include "levier/util/crypto.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;

constexpr std::string_view kManifestFormat = "levier-classifier/1";
// A model of ours has a few barrier labels and small vectors; anything
// larger did not come from `levier dialogs train`.
constexpr int kMaxDimension = 300;
constexpr int kMaxLabels = 64;

Status NumberIn(const json& j, const char* key, double lo, double hi, const std::string& where,
                double* out) {
  auto it = j.find(key);
  if (it == j.end()) return Status::InvalidArgument(where + ": missing '" + key + "'");
  if (!it->is_number() || it->get<double>() < lo || it->get<double>() > hi) {
    return Status::InvalidArgument(where + ": '" + key + "' must be a number from " +
                                   std::to_string(lo) + " to " + std::to_string(hi));
  }
  *out = it->get<double>();
  return Status::Ok();
}

Status StringIn(const json& j, const char* key, const std::string& where, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get<std::string>().size() > 200) {
    return Status::InvalidArgument(where + ": '" + key + "' must be a short string");
  }
  *out = it->get<std::string>();
  return Status::Ok();
}

}  // namespace

// FastText keeps its file-format check protected; this is how to reach it
// when loading from memory rather than from a file name.
class FastTextModel : public fasttext::FastText {
 public:
  bool LoadChecked(std::istream& in) {
    if (!checkModel(in)) return false;
    loadModel(in);
    return true;
  }
};

Result<ModelManifest> ParseModelManifest(std::string_view text, const std::string& where) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::InvalidArgument(where + ": not a JSON object");
  ModelManifest m;
  std::string format;
  Status s = StringIn(j, "format", where, &format);
  if (!s.ok()) return s;
  if (format != kManifestFormat) {
    return Status::InvalidArgument(where + ": format '" + format + "' is not '" +
                                   std::string(kManifestFormat) + "'");
  }
  if (s = StringIn(j, "language", where, &m.language); !s.ok()) return s;
  if (s = StringIn(j, "trained_on", where, &m.trained_on); !s.ok()) return s;
  if (s = StringIn(j, "model_sha256", where, &m.model_sha256); !s.ok()) return s;
  auto reading = j.find("reading");
  if (reading == j.end() || !reading->is_object()) {
    return Status::InvalidArgument(where + ": missing object 'reading' (keep, add, min_words)");
  }
  const std::string rw = where + ": reading";
  double min_words = 0;
  double examples = 0;
  if (s = NumberIn(*reading, "keep", 0, 1, rw, &m.keep); !s.ok()) return s;
  if (s = NumberIn(*reading, "add", 0, 1, rw, &m.add); !s.ok()) return s;
  if (auto by = reading->find("keep_by_barrier"); by != reading->end()) {
    if (!by->is_object() || by->size() > kMaxLabels) {
      return Status::InvalidArgument(rw + ": 'keep_by_barrier' must be an object");
    }
    for (const auto& [code, value] : by->items()) {
      double keep = 0;
      if (s = NumberIn(*by, code.c_str(), 0, 1, rw + ": keep_by_barrier", &keep); !s.ok()) return s;
      m.keep_by_barrier[code] = keep;
    }
  }
  if (s = NumberIn(*reading, "min_words", 0, 100, rw, &min_words); !s.ok()) return s;
  if (s = NumberIn(j, "training_examples", 0, 1e7, where, &examples); !s.ok()) return s;
  m.min_words = static_cast<std::size_t>(min_words);
  m.training_examples = static_cast<std::size_t>(examples);
  return m;
}

BarrierModel::BarrierModel() = default;
BarrierModel::~BarrierModel() = default;

Result<std::shared_ptr<const BarrierModel>> BarrierModel::Load(std::string_view bytes,
                                                               ModelManifest manifest,
                                                               const std::string& where) {
  if (crypto::HexEncode(crypto::Sha256(bytes)) != manifest.model_sha256) {
    return Status::InvalidArgument(where + ": the model file does not match its manifest "
                                   "(model_sha256): run `levier dialogs train` again");
  }
  auto model = std::shared_ptr<BarrierModel>(new BarrierModel());
  auto ft = std::make_unique<FastTextModel>();
  try {
    std::istringstream in{std::string(bytes)};
    if (!ft->LoadChecked(in)) {
      return Status::InvalidArgument(where + ": not a fastText model of a supported version");
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(where + ": cannot load the model: " + e.what());
  }
  const fasttext::Args args = ft->getArgs();
  if (args.model != fasttext::model_name::sup || args.dim > kMaxDimension ||
      ft->getDictionary()->nlabels() > kMaxLabels) {
    return Status::InvalidArgument(where + ": not a barrier classifier (supervised, dim <= " +
                                   std::to_string(kMaxDimension) + ")");
  }
  model->fasttext_ = std::move(ft);
  model->manifest_ = std::move(manifest);
  return std::shared_ptr<const BarrierModel>(std::move(model));
}

std::vector<std::pair<std::string, double>> BarrierModel::Predict(std::string_view key) const {
  std::vector<std::pair<std::string, double>> out;
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  try {
    std::istringstream in(std::string(key) + "\n");
    fasttext_->predictLine(in, predictions, fasttext_->getDictionary()->nlabels(), 0.0);
  } catch (const std::exception&) {
    return out;  // only a bad k throws, and k is the label count
  }
  for (auto& [score, label] : predictions) {
    if (label.rfind(kFastTextLabelPrefix, 0) != 0) continue;
    std::string code = label.substr(kFastTextLabelPrefix.size());
    if (code == "none") continue;
    out.emplace_back(std::move(code), static_cast<double>(score));
  }
  return out;
}

}  // namespace levier::dialogs
