// check.json: the settings coordinators give `levier check`.
//
// {
//   "format": "levier-check/1",
//   "sms": { "max_segments": 2, "max_referral_segments": 4, "transliterate": true,
//            "languages": { "ar": { "max_segments": 4, "max_referral_segments": 8 } } },
//   "plain_language": { "max_sentence_words": 20, "jargon": ["RQTH", "QPV"] }
// }
// Every key is optional; an unknown key is an error (a typo would otherwise
// silently keep the default).
#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "levier/util/json_depth.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"

namespace levier::dialogs {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFormat = "levier-check/1";
constexpr std::size_t kMaxCount = 1000;  // any count setting
constexpr int kMaxDepth = 8;             // the format needs 3

Status Error(std::string_view file, const std::string& where, const std::string& what) {
  return Status::InvalidArgument(std::string(file) + ": " + where + ": " + what);
}

Status CheckKeys(std::string_view file, const std::string& where, const json& object,
                 const std::set<std::string>& allowed) {
  if (!object.is_object()) return Error(file, where, "must be an object");
  for (const auto& [key, value] : object.items()) {
    if (allowed.count(key) == 0) return Error(file, where, "unknown key '" + key + "'");
  }
  return Status::Ok();
}

Status ReadCount(std::string_view file, const std::string& where, const json& object,
                 const char* key, std::size_t* out) {
  auto it = object.find(key);
  if (it == object.end()) return Status::Ok();
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() < 1 ||
      it->get<std::uint64_t>() > kMaxCount) {
    return Error(file, where + "." + key,
                 "must be a whole number from 1 to " + std::to_string(kMaxCount));
  }
  *out = static_cast<std::size_t>(it->get<std::uint64_t>());
  return Status::Ok();
}

Status ReadAllowance(std::string_view file, const std::string& where, const json& object,
                     std::size_t* max_segments, std::size_t* max_referral_segments) {
  if (Status s = ReadCount(file, where, object, "max_segments", max_segments); !s.ok()) return s;
  return ReadCount(file, where, object, "max_referral_segments", max_referral_segments);
}

Status ReadSms(std::string_view file, const json& sms, CheckOptions* options) {
  if (Status s = CheckKeys(file, "sms", sms, {"max_segments", "max_referral_segments",
                                              "transliterate", "languages"});
      !s.ok()) {
    return s;
  }
  if (Status s = ReadAllowance(file, "sms", sms, &options->max_segments,
                               &options->max_referral_segments);
      !s.ok()) {
    return s;
  }
  if (auto it = sms.find("languages"); it != sms.end()) {
    if (!it->is_object() || it->size() > 100) {
      return Error(file, "sms.languages", "must be an object {\"ar\": {...}} of at most 100");
    }
    for (const auto& [code, value] : it->items()) {
      const std::string where = "sms.languages." + code;
      if (Status s = CheckKeys(file, where, value, {"max_segments", "max_referral_segments"});
          !s.ok()) {
        return s;
      }
      SegmentAllowance allowance{options->max_segments, options->max_referral_segments};
      if (Status s = ReadAllowance(file, where, value, &allowance.max_segments,
                                   &allowance.max_referral_segments);
          !s.ok()) {
        return s;
      }
      options->segments_by_language[code] = allowance;
    }
  }
  if (auto it = sms.find("transliterate"); it != sms.end()) {
    if (!it->is_boolean()) return Error(file, "sms.transliterate", "must be true or false");
    options->transliterate = it->get<bool>();
  }
  return Status::Ok();
}

Status ReadPlainLanguage(std::string_view file, const json& plain, const CheckOptionsLimits& limits,
                         CheckOptions* options) {
  if (Status s = CheckKeys(file, "plain_language", plain, {"max_sentence_words", "jargon"});
      !s.ok()) {
    return s;
  }
  if (Status s = ReadCount(file, "plain_language", plain, "max_sentence_words",
                           &options->max_sentence_words);
      !s.ok()) {
    return s;
  }
  auto it = plain.find("jargon");
  if (it == plain.end()) return Status::Ok();
  if (!it->is_array()) return Error(file, "plain_language.jargon", "must be a list of words");
  if (it->size() > limits.max_jargon) {
    return Error(file, "plain_language.jargon",
                 "more than " + std::to_string(limits.max_jargon) + " entries");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& term = (*it)[i];
    const std::string where = "plain_language.jargon[" + std::to_string(i) + "]";
    if (!term.is_string() || term.get<std::string>().empty()) {
      return Error(file, where, "must be a non-empty string");
    }
    const std::string& word = term.get_ref<const std::string&>();
    if (word.size() > limits.max_term_bytes || !IsValidUtf8(word)) {
      return Error(file, where,
                   "must be valid UTF-8 of at most " + std::to_string(limits.max_term_bytes) +
                       " bytes");
    }
    if (!seen.insert(word).second) return Error(file, where, "'" + word + "' is listed twice");
    options->jargon.push_back(word);
  }
  return Status::Ok();
}

}  // namespace

Result<CheckOptions> ParseCheckOptions(std::string_view text, std::string_view file) {
  const CheckOptionsLimits limits;
  if (text.size() > limits.max_file_bytes) {
    return Status::ResourceExhausted(std::string(file) + ": file is larger than " +
                                     std::to_string(limits.max_file_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(file) + ": not UTF-8");
  if (JsonDepth(text) > kMaxDepth) {
    return Status::InvalidArgument(std::string(file) + ": nested deeper than " +
                                   std::to_string(kMaxDepth) + " levels");
  }
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return Status::InvalidArgument(std::string(file) + ": not valid JSON");
  }
  if (Status s = CheckKeys(file, "top level", root, {"format", "sms", "plain_language"}); !s.ok()) {
    return s;
  }
  auto format = root.find("format");
  if (format == root.end() || !format->is_string() || format->get<std::string>() != kFormat) {
    return Error(file, "format", "must be \"" + std::string(kFormat) + "\"");
  }
  CheckOptions options;
  if (auto sms = root.find("sms"); sms != root.end()) {
    if (Status s = ReadSms(file, *sms, &options); !s.ok()) return s;
  }
  if (auto plain = root.find("plain_language"); plain != root.end()) {
    if (Status s = ReadPlainLanguage(file, *plain, limits, &options); !s.ok()) return s;
  }
  return options;
}

SegmentAllowance CheckOptions::AllowanceFor(std::string_view language) const {
  for (const auto& [code, allowance] : segments_by_language) {
    if (code == language) return allowance;
  }
  return SegmentAllowance{max_segments, max_referral_segments};
}

Result<CheckOptions> LoadCheckOptions(const std::filesystem::path& file) {
  const CheckOptionsLimits limits;
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound(file.string() + ": cannot open file");
  std::string text(limits.max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return ParseCheckOptions(text, file.string());
}

}  // namespace levier::dialogs
