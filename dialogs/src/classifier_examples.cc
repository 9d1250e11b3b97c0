// Labelled examples: parsing, the held-out rule, the training hash, and what
// `levier check` says about them and their models.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "barrier_model.h"
#include "levier/dialogs/classifier.h"
#include "levier/dialogs/text.h"
#include "levier/util/barriers.h"
#include "levier/util/crypto.h"
#include "levier/util/utf8.h"
#include "matcher.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;
using Severity = CheckFinding::Severity;

Result<Example> ParseLine(std::string_view line, const std::string& where,
                          const ExampleLimits& limits) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::InvalidArgument(where + ": not a JSON object");
  Example e;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string() || text->get<std::string>().empty() ||
      text->get<std::string>().size() > limits.max_text_bytes) {
    return Status::InvalidArgument(where + ": 'text' must be a string of 1 to " +
                                   std::to_string(limits.max_text_bytes) + " bytes");
  }
  e.text = text->get<std::string>();
  auto barriers = j.find("barriers");
  if (barriers == j.end() || !barriers->is_array() || barriers->size() > 9) {
    return Status::InvalidArgument(where + ": 'barriers' must be a list of barrier codes");
  }
  for (const json& b : *barriers) {
    if (!b.is_string() || !IsBarrierCode(b.get<std::string>())) {
      return Status::InvalidArgument(where + ": " + b.dump(-1, ' ', false,
                                                           json::error_handler_t::replace) +
                                     " is not a barrier code");
    }
    if (std::find(e.barriers.begin(), e.barriers.end(), b.get<std::string>()) ==
        e.barriers.end()) {
      e.barriers.push_back(b.get<std::string>());
    }
  }
  std::sort(e.barriers.begin(), e.barriers.end());
  auto held_out = j.find("held_out");
  if (held_out == j.end()) {
    e.held_out = HeldOutByHash(e.text);
  } else if (held_out->is_boolean()) {
    e.held_out = held_out->get<bool>();
  } else {
    return Status::InvalidArgument(where + ": 'held_out' must be true or false");
  }
  return e;
}

std::string FileOf(const Script& script, const std::string& relative) {
  return (std::filesystem::path(script.flow_file()).parent_path() / relative).string();
}

std::string Percent(std::size_t n, std::size_t total) {
  if (total == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(n) / static_cast<double>(total));
  return buf;
}

}  // namespace

