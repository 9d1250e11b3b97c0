// Transcript files: parsing (with limits and errors naming the line) and
// writing, in format "levier-transcript/1".
#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "levier/util/json_depth.h"
#include "levier/util/json_dump.h"
#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "levier/dialogs/transcript.h"

namespace levier::dialogs {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFormat = "levier-transcript/1";
constexpr int kMaxDepth = 8;  // the format needs 5

// The file line of each `"resident":` key, in order: nlohmann::json keeps
// no positions, and a coordinator needs to find the failing line.
std::vector<int> ResidentKeyLines(std::string_view text) {
  std::vector<int> lines;
  int line = 1;
  bool in_string = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (text.substr(string_start, i + 1 - string_start) == "\"resident\"") {
          std::size_t j = i + 1;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' ||
                                     text[j] == '\n')) {
            ++j;
          }
          if (j < text.size() && text[j] == ':') lines.push_back(line);
        }
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i;
    }
  }
  return lines;
}

class Parser {
 public:
  Parser(std::string_view file, const TranscriptLimits& limits) : file_(file), limits_(limits) {}

  Result<Transcript> Parse(std::string_view text);

 private:
  Status Error(const std::string& where, const std::string& what) const {
    std::string prefix = file_.empty() ? "transcript" : file_;
    if (line_ > 0) {
      prefix += ": line " + std::to_string(line_);
      if (file_line_ > 0) prefix += " (file line " + std::to_string(file_line_) + ")";
    }
    return Status::InvalidArgument(prefix + ": " + where + ": " + what);
  }
  Status Keys(const std::string& where, const json& object, const std::set<std::string>& allowed);
  Status String(const std::string& where, const json& value, std::string* out);
  Status Strings(const std::string& where, const json& value, std::vector<std::string>* out);
  Status Bool(const std::string& where, const json& value, std::optional<bool>* out);
  Status Expect(const json& value, TranscriptExpect* out);
  Status Line(const json& value, TranscriptLine* out);

  std::string file_;
  const TranscriptLimits& limits_;
  int line_ = 0;
  int file_line_ = 0;
};

Status Parser::Keys(const std::string& where, const json& object,
                    const std::set<std::string>& allowed) {
  if (!object.is_object()) return Error(where, "must be an object {...}");
  for (const auto& [key, value] : object.items()) {
    if (allowed.count(key) == 0) {
      std::string known;
      for (const std::string& k : allowed) known += (known.empty() ? "" : ", ") + k;
      return Error(where, "unknown key '" + key + "' (known: " + known + ")");
    }
  }
  return Status::Ok();
}

Status Parser::String(const std::string& where, const json& value, std::string* out) {
  if (!value.is_string()) return Error(where, "must be a string");
  const std::string& s = value.get_ref<const std::string&>();
  if (s.size() > limits_.max_string_bytes) {
    return Error(where, "longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
  }
  if (!IsValidUtf8(s)) return Error(where, "not valid UTF-8");
  *out = s;
  return Status::Ok();
}

Status Parser::Strings(const std::string& where, const json& value, std::vector<std::string>* out) {
  if (!value.is_array()) return Error(where, "must be a list [...]");
  if (value.size() > limits_.max_list_items) {
    return Error(where, "more than " + std::to_string(limits_.max_list_items) + " items");
  }
  out->clear();
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string s;
    if (Status st = String(where + "[" + std::to_string(i) + "]", value[i], &s); !st.ok()) {
      return st;
    }
    out->push_back(std::move(s));
  }
  return Status::Ok();
}

Status Parser::Bool(const std::string& where, const json& value, std::optional<bool>* out) {
  if (!value.is_boolean()) return Error(where, "must be true or false");
  *out = value.get<bool>();
  return Status::Ok();
}

Status Parser::Expect(const json& e, TranscriptExpect* out) {
  if (Status s = Keys("expect", e, {"node", "language", "barriers", "replies", "not_replies",
                                    "silent", "ended", "opted_out", "profile", "referrals"});
      !s.ok()) {
    return s;
  }
  for (const auto& [key, value] : e.items()) {
    const std::string where = "expect." + key;
    Status s;
    if (key == "node" || key == "language") {
      std::string v;
      s = String(where, value, &v);
      (key == "node" ? out->node : out->language) = std::move(v);
    } else if (key == "barriers" || key == "referrals") {
      std::vector<std::string> v;
      s = Strings(where, value, &v);
      (key == "barriers" ? out->barriers : out->referrals) = std::move(v);
    } else if (key == "replies") {
      s = Strings(where, value, &out->replies);
    } else if (key == "not_replies") {
      s = Strings(where, value, &out->not_replies);
    } else if (key == "silent") {
      s = Bool(where, value, &out->silent);
    } else if (key == "ended") {
      s = Bool(where, value, &out->ended);
    } else if (key == "opted_out") {
      s = Bool(where, value, &out->opted_out);
    } else if (key == "profile") {
      if (!value.is_object()) return Error(where, "must be an object {\"key\": \"value\"}");
      if (value.size() > limits_.max_list_items) return Error(where, "too many entries");
      for (const auto& [k, v] : value.items()) {
        std::string text;
        if (Status st = String(where + "." + k, v, &text); !st.ok()) return st;
        out->profile[k] = std::move(text);
      }
    }
    if (!s.ok()) return s;
  }
  if (out->silent == true && !out->replies.empty()) {
    return Error("expect", "'silent': true and 'replies' contradict each other");
  }
  return Status::Ok();
}

