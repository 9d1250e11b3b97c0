// The classifier files beside a script: examples/<lang>.jsonl (labelled
// messages) and models/<lang>.json + models/<lang>.ftz (what `levier dialogs
// train` made of them). The model file is binary; in a script's files() map,
// which must stay text (published versions are stored as JSON), it is kept
// base64-encoded.
#include "levier/dialogs/text.h"
#include "levier/util/crypto.h"
#include "levier/util/utf8.h"
#include "barrier_model.h"
#include "script_loader.h"
#include "understanding.h"

namespace levier::dialogs {

std::vector<std::string> ScriptLoader::ClassifierFiles(const std::string& code) {
  return {"examples/" + code + ".jsonl", "models/" + code + ".json", "models/" + code + ".ftz"};
}

bool ScriptLoader::IsBinaryFile(const std::string& relative) {
  return relative.size() > 4 && relative.compare(relative.size() - 4, 4, ".ftz") == 0;
}

Status ScriptLoader::AddClassifierFiles(const std::string& code, std::string* hashed) {
  for (const std::string& relative : ClassifierFiles(code)) {
    auto it = files_.find(relative);
    if (it == files_.end()) continue;
    const std::string display = Display(relative);
    const bool binary = IsBinaryFile(relative);
    // Base64 takes 4 bytes for 3.
    const std::size_t max = binary ? 4 * ((limits_.max_file_bytes + 2) / 3) : limits_.max_file_bytes;
    if (it->second.size() > max) {
      return Status::ResourceExhausted(display + ": file is larger than " +
                                       std::to_string(limits_.max_file_bytes) + " bytes");
    }
    if (!levier::IsValidUtf8(it->second)) return Status::InvalidArgument(display + ": not valid UTF-8");
    *hashed += "\n" + relative + "\n" + it->second;
    script_.files_.emplace(relative, it->second);
  }
  return Status::Ok();
}

Status ScriptLoader::LoadClassifier(const std::string& code, LanguageModel* model) {
  const std::string manifest_file = "models/" + code + ".json";
  const std::string model_file = "models/" + code + ".ftz";
  auto manifest_text = files_.find(manifest_file);
  auto encoded = files_.find(model_file);
  if (manifest_text == files_.end() && encoded == files_.end()) return Status::Ok();
  if (manifest_text == files_.end() || encoded == files_.end()) {
    return Status::InvalidArgument(Display(manifest_text == files_.end() ? manifest_file
                                                                         : model_file) +
                                   ": missing file (a model needs both " + manifest_file +
                                   " and " + model_file + ")");
  }
  Result<ModelManifest> manifest =
      ParseModelManifest(manifest_text->second, Display(manifest_file));
  if (!manifest.ok()) return manifest.status();
  if (manifest->language != code) {
    return Status::InvalidArgument(Display(manifest_file) + ": language '" + manifest->language +
                                   "' but the file is for '" + code + "'");
  }
  std::string bytes;
  if (!crypto::Base64Decode(encoded->second, &bytes)) {
    return Status::InvalidArgument(Display(model_file) + ": not base64 (a script's files() "
                                   "carry the model base64-encoded)");
  }
  Result<std::shared_ptr<const BarrierModel>> loaded =
      BarrierModel::Load(bytes, std::move(*manifest), Display(model_file));
  if (!loaded.ok()) return loaded.status();
  model->classifier = std::move(*loaded);
  return Status::Ok();
}

}  // namespace levier::dialogs
