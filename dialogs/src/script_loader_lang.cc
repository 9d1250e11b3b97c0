// Language files: texts, keyword lists and the "understanding" section,
// compiled into the vocabularies the engine matches messages against.
#include <bit>

#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "script_loader.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;
using loader::IsValidId;
using loader::kMaxTextLength;
using loader::OptionalString;
using loader::RequiredString;

constexpr std::string_view kLanguageFormat = "levier-dialog-lang/1";
constexpr std::size_t kMaxKeywordsPerList = 500;

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Status ScriptLoader::ParseLanguage(const json& j, const std::string& code, LanguagePack* pack) {
  const std::string& file = pack->file;
  if (!j.is_object()) return Status::InvalidArgument(file + ": must be a JSON object");
  std::string format;
  Status s = RequiredString(j, "format", file, &format);
  if (!s.ok()) return s;
  if (format != kLanguageFormat) {
    return Status::InvalidArgument(file + ": format '" + format + "' is not '" +
                                   std::string(kLanguageFormat) + "'");
  }
  std::string declared;
  if (s = RequiredString(j, "language", file, &declared); !s.ok()) return s;
  if (declared != code) {
    return Status::InvalidArgument(file + ": language '" + declared + "' but the file is for '" +
                                   code + "'");
  }
  if (s = OptionalString(j, "name", file, &pack->name); !s.ok()) return s;
  std::string direction;
  if (s = OptionalString(j, "direction", file, &direction); !s.ok()) return s;
  if (!direction.empty() && direction != "ltr" && direction != "rtl") {
    return Status::InvalidArgument(file + ": language '" + code +
                                   "': 'direction' must be \"ltr\" or \"rtl\"");
  }
  pack->rtl = direction == "rtl";
  auto understanding = j.find("understanding");
  understanding_json_.push_back(understanding == j.end() ? json::object() : *understanding);
  auto texts = j.find("texts");
  if (texts == j.end() || !texts->is_object()) {
    return Status::InvalidArgument(file + ": language '" + code + "': 'texts' must be an object");
  }
  for (const auto& [id, value] : texts->items()) {
    std::string where = file + ": language '" + code + "': text '" + id + "'";
    if (!IsValidId(id)) return Status::InvalidArgument(where + ": not a valid id");
    if (!value.is_string()) return Status::InvalidArgument(where + ": must be a string");
    if (value.get<std::string>().size() > kMaxTextLength) {
      return Status::InvalidArgument(where + ": longer than " + std::to_string(kMaxTextLength) +
                                     " bytes");
    }
    pack->texts[id] = value.get<std::string>();
  }
  if (s = ParseVoice(j, code, pack); !s.ok()) return s;
  auto keywords = j.find("keywords");
  if (keywords == j.end() || !keywords->is_object()) {
    return Status::InvalidArgument(file + ": language '" + code +
                                   "': 'keywords' must be an object");
  }
  for (const auto& [id, list] : keywords->items()) {
    std::string where = file + ": language '" + code + "': keywords '" + id + "'";
    if (!IsValidId(id)) return Status::InvalidArgument(where + ": not a valid id");
    if (!list.is_array() || list.size() > kMaxKeywordsPerList) {
      return Status::InvalidArgument(where + ": must be a list of at most " +
                                     std::to_string(kMaxKeywordsPerList) + " words");
    }
    std::vector<std::string> words;
    std::vector<std::string> keys;
    for (const json& w : list) {
      if (!w.is_string() || w.get<std::string>().size() > 200) {
        return Status::InvalidArgument(where + ": every keyword must be a short string");
      }
      std::string key = MatchKey(w.get<std::string>());
      if (key.empty()) {
        return Status::InvalidArgument(where + ": keyword '" + w.get<std::string>() +
                                       "' has no letter or digit");
      }
      words.push_back(w.get<std::string>());
      keys.push_back(std::move(key));
    }
    pack->keywords[id] = std::move(words);
    pack->keyword_keys[id] = std::move(keys);
  }
  return Status::Ok();
}


