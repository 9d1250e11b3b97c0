#include "levier/kb/json_schema.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "levier/util/json_dump.h"
#include "levier/util/utf8.h"

namespace levier::kb {
namespace internal {
extern const std::string_view kStructureSchemaText;
extern const std::string_view kServiceSchemaText;
}  // namespace internal

namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kAnnotations = {"title", "description", "default",
                                                         "examples"};


bool IsDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsValidDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!IsDigits(s.substr(0, 4)) || !IsDigits(s.substr(5, 2)) || !IsDigits(s.substr(8, 2)))
    return false;
  const int y = std::stoi(s.substr(0, 4));
  const int m = std::stoi(s.substr(5, 2));
  const int d = std::stoi(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// RFC 5322 in practice: one '@', non-empty local part, a dotted domain, no spaces.
bool IsEmail(const std::string& s) {
  const std::size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  const std::string domain = s.substr(at + 1);
  return domain.find('.') != std::string::npos && domain.front() != '.' && domain.back() != '.' &&
         s.find_first_of(" \t\r\n") == std::string::npos;
}

// An absolute URI: scheme ":" then something, no spaces.
bool IsUri(const std::string& s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return s.find_first_of(" \t\r\n") == std::string::npos;
}

bool HasType(const json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer() || v.is_number_unsigned();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_boolean();
  return false;
}

// Compiled patterns, per thread (std::regex is costly to build, and the
// schemas hold a handful of patterns).
const std::regex& Pattern(const std::string& pattern) {
  static thread_local std::map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
  return it->second;
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void Check(const json& schema, const json& v, const std::string& ptr) {
    for (const auto& [key, arg] : schema.items()) {
      if (kAnnotations.contains(key) || key == "$defs") continue;
      if (key == "type") {
        if (!HasType(v, arg.get<std::string>()))
          Fail(ptr, "must be of type " + arg.get<std::string>());
      } else if (key == "enum") {
        if (std::find(arg.begin(), arg.end(), v) == arg.end())
          Fail(ptr, DumpJson(v) + " is not an allowed value");
      } else if (key == "const") {
        if (v != arg) Fail(ptr, "must be " + arg.dump());
      } else if (key == "anyOf") {
        CheckAnyOf(arg, v, ptr);
      } else if (key == "$ref") {
        CheckRef(arg.get<std::string>(), v, ptr);
      } else if (key == "properties") {
        if (!v.is_object()) continue;
        for (const auto& [name, sub] : arg.items()) {
          if (auto it = v.find(name); it != v.end()) Check(sub, *it, ptr + "/" + name);
        }
      } else if (key == "required") {
        if (!v.is_object()) continue;
        for (const auto& name : arg) {
          if (!v.contains(name.get<std::string>())) Fail(ptr, "missing required " + name.dump());
        }
      } else if (key == "items") {
        if (!v.is_array()) continue;
        for (std::size_t i = 0; i < v.size(); ++i) Check(arg, v[i], ptr + "/" + std::to_string(i));
      } else if (key == "minItems") {
        if (v.is_array() && v.size() < arg.get<std::size_t>())
          Fail(ptr, "needs at least " + arg.dump() + " items");
      } else if (key == "uniqueItems") {
        if (v.is_array() && arg.get<bool>() &&
            std::set<json>(v.begin(), v.end()).size() != v.size()) {
          Fail(ptr, "items must be unique");
        }
      } else if (key == "minLength" || key == "maxLength") {
        if (!v.is_string()) continue;
        const std::size_t n = CountCodePoints(v.get<std::string>());
        if (key == "minLength" && n < arg.get<std::size_t>())
          Fail(ptr, "shorter than " + arg.dump());
        if (key == "maxLength" && n > arg.get<std::size_t>())
          Fail(ptr, "longer than " + arg.dump());
      } else if (key == "pattern") {
        if (v.is_string() &&
            !std::regex_search(v.get<std::string>(), Pattern(arg.get<std::string>()))) {
          Fail(ptr, "does not match " + arg.get<std::string>());
        }
      } else if (key == "minimum") {
        if (v.is_number() && v.get<double>() < arg.get<double>()) Fail(ptr, "below " + arg.dump());
      } else if (key == "format") {
        CheckFormat(arg.get<std::string>(), v, ptr);
      } else {
        Fail(ptr, "schema keyword \"" + key + "\" is not supported by this validator");
      }
    }
  }

  std::vector<std::string> errors;

 private:
  void Fail(const std::string& ptr, const std::string& what) {
    errors.push_back((ptr.empty() ? "/" : ptr) + ": " + what);
  }

  // Reports the errors of the option meant for the value's type (for
  // {string, null}, a bad string is reported as a bad string), else of the
  // option with the fewest errors.
  void CheckAnyOf(const json& options, const json& v, const std::string& ptr) {
    std::vector<std::string> best;
    bool best_typed = false;
    for (const json& option : options) {
      Validator sub(root_);
      sub.Check(option, v, ptr);
      if (sub.errors.empty()) return;
      const bool typed = option.contains("type") && option["type"].is_string() &&
                         HasType(v, option["type"].get<std::string>());
      if (best.empty() || (typed && !best_typed) ||
          (typed == best_typed && sub.errors.size() < best.size())) {
        best = sub.errors;
        best_typed = typed;
      }
    }
    errors.insert(errors.end(), best.begin(), best.end());
  }

  void CheckRef(const std::string& ref, const json& v, const std::string& ptr) {
    constexpr std::string_view kPrefix = "#/$defs/";
    if (!ref.starts_with(kPrefix)) return Fail(ptr, "unsupported $ref " + ref);
    const auto defs = root_.find("$defs");
    const std::string name = ref.substr(kPrefix.size());
    if (defs == root_.end() || !defs->contains(name)) return Fail(ptr, "unresolved $ref " + ref);
    Check((*defs)[name], v, ptr);
  }

  void CheckFormat(const std::string& format, const json& v, const std::string& ptr) {
    if (!v.is_string()) return;
    const std::string& s = v.get_ref<const std::string&>();
    if (format == "date" && !IsValidDate(s)) Fail(ptr, "\"" + s + "\" is not a date YYYY-MM-DD");
    if (format == "email" && !IsEmail(s)) Fail(ptr, "\"" + s + "\" is not an e-mail address");
    if (format == "uri" && !IsUri(s)) Fail(ptr, "\"" + s + "\" is not an absolute URI");
    if (format != "date" && format != "email" && format != "uri")
      Fail(ptr, "unsupported format " + format);
  }

  const json& root_;
};

}  // namespace

std::vector<std::string> ValidateJsonSchema(const json& schema, const json& instance) {
  Validator v(schema);
  v.Check(schema, instance, "");
  return std::move(v.errors);
}

const json& DataInclusionStructureSchema() {
  // The texts are ours: a parse failure is a build defect and throws.
  static const json kSchema = json::parse(internal::kStructureSchemaText);
  return kSchema;
}

const json& DataInclusionServiceSchema() {
  static const json kSchema = json::parse(internal::kServiceSchemaText);
  return kSchema;
}

bool InDataInclusionEnum(std::string_view def_name, std::string_view value) {
  const json& defs = DataInclusionServiceSchema().at("$defs");
  const auto def = defs.find(std::string(def_name));
  if (def == defs.end()) return false;
  const json& values = def->at("enum");
  return std::any_of(values.begin(), values.end(),
                     [&](const json& e) { return e.get_ref<const std::string&>() == value; });
}

}  // namespace levier::kb
