#include "levier/dialogs/script.h"

#include "script_loader.h"
#include "understanding.h"

namespace levier::dialogs {

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kMessage: return "message";
    case NodeKind::kChoice: return "choice";
    case NodeKind::kFollowups: return "followups";
    case NodeKind::kReferral: return "referral";
    case NodeKind::kHandoff: return "handoff";
    case NodeKind::kQuestion: return "question";
    case NodeKind::kEnd: return "end";
  }
  return "unknown";
}

Result<Script> Script::LoadFromDirectory(const std::filesystem::path& dir) {
  return LoadFromDirectory(dir, ScriptLimits{});
}

Result<Script> Script::LoadFromDirectory(const std::filesystem::path& dir,
                                         const ScriptLimits& limits) {
  Result<std::map<std::string, std::string>> files = ScriptLoader::ReadDirectory(dir, limits);
  if (!files.ok()) return files.status();
  return LoadFromFiles(*files, dir.string(), limits);
}

Result<Script> Script::LoadFromFiles(const std::map<std::string, std::string>& files,
                                     std::string_view origin) {
  return LoadFromFiles(files, origin, ScriptLimits{});
}

Result<Script> Script::LoadFromFiles(const std::map<std::string, std::string>& files,
                                     std::string_view origin, const ScriptLimits& limits) {
  return ScriptLoader(files, std::string(origin), limits).Load();
}

const std::string& Script::id() const { return id_; }
const std::string& Script::version() const { return version_; }
const std::string& Script::default_language() const { return default_language_; }
const std::vector<std::string>& Script::languages() const { return languages_; }

const std::string& Script::SystemId(std::string_view key) const {
  static const std::string kEmpty;
  auto it = system_ids_.find(key);
  return it == system_ids_.end() ? kEmpty : it->second;
}

const Understanding& Script::understanding() const {
  static const Understanding kEmpty;
  return understanding_ ? *understanding_ : kEmpty;
}

const Node* Script::FindNode(std::string_view id) const {
  auto it = node_index_.find(id);
  return it == node_index_.end() ? nullptr : &nodes_[it->second];
}

const LanguagePack* Script::Language(std::string_view code) const {
  for (const LanguagePack& pack : packs_) {
    if (pack.code == code) return &pack;
  }
  return nullptr;
}

const std::string& Script::Text(std::string_view lang, std::string_view id) const {
  static const std::string kEmpty;
  for (std::string_view code : {lang, std::string_view(default_language_)}) {
    if (const LanguagePack* pack = Language(code)) {
      auto it = pack->texts.find(std::string(id));
      if (it != pack->texts.end()) return it->second;
    }
  }
  return kEmpty;
}

const std::string& Script::SpokenText(std::string_view lang, std::string_view id) const {
  if (const LanguagePack* pack = Language(lang)) {
    auto it = pack->spoken_texts.find(std::string(id));
    if (it != pack->spoken_texts.end()) return it->second;
  }
  return Text(lang, id);
}

const std::vector<std::string>* Script::KeywordKeys(std::string_view lang,
                                                    std::string_view id) const {
  for (std::string_view code : {lang, std::string_view(default_language_)}) {
    if (const LanguagePack* pack = Language(code)) {
      auto it = pack->keyword_keys.find(std::string(id));
      if (it != pack->keyword_keys.end()) return &it->second;
    }
  }
  return nullptr;
}

}  // namespace levier::dialogs
