#include "json_reader.h"

#include <algorithm>
#include <utility>

#include "levier/util/json_depth.h"

namespace levier::kb::internal {
namespace {

using nlohmann::json;

bool HasControlChar(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'));
  });
}

}  // namespace

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Where::Prefix() const {
  std::string p = file_ + ": ";
  if (in_entry_) {
    p += unit_ + " " + std::to_string(index_);
    if (!id_.empty()) p += " (id " + Quote(id_) + ")";
    p += ": ";
  }
  return p;
}

Status Where::Invalid(std::string_view what) const {
  return Status::InvalidArgument(Prefix() + std::string(what));
}

Status Where::Exhausted(std::string_view what) const {
  return Status::ResourceExhausted(Prefix() + std::string(what));
}

Result<json> ParseBoundedJson(std::string_view text, std::string_view file,
                              const LoadLimits& limits) {
  const Where where(file);
  if (text.size() > limits.max_file_bytes) {
    return where.Exhausted("file is " + std::to_string(text.size()) + " bytes, limit is " +
                           std::to_string(limits.max_file_bytes));
  }
  // Before nlohmann builds the tree: a hostile file cannot cost a deep
  // recursion or a huge tree.
  if (static_cast<std::size_t>(JsonDepth(text)) > limits.max_depth) {
    return where.Exhausted("JSON nested deeper than " + std::to_string(limits.max_depth) +
                           " levels");
  }
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return where.Invalid("malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  }
  return doc;
}

// Size, depth, syntax, format tag, then the list under `list_key`.
Result<json> ParseDocument(std::string_view text, std::string_view file, std::string_view list_key,
                           const LoadLimits& limits, int* version) {
  const Where where(file);
  Result<json> parsed = ParseBoundedJson(text, file, limits);
  if (!parsed.ok()) return parsed.status();
  json& doc = *parsed;
  if (!doc.is_object()) return where.Invalid("top level must be a JSON object");
  const auto format = doc.find("format");
  const bool is_v1 = format != doc.end() && format->is_string() &&
                     format->get_ref<const std::string&>() == kFormatTagV1;
  const bool is_v2 = format != doc.end() && format->is_string() &&
                     format->get_ref<const std::string&>() == kFormatTag;
  if (!is_v1 && !is_v2) {
    return where.Invalid("\"format\" must be " + Quote(kFormatTag) + " (or the older " +
                         Quote(kFormatTagV1) + ")");
  }
  *version = is_v2 ? 2 : 1;
  for (const auto& [key, value] : doc.items()) {
    if (key != "format" && key != list_key) return where.Invalid("unknown field " + Quote(key));
  }
  const auto list = doc.find(std::string(list_key));
  if (list == doc.end() || !list->is_array()) {
    return where.Invalid(Quote(list_key) + " must be a JSON array");
  }
  if (list->size() > limits.max_entries) {
    return where.Exhausted(std::to_string(list->size()) + " entries, limit is " +
                           std::to_string(limits.max_entries));
  }
  json entries = std::move(*list);
  return entries;
}

// Validates one string value; `max_len` bounds its UTF-8 byte length.
Status CheckString(const json& value, std::string_view field, std::size_t max_len, bool long_text,
                   const Where& where, std::string* out) {
  if (!value.is_string()) return where.Invalid(Quote(field) + " must be a string");
  const auto& s = value.get_ref<const std::string&>();
  if (s.size() > max_len) {
    return where.Exhausted(Quote(field) + " is " + std::to_string(s.size()) + " bytes, limit is " +
                           std::to_string(max_len));
  }
  if (HasControlChar(s, long_text)) return where.Invalid(Quote(field) + " has a control character");
  *out = s;
  return Status::Ok();
}

// Reads obj[field] into *out. Absent optional fields leave *out empty;
// required fields must be present and non-empty.
Status ReadString(const json& obj, std::string_view field, bool required, bool long_text,
                  const LoadLimits& limits, const Where& where, std::string* out) {
  const auto it = obj.find(std::string(field));
  if (it == obj.end()) {
    return required ? where.Invalid("missing " + Quote(field)) : Status::Ok();
  }
  const std::size_t max_len = long_text ? limits.max_long_string : limits.max_short_string;
  if (Status s = CheckString(*it, field, max_len, long_text, where, out); !s.ok()) return s;
  if (required && out->empty()) return where.Invalid("empty " + Quote(field));
  return Status::Ok();
}

Status ReadStringList(const json& obj, std::string_view field, const LoadLimits& limits,
                      const Where& where, std::vector<std::string>* out) {
  const auto it = obj.find(std::string(field));
  if (it == obj.end()) return Status::Ok();
  if (!it->is_array()) return where.Invalid(Quote(field) + " must be a list of strings");
  if (it->size() > limits.max_list_items) {
    return where.Exhausted(Quote(field) + " has " + std::to_string(it->size()) +
                           " items, limit is " + std::to_string(limits.max_list_items));
  }
  for (const json& item : *it) {
    std::string s;
    if (Status st = CheckString(item, field, limits.max_short_string, false, where, &s); !st.ok()) {
      return st;
    }
    if (s.empty()) return where.Invalid(Quote(field) + " has an empty item");
    if (std::find(out->begin(), out->end(), s) != out->end()) {
      return where.Invalid(Quote(field) + " lists " + Quote(s) + " twice");
    }
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace levier::kb::internal