// "voice": {"say": "fr-FR", "texts": {...}}: the phone line's voice and the
// texts written for the ear. A spoken text must vary a written one: an id
// the language does not have is an error (a typo would otherwise go unread),
// except the phone line's own texts, named "voice_..." ("voice_language").
Status ScriptLoader::ParseVoice(const json& j, const std::string& code, LanguagePack* pack) {
  auto voice = j.find("voice");
  if (voice == j.end()) return Status::Ok();
  const std::string where = pack->file + ": language '" + code + "': voice";
  if (!voice->is_object()) return Status::InvalidArgument(where + ": must be an object");
  for (const auto& [key, value] : voice->items()) {
    if (key != "say" && key != "texts") {
      return Status::InvalidArgument(where + ": unknown member '" + key + "' (say, texts)");
    }
  }
  if (Status s = OptionalString(*voice, "say", where, &pack->voice_tag); !s.ok()) return s;
  const bool tag_ok = !pack->voice_tag.empty() && pack->voice_tag.size() <= 35 &&
                      pack->voice_tag.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
                          std::string::npos;
  if (voice->contains("say") && !tag_ok) {
    return Status::InvalidArgument(where + ": 'say' must be a language tag such as \"fr-FR\"");
  }
  auto texts = voice->find("texts");
  if (texts == voice->end()) return Status::Ok();
  if (!texts->is_object()) return Status::InvalidArgument(where + ": 'texts' must be an object");
  for (const auto& [id, value] : texts->items()) {
    const std::string at = where + ": text '" + id + "'";
    if (!value.is_string()) return Status::InvalidArgument(at + ": must be a string");
    if (value.get<std::string>().size() > kMaxTextLength) {
      return Status::InvalidArgument(at + ": longer than " + std::to_string(kMaxTextLength) +
                                     " bytes");
    }
    if (pack->texts.count(id) == 0 && id.rfind("voice_", 0) != 0) {
      return Status::InvalidArgument(at + ": the language has no written text '" + id +
                                     "' for it to be read instead of");
    }
    pack->spoken_texts[id] = value.get<std::string>();
  }
  return Status::Ok();
}

Status ScriptLoader::BuildUnderstanding() {
  auto u = std::make_shared<Understanding>();
  if (script_.packs_.size() > 64) {
    return Status::ResourceExhausted(script_.flow_file_ + ": more than 64 languages");
  }
  // Texts shown as choice labels can be written back as answers.
  std::vector<std::string> labels;
  for (const Node& node : script_.nodes_) {
    for (const Choice& c : node.choices) labels.push_back(c.label);
  }
  for (std::string_view key : {"yes", "no", "resume_continue", "resume_restart"}) {
    labels.push_back(script_.SystemId(key));
  }
  for (std::size_t i = 0; i < script_.packs_.size(); ++i) {
    const LanguagePack& pack = script_.packs_[i];
    LanguageModel model;
    model.code = pack.code;
    model.rtl = pack.rtl;
    std::vector<std::string> words;
    std::u32string letters;
    std::string where = pack.file + ": language '" + pack.code + "': understanding";
    Status s = ParseUnderstanding(understanding_json_[i], where, &model, &words, &letters);
    if (!s.ok()) return s;
    if (s = CompileLists(pack, labels, &model); !s.ok()) return s;
    const std::uint64_t bit = std::uint64_t{1} << i;
    for (const std::string& w : words) {
      u->known_words[w] |= bit;
      model.vocabulary.insert(ToU32(w));
    }
    for (const auto& [from, to] : model.sms) {
      u->known_words[from] |= bit;
      model.vocabulary.insert(ToU32(from));
      for (const std::string& w : to) model.vocabulary.insert(ToU32(w));
    }
    for (const auto& [id, list] : model.lists) {
      if (id.rfind("text:", 0) == 0) continue;
      for (const Phrase& p : list.phrases) {
        for (const LexToken& t : p.tokens) {
          if (!t.prefix) model.vocabulary.insert(t.text);
          std::string w;
          // Back to UTF-8: the detection index is keyed like MatchKey output.
          for (char32_t c : t.text) AppendUtf8(c, &w);
          if (w.empty() || AllDigits(w)) continue;
          if (t.prefix) {
            if (t.text.size() >= 3) u->known_stems[w] |= bit;
          } else if (t.text.size() >= 2) {
            u->known_words[w] |= bit;
          }
        }
      }
    }
    for (char32_t c : letters) u->letters[c] |= bit;
    for (char d : model.digit_letters) u->digit_letters[static_cast<std::size_t>(d - '0')] |= bit;
    u->neutral.insert(u->neutral.end(), model.neutral.begin(), model.neutral.end());
    if (s = LoadClassifier(pack.code, &model); !s.ok()) return s;
    u->languages.push_back(std::move(model));
  }
  script_.understanding_ = std::move(u);
  return Status::Ok();
}

}  // namespace levier::dialogs