Status Parser::Line(const json& value, TranscriptLine* out) {
  if (Status s = Keys("line", value, {"resident", "wait_seconds", "expect"}); !s.ok()) return s;
  auto resident = value.find("resident");
  if (resident == value.end()) return Error("resident", "missing: what the resident writes");
  if (Status s = String("resident", *resident, &out->resident); !s.ok()) return s;
  if (auto wait = value.find("wait_seconds"); wait != value.end()) {
    if (!wait->is_number_unsigned() || wait->get<std::uint64_t>() >
                                           static_cast<std::uint64_t>(limits_.max_wait_seconds)) {
      return Error("wait_seconds", "must be a whole number of seconds from 0 to " +
                                       std::to_string(limits_.max_wait_seconds));
    }
    out->wait_seconds = static_cast<UnixSeconds>(wait->get<std::uint64_t>());
  }
  if (auto expect = value.find("expect"); expect != value.end()) {
    return Expect(*expect, &out->expect);
  }
  return Status::Ok();
}

Result<Transcript> Parser::Parse(std::string_view text) {
  if (text.size() > limits_.max_file_bytes) {
    return Status::ResourceExhausted((file_.empty() ? "transcript" : file_) +
                                     ": larger than " + std::to_string(limits_.max_file_bytes) +
                                     " bytes");
  }
  if (!IsValidUtf8(text)) return Error("file", "not valid UTF-8");
  if (JsonDepth(text) > kMaxDepth) {
    return Error("file", "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Error("file", "not valid JSON (a comma or a quote missing?)");
  if (Status s = Keys("top level", root,
                      {"format", "title", "channel", "language", "start_time", "lines"});
      !s.ok()) {
    return s;
  }
  auto format = root.find("format");
  if (format == root.end() || !format->is_string() || format->get<std::string>() != kFormat) {
    return Error("format", "must be \"" + std::string(kFormat) + "\"");
  }
  Transcript t;
  t.file = file_;
  if (auto it = root.find("title"); it != root.end()) {
    if (Status s = String("title", *it, &t.title); !s.ok()) return s;
  }
  if (auto it = root.find("channel"); it != root.end()) {
    if (Status s = String("channel", *it, &t.channel); !s.ok()) return s;
  }
  if (auto it = root.find("language"); it != root.end()) {
    if (Status s = String("language", *it, &t.language); !s.ok()) return s;
  }
  if (auto it = root.find("start_time"); it != root.end()) {
    if (!it->is_number_unsigned()) return Error("start_time", "must be Unix seconds");
    t.start_time = static_cast<UnixSeconds>(it->get<std::uint64_t>());
  }
  auto lines = root.find("lines");
  if (lines == root.end() || !lines->is_array() || lines->empty()) {
    return Error("lines", "must be a non-empty list of the resident's messages");
  }
  if (lines->size() > limits_.max_lines) {
    return Error("lines", "more than " + std::to_string(limits_.max_lines) + " messages");
  }
  const std::vector<int> file_lines = ResidentKeyLines(text);
  for (std::size_t i = 0; i < lines->size(); ++i) {
    line_ = static_cast<int>(i) + 1;
    file_line_ = file_lines.size() == lines->size() ? file_lines[i] : 0;
    TranscriptLine line;
    line.file_line = file_line_;
    if (Status s = Line((*lines)[i], &line); !s.ok()) return s;
    t.lines.push_back(std::move(line));
  }
  return t;
}

json ExpectToJson(const TranscriptExpect& e) {
  json out = json::object();
  if (e.node) out["node"] = *e.node;
  if (e.language) out["language"] = *e.language;
  if (e.barriers) out["barriers"] = *e.barriers;
  if (!e.replies.empty()) out["replies"] = e.replies;
  if (!e.not_replies.empty()) out["not_replies"] = e.not_replies;
  if (e.silent) out["silent"] = *e.silent;
  if (e.ended) out["ended"] = *e.ended;
  if (e.opted_out) out["opted_out"] = *e.opted_out;
  if (!e.profile.empty()) out["profile"] = e.profile;
  if (e.referrals) out["referrals"] = *e.referrals;
  return out;
}

}  // namespace

Result<Transcript> ParseTranscript(std::string_view text, std::string_view file,
                                   const TranscriptLimits& limits) {
  return Parser(file, limits).Parse(text);
}

Result<Transcript> ParseTranscript(std::string_view text, std::string_view file) {
  return ParseTranscript(text, file, TranscriptLimits());
}

Result<Transcript> LoadTranscript(const std::filesystem::path& path) {
  const TranscriptLimits limits;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open file");
  std::string text(limits.max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return ParseTranscript(text, path.string(), limits);
}

std::string WriteTranscript(const Transcript& t) {
  // ordered_json keeps the keys in the order a coordinator reads them.
  nlohmann::ordered_json root;
  root["format"] = kFormat;
  if (!t.title.empty()) root["title"] = t.title;
  root["channel"] = t.channel;
  if (!t.language.empty()) root["language"] = t.language;
  root["start_time"] = t.start_time;
  root["lines"] = nlohmann::ordered_json::array();
  for (const TranscriptLine& line : t.lines) {
    nlohmann::ordered_json l;
    l["resident"] = line.resident;
    if (line.wait_seconds != 60) l["wait_seconds"] = line.wait_seconds;
    json expect = ExpectToJson(line.expect);
    if (!expect.empty()) {
      nlohmann::ordered_json e;
      for (const char* key : {"node", "language", "barriers", "replies", "not_replies", "silent",
                              "ended", "opted_out", "profile", "referrals"}) {
        if (expect.contains(key)) e[key] = nlohmann::ordered_json::parse(DumpJson(expect[key]));
      }
      l["expect"] = std::move(e);
    }
    root["lines"].push_back(std::move(l));
  }
  return DumpJson(root, 2) + "\n";
}

}  // namespace levier::dialogs
