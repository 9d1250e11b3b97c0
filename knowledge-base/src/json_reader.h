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

// The "format" tag both files must carry; bump it on incompatible changes.
inline constexpr std::string_view kFormatTag = "levier-kb/1";

// `s` between double quotes, for error messages.
std::string Quote(std::string_view s);

// Names the place of an error: "<file>: " or "<file>: entry <i> (id "<id>"): ".
class Where {
 public:
  explicit Where(std::string_view file) : file_(file) {}
  Where(std::string_view file, std::size_t index) : file_(file), index_(index), in_entry_(true) {}

  // Once known, the id is added to every later message.
  void set_id(std::string id) { id_ = std::move(id); }

  Status Invalid(std::string_view what) const;    // kInvalidArgument
  Status Exhausted(std::string_view what) const;  // kResourceExhausted (a limit)

 private:
  std::string Prefix() const;

  std::string file_;
  std::size_t index_ = 0;
  bool in_entry_ = false;
  std::string id_;
};

// Checks size, nesting depth, syntax (nlohmann's byte position on error), the
// format tag, that no other top-level field exists, and the number of entries;
// returns the array under `list_key`.
Result<nlohmann::json> ParseDocument(std::string_view text, std::string_view file,
                                     std::string_view list_key, const LoadLimits& limits);

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
