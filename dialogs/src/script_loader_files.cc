// Reading a script's files: from a directory, or from a map of raw files
// (a published version kept in the database), within the limits.
#include <fstream>
#include <system_error>

#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "levier/util/crypto.h"
#include "levier/util/json_depth.h"
#include "script_loader.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;
using loader::IsValidId;

// Reads one file of at most `max_bytes`; `display` names it in errors.
Result<std::string> ReadFile(const std::filesystem::path& path, const std::string& display,
                             std::size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound(display + ": cannot read file (" + ec.message() + ")");
  if (size > max_bytes) {
    return Status::ResourceExhausted(display + ": file is larger than " +
                                     std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(display + ": cannot open file");
  std::string text;
  text.resize(max_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes) {
    return Status::ResourceExhausted(display + ": file is larger than " +
                                     std::to_string(max_bytes) + " bytes");
  }
  return text;
}

}  // namespace

Result<std::map<std::string, std::string>> ScriptLoader::ReadDirectory(
    const std::filesystem::path& dir, const ScriptLimits& limits) {
  std::map<std::string, std::string> files;
  Result<std::string> flow =
      ReadFile(dir / "flow.json", (dir / "flow.json").string(), limits.max_file_bytes);
  if (!flow.ok()) return flow.status();
  // Only the languages flow.json declares are read; when it does not parse,
  // Load() reports why from flow.json alone.
  std::vector<std::string> codes;
  if (IsValidUtf8(*flow) && JsonDepth(*flow) <= limits.max_json_depth) {
    json parsed = json::parse(*flow, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_object()) {
      auto langs = parsed.find("languages");
      if (langs != parsed.end() && langs->is_array() && langs->size() <= 50) {
        for (const json& l : *langs) {
          if (l.is_string() && IsValidId(l.get<std::string>())) {
            codes.push_back(l.get<std::string>());
          }
        }
      }
    }
  }
  files.emplace("flow.json", std::move(*flow));
  for (const std::string& code : codes) {
    std::string relative = "lang/" + code + ".json";
    std::filesystem::path path = dir / "lang" / (code + ".json");
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    Result<std::string> text = ReadFile(path, path.string(), limits.max_file_bytes);
    if (!text.ok()) return text.status();
    files.emplace(relative, std::move(*text));
    for (const std::string& extra : ClassifierFiles(code)) {
      std::filesystem::path extra_path = dir / extra;
      if (!std::filesystem::exists(extra_path, ec)) continue;
      Result<std::string> bytes = ReadFile(extra_path, extra_path.string(), limits.max_file_bytes);
      if (!bytes.ok()) return bytes.status();
      files.emplace(extra, IsBinaryFile(extra) ? crypto::Base64Encode(*bytes) : std::move(*bytes));
    }
  }
  return files;
}

std::string ScriptLoader::Display(const std::string& relative) const {
  if (origin_.empty()) return relative;
  return (std::filesystem::path(origin_) / relative).string();
}

Result<json> ScriptLoader::ParseJson(const std::string& relative) {
  std::string display = Display(relative);
  auto it = files_.find(relative);
  if (it == files_.end()) return Status::NotFound(display + ": missing file");
  const std::string& text = it->second;
  if (text.size() > limits_.max_file_bytes) {
    return Status::ResourceExhausted(display + ": file is larger than " +
                                     std::to_string(limits_.max_file_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return Status::InvalidArgument(display + ": not valid UTF-8");
  if (JsonDepth(text) > limits_.max_json_depth) {
    return Status::InvalidArgument(display + ": JSON nested deeper than " +
                                   std::to_string(limits_.max_json_depth) + " levels");
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(display + ": invalid JSON: " + e.what());
  }
}

Result<Script> ScriptLoader::Load() {
  if (files_.size() > 200) {
    return Status::ResourceExhausted((origin_.empty() ? "script" : origin_) +
                                     ": more than 200 files");
  }
  Result<json> flow = ParseJson("flow.json");
  if (!flow.ok()) return flow.status();
  script_.flow_file_ = Display("flow.json");
  Status s = ParseFlow(*flow);
  if (!s.ok()) return s;

  // The version hashes every file in a fixed order: flow.json, then each
  // language in declared order, each preceded by its name.
  std::string hashed = "flow.json\n" + files_.at("flow.json");
  script_.files_.emplace("flow.json", files_.at("flow.json"));
  for (const std::string& code : script_.languages_) {
    std::string relative = "lang/" + code + ".json";
    Result<json> lang = ParseJson(relative);
    if (!lang.ok()) return lang.status();
    LanguagePack pack;
    pack.code = code;
    pack.file = Display(relative);
    s = ParseLanguage(*lang, code, &pack);
    if (!s.ok()) return s;
    script_.packs_.push_back(std::move(pack));
    const std::string& raw = files_.at(relative);
    hashed += "\n" + relative + "\n" + raw;
    script_.files_.emplace(relative, raw);
    if (s = AddClassifierFiles(code, &hashed); !s.ok()) return s;
  }
  script_.version_ = crypto::HexEncode(crypto::Sha256(hashed)).substr(0, 16);
  if (s = BuildUnderstanding(); !s.ok()) return s;
  return std::move(script_);
}


Status Script::WriteToDirectory(const std::filesystem::path& dir) const {
  for (const auto& [relative, content] : files_) {
    // Keys come from LoadFromFiles: relative paths of known shapes, never "..".
    const std::filesystem::path path = dir / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Status::Unavailable(path.parent_path().string() + ": " + ec.message());
    std::string bytes;
    if (ScriptLoader::IsBinaryFile(relative)) {
      if (!crypto::Base64Decode(content, &bytes)) {
        return Status::Internal(relative + ": not base64");
      }
    }
    const std::string& data = ScriptLoader::IsBinaryFile(relative) ? bytes : content;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) return Status::Unavailable(path.string() + ": cannot write");
  }
  return Status::Ok();
}

}  // namespace levier::dialogs