Result<std::vector<Example>> ParseExamples(std::string_view jsonl, const std::string& file,
                                           const ExampleLimits& limits) {
  if (!levier::IsValidUtf8(jsonl)) return Status::InvalidArgument(file + ": not valid UTF-8");
  std::vector<Example> out;
  std::size_t number = 0;
  while (!jsonl.empty()) {
    ++number;
    const std::size_t end = jsonl.find('\n');
    std::string_view line = jsonl.substr(0, end);
    jsonl.remove_prefix(end == std::string_view::npos ? jsonl.size() : end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (out.size() >= limits.max_examples) {
      return Status::ResourceExhausted(file + ": more than " +
                                       std::to_string(limits.max_examples) + " examples");
    }
    Result<Example> e = ParseLine(line, file + ": line " + std::to_string(number), limits);
    if (!e.ok()) return e.status();
    out.push_back(std::move(*e));
  }
  return out;
}

bool HeldOutByHash(std::string_view text) {
  return static_cast<unsigned char>(crypto::Sha256(text)[0]) % kHeldOutModulus == 0;
}

std::string KeywordTrainingLines(std::string_view lang_file) {
  json j = json::parse(lang_file, nullptr, /*allow_exceptions=*/false);
  std::string lines;
  if (!j.is_object() || !j.contains("keywords") || !j["keywords"].is_object()) return lines;
  constexpr std::string_view kList = "barrier.";
  for (const auto& [id, words] : j["keywords"].items()) {
    if (id.rfind(kList, 0) != 0 || !words.is_array()) continue;
    for (const json& w : words) {
      if (!w.is_string()) continue;
      std::string key = MatchKey(w.get<std::string>());
      if (!key.empty()) lines += "__label__" + id.substr(kList.size()) + " " + key + "\n";
    }
  }
  return lines;
}

Result<TrainingSet> PooledTrainingSet(const std::map<std::string, std::string>& files) {
  TrainingSet set;
  constexpr std::string_view kExamples = "examples/";
  constexpr std::string_view kLang = "lang/";
  for (const auto& [relative, text] : files) {  // ordered by path: by language code
    if (relative.rfind(kExamples, 0) == 0 && relative.size() > kExamples.size() + 6 &&
        relative.compare(relative.size() - 6, 6, ".jsonl") == 0) {
      const std::string code =
          relative.substr(kExamples.size(), relative.size() - kExamples.size() - 6);
      Result<std::vector<Example>> examples = ParseExamples(text, relative);
      if (!examples.ok()) return examples.status();
      set.examples[code] = std::move(*examples);
    } else if (relative.rfind(kLang, 0) == 0) {
      set.keyword_lines += KeywordTrainingLines(text);
    }
  }
  return set;
}

std::string TrainingHash(const TrainingSet& set) {
  std::string canonical = set.keyword_lines;
  for (const auto& [code, examples] : set.examples) {
    for (const Example& e : examples) {
      if (e.held_out) continue;
      canonical += MatchKey(e.text) + "\t";
      for (const std::string& b : e.barriers) canonical += b + ",";
      canonical += "\n";
    }
  }
  return crypto::HexEncode(crypto::Sha256(canonical));
}

std::vector<HeldOutAccuracy> ClassifierAccuracy(const Script& script) {
  std::vector<HeldOutAccuracy> rows;
  Result<TrainingSet> set = PooledTrainingSet(script.files());
  if (!set.ok()) return rows;  // CheckClassifiers reports it
  const std::string trained_on = TrainingHash(*set);
  for (const std::string& code : script.languages()) {
    auto examples = set->examples.find(code);
    if (examples == set->examples.end()) continue;
    HeldOutAccuracy row;
    row.language = code;
    row.examples = examples->second.size();
    const LanguageModel* model = script.understanding().Find(code);
    row.has_model = model != nullptr && model->classifier != nullptr;
    row.stale = row.has_model && model->classifier->manifest().trained_on != trained_on;
    for (const Example& e : examples->second) {
      if (!e.held_out) continue;
      ++row.held_out;
      const std::string key = MatchKey(e.text);
      const std::set<std::string> want(e.barriers.begin(), e.barriers.end());
      std::vector<std::string> got = FindBarriers(script, code, key);
      std::vector<std::string> rules = FindBarriersByRules(script, code, key);
      row.exact += std::set<std::string>(got.begin(), got.end()) == want;
      row.exact_rules += std::set<std::string>(rules.begin(), rules.end()) == want;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string ClassifierTable(const std::vector<HeldOutAccuracy>& rows) {
  std::string out = "  lang  examples  held out  exact (rules + classifier)  exact (rules alone)\n";
  char buf[160];
  for (const HeldOutAccuracy& r : rows) {
    std::snprintf(buf, sizeof buf, "  %-4s  %8zu  %8zu  %26s  %19s%s\n", r.language.c_str(),
                  r.examples, r.held_out,
                  r.has_model ? Percent(r.exact, r.held_out).c_str() : "no model",
                  Percent(r.exact_rules, r.held_out).c_str(), r.stale ? "  (stale model)" : "");
    out += buf;
  }
  return out;
}

void CheckClassifiers(const Script& script, std::vector<CheckFinding>* findings) {
  // Every examples file is parsed once, into the set the models learn from;
  // only when one does not parse is each language's parsed again, to name it.
  Result<TrainingSet> set = PooledTrainingSet(script.files());
  std::optional<std::string> trained_on;
  if (set.ok()) trained_on = TrainingHash(*set);
  for (const std::string& code : script.languages()) {
    const std::string relative = "examples/" + code + ".jsonl";
    auto file = script.files().find(relative);
    if (file == script.files().end()) continue;
    if (!set.ok()) {
      Result<std::vector<Example>> examples =
          ParseExamples(file->second, FileOf(script, relative));
      if (!examples.ok()) {
        findings->push_back({Severity::kError, FileOf(script, relative), "", code,
                             examples.status().message()});
        continue;
      }
    }
    const LanguageModel* model = script.understanding().Find(code);
    if (model == nullptr || model->classifier == nullptr) {
      findings->push_back({Severity::kWarning, FileOf(script, relative), "", code,
                           "examples but no model: run `levier dialogs train`"});
      continue;
    }
    // Staleness needs every file parsed: the error above says what to fix first.
    if (trained_on && model->classifier->manifest().trained_on != *trained_on) {
      findings->push_back({Severity::kWarning, FileOf(script, "models/" + code + ".json"), "",
                           code,
                           "stale model: the examples or the barrier keywords changed since it "
                           "was trained; run "
                           "`levier dialogs train`"});
    }
  }
}

}  // namespace levier::dialogs
