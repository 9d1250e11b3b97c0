// Private: generic, bounded reading of the knowledge-base JSON files: the
// document envelope ({"format": ..., "<list>": [...]}) and typed fields, each
// error naming the file and entry through a Where.
//
// Thread-safety: pure functions; a Where is a small value, not shared.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb::internal {

// The "format" tags the files may carry: 1 is the original field set, 2 adds
// the data·inclusion and matching fields. Writers always write the latest.
inline constexpr std::string_view kFormatTagV1 = "levier-kb/1";
inline constexpr std::string_view kFormatTag = "levier-kb/2";

// `s` between double quotes, for error messages.
std::string Quote(std::string_view s);

// Names the place of an error: "<file>: " or "<file>: entry <i> (id "<id>"): "
// (CSV files say "line <n>" instead of "entry <i>").
class Where {
 public:
  explicit Where(std::string_view file) : file_(file) {}
  Where(std::string_view file, std::size_t index, std::string_view unit = "entry")
      : file_(file), unit_(unit), index_(index), in_entry_(true) {}

  // Once known, the id is added to every later message.
  void set_id(std::string id) { id_ = std::move(id); }

  Status Invalid(std::string_view what) const;    // kInvalidArgument
  Status Exhausted(std::string_view what) const;  // kResourceExhausted (a limit)

 private:
  std::string Prefix() const;

  std::string file_;
  std::string unit_ = "entry";
  std::size_t index_ = 0;
  bool in_entry_ = false;
  std::string id_;
};

// Checks size, nesting depth, syntax (nlohmann's byte position on error), the
// format tag (either version), that no other top-level field exists, and the
// number of entries; returns the array under `list_key` and sets *version.
Result<nlohmann::json> ParseDocument(std::string_view text, std::string_view file,
                                     std::string_view list_key, const LoadLimits& limits,
                                     int* version);

// Parses JSON text with the size and depth limits; errors name `file`.
Result<nlohmann::json> ParseBoundedJson(std::string_view text, std::string_view file,
                                        const LoadLimits& limits);

// One string value: type, byte length at most `max_len`, no control
// characters (newlines and tabs allowed when `long_text`).
Status CheckString(const nlohmann::json& value, std::string_view field, std::size_t max_len,
                   bool long_text, const Where& where, std::string* out);

// obj[field] into *out. An absent optional field leaves *out empty; a required
// one must be present and non-empty. `long_text` selects max_long_string.
Status ReadString(const nlohmann::json& obj, std::string_view field, bool required, bool long_text,
                  const LoadLimits& limits, const Where& where, std::string* out);

// An optional list of distinct, non-empty short strings.
Status ReadStringList(const nlohmann::json& obj, std::string_view field, const LoadLimits& limits,
                      const Where& where, std::vector<std::string>* out);

}  // namespace levier::kb::internal
