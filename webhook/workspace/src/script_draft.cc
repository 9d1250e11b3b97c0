#include "script_draft.h"

#include <set>

#include "levier/util/json_dump.h"
#include "levier/util/utf8.h"

namespace levier::workspace {
namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr std::string_view kFlowFile = "flow.json";

std::string LangFile(std::string_view code) { return "lang/" + std::string(code) + ".json"; }

// Text, keyword and node ids as the script files write them.
bool IsId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                    c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<ordered> ParseFile(const ScriptFiles& files, const std::string& name) {
  const auto it = files.find(name);
  if (it == files.end()) return Status::InvalidArgument("the script has no file " + name);
  ordered parsed = ordered::parse(it->second, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return Status::InvalidArgument(name + " is not a JSON object");
  return parsed;
}

// The file as the shipped ones are written: two-space indent, UTF-8 as is,
// a final newline.
std::string Dump(const ordered& value) {
  return value.dump(2, ' ', /*ensure_ascii=*/false, ordered::error_handler_t::replace) + "\n";
}

std::string StringMember(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status CheckLanguage(const ScriptFiles& files, const std::string& lang) {
  if (!IsId(lang) || files.count(LangFile(lang)) == 0) {
    return Status::InvalidArgument("lang: the script has no language '" + lang + "'");
  }
  return Status::Ok();
}

Status EditText(const json& edit, ScriptFiles* files, const EditLimits& limits) {
  const std::string lang = StringMember(edit, "lang");
  const std::string key = StringMember(edit, "key");
  if (Status s = CheckLanguage(*files, lang); !s.ok()) return s;
  if (!IsId(key)) return Status::InvalidArgument("key: not a text id");
  const auto value = edit.find("value");
  if (value == edit.end() || !value->is_string()) {
    return Status::InvalidArgument("value: must be a text");
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (text.size() > limits.max_text_bytes) {
    return Status::InvalidArgument("value: longer than " + std::to_string(limits.max_text_bytes) +
                                   " bytes");
  }
  Result<ordered> file = ParseFile(*files, LangFile(lang));
  if (!file.ok()) return file.status();
  ordered& texts = (*file)["texts"];
  if (!texts.is_object()) return Status::InvalidArgument(LangFile(lang) + ": texts is not an object");
  if (text.empty()) {
    texts.erase(key);  // the default language's text shows instead
  } else {
    texts[key] = text;
  }
  (*files)[LangFile(lang)] = Dump(*file);
  return Status::Ok();
}

Status EditKeywords(const json& edit, ScriptFiles* files, const EditLimits& limits) {
  const std::string lang = StringMember(edit, "lang");
  const std::string key = StringMember(edit, "key");
  if (Status s = CheckLanguage(*files, lang); !s.ok()) return s;
  if (!IsId(key)) return Status::InvalidArgument("key: not a keyword list id");
  const auto words = edit.find("words");
  if (words == edit.end() || !words->is_array() || words->size() > limits.max_keywords) {
    return Status::InvalidArgument("words: must be a list of at most " +
                                   std::to_string(limits.max_keywords) + " words");
  }
  ordered list = ordered::array();
  for (const json& word : *words) {
    if (!word.is_string() || word.get_ref<const std::string&>().empty() ||
        word.get_ref<const std::string&>().size() > limits.max_keyword_bytes) {
      return Status::InvalidArgument("words: each must be a text of 1 to " +
                                     std::to_string(limits.max_keyword_bytes) + " bytes");
    }
    list.push_back(word.get<std::string>());
  }
  Result<ordered> file = ParseFile(*files, LangFile(lang));
  if (!file.ok()) return file.status();
  ordered& keywords = (*file)["keywords"];
  if (!keywords.is_object()) {
    return Status::InvalidArgument(LangFile(lang) + ": keywords is not an object");
  }
  if (list.empty()) {
    keywords.erase(key);
  } else {
    keywords[key] = std::move(list);
  }
  (*files)[LangFile(lang)] = Dump(*file);
  return Status::Ok();
}

Result<ordered> ChoiceFromEdit(const json& given, std::size_t index) {
  const std::string where = "choices[" + std::to_string(index) + "]";
  if (!given.is_object()) return Status::InvalidArgument(where + ": must be an object");
  ordered choice = ordered::object();
  for (const char* name : {"label", "keywords", "barrier", "next"}) {
    const auto it = given.find(name);
    if (it == given.end() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
      continue;
    }
    if (!it->is_string() || !IsId(it->get_ref<const std::string&>())) {
      return Status::InvalidArgument(where + "." + name + ": not an id");
    }
    choice[name] = it->get<std::string>();
  }
  if (const auto set = given.find("set"); set != given.end() && !set->empty()) {
    if (!set->is_object()) return Status::InvalidArgument(where + ".set: must be an object");
    ordered entries = ordered::object();
    for (auto it = set->begin(); it != set->end(); ++it) {
      if (!IsId(it.key()) || !it->is_string() || !IsId(it->get_ref<const std::string&>())) {
        return Status::InvalidArgument(where + ".set: entries must be ids");
      }
      entries[it.key()] = it->get<std::string>();
    }
    choice["set"] = std::move(entries);
  }
  for (auto it = given.begin(); it != given.end(); ++it) {
    static const std::set<std::string> kKnown = {"label", "keywords", "barrier", "next", "set"};
    if (kKnown.count(it.key()) == 0) {
      return Status::InvalidArgument(where + ": unknown member '" + it.key() + "'");
    }
  }
  if (!choice.contains("label") && !choice.contains("barrier")) {
    return Status::InvalidArgument(where + ": a choice needs a label or a barrier");
  }
  return choice;
}

Status EditChoices(const json& edit, ScriptFiles* files, const EditLimits& limits) {
  const std::string node_id = StringMember(edit, "node");
  const auto given = edit.find("choices");
  if (given == edit.end() || !given->is_array() || given->empty() ||
      given->size() > limits.max_choices) {
    return Status::InvalidArgument("choices: must be a list of 1 to " +
                                   std::to_string(limits.max_choices) + " choices");
  }
  Result<ordered> flow = ParseFile(*files, std::string(kFlowFile));
  if (!flow.ok()) return flow.status();
  ordered& nodes = (*flow)["nodes"];
  if (!nodes.is_array()) return Status::InvalidArgument("flow.json: nodes is not a list");
  for (ordered& node : nodes) {
    if (!node.is_object() || node.value("id", "") != node_id) continue;
    if (!node.contains("choices")) {
      return Status::InvalidArgument("node: '" + node_id + "' asks no choice");
    }
    ordered choices = ordered::array();
    for (std::size_t i = 0; i < given->size(); ++i) {
      Result<ordered> choice = ChoiceFromEdit((*given)[i], i);
      if (!choice.ok()) return choice.status();
      choices.push_back(std::move(*choice));
    }
    node["choices"] = std::move(choices);
    (*files)[std::string(kFlowFile)] = Dump(*flow);
    return Status::Ok();
  }
  return Status::InvalidArgument("node: no node '" + node_id + "'");
}

// The object member `name` of a parsed file, or an empty object.
json Section(const ScriptFiles& files, const std::string& file, const char* name) {
  const auto it = files.find(file);
  if (it == files.end()) return json::object();
  json parsed = json::parse(it->second, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains(name) || !parsed[name].is_object()) {
    return json::object();
  }
  return parsed[name];
}

void CompareSection(const ScriptFiles& before, const ScriptFiles& after, const std::string& file,
                    const std::string& lang, const char* section, const char* what,
                    json* changes) {
  const json old_section = Section(before, file, section);
  const json new_section = Section(after, file, section);
  std::set<std::string> keys;
  for (auto it = old_section.begin(); it != old_section.end(); ++it) keys.insert(it.key());
  for (auto it = new_section.begin(); it != new_section.end(); ++it) keys.insert(it.key());
  for (const std::string& key : keys) {
    const json old_value = old_section.value(key, json());
    const json new_value = new_section.value(key, json());
    if (old_value == new_value) continue;
    changes->push_back({{"file", file}, {"what", what}, {"lang", lang}, {"key", key},
                        {"before", old_value}, {"after", new_value}});
  }
}

}  // namespace

Result<ScriptFiles> ParseScriptFiles(std::string_view text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return Status::InvalidArgument("script files are not a JSON object");
  ScriptFiles files;
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (!it->is_string()) return Status::InvalidArgument(it.key() + " is not text");
    files.emplace(it.key(), it->get<std::string>());
  }
  return files;
}

std::string DumpScriptFiles(const ScriptFiles& files) { return DumpJson(json(files)); }

Status ApplyEdit(const json& edit, ScriptFiles* files, const EditLimits& limits) {
  if (!edit.is_object()) return Status::InvalidArgument("an edit must be an object");
  const std::string op = StringMember(edit, "op");
  ScriptFiles changed = *files;
  Status applied = op == "text"       ? EditText(edit, &changed, limits)
                   : op == "keywords" ? EditKeywords(edit, &changed, limits)
                   : op == "choices"  ? EditChoices(edit, &changed, limits)
                                      : Status::InvalidArgument("op: must be text, keywords or choices");
  if (applied.ok()) *files = std::move(changed);
  return applied;
}

json EditorView(const ScriptFiles& files) {
  json view{{"languages", json::array()}, {"texts", json::object()}, {"keywords", json::object()}};
  const auto flow_it = files.find(std::string(kFlowFile));
  const json flow = flow_it == files.end()
                        ? json::object()
                        : json::parse(flow_it->second, nullptr, /*allow_exceptions=*/false);
  if (!flow.is_object()) return view;
  view["start"] = flow.value("start", "");
  view["default_language"] = flow.value("default_language", "");
  view["nodes"] = flow.contains("nodes") && flow["nodes"].is_array() ? flow["nodes"] : json::array();
  // Texts and keyword lists used outside the nodes (system texts, commands).
  view["shared_texts"] = flow.contains("texts") && flow["texts"].is_object() ? flow["texts"] : json::object();
  view["commands"] = flow.contains("commands") && flow["commands"].is_object() ? flow["commands"] : json::object();
  if (!flow.contains("languages") || !flow["languages"].is_array()) return view;
  for (const json& code : flow["languages"]) {
    if (!code.is_string()) continue;
    const std::string lang = code.get<std::string>();
    const auto it = files.find(LangFile(lang));
    if (it == files.end()) continue;
    const json pack = json::parse(it->second, nullptr, /*allow_exceptions=*/false);
    if (!pack.is_object()) continue;
    view["languages"].push_back({{"code", lang},
                                 {"name", pack.value("name", lang)},
                                 {"direction", pack.value("direction", "ltr")}});
    view["texts"][lang] = Section(files, LangFile(lang), "texts");
    view["keywords"][lang] = Section(files, LangFile(lang), "keywords");
  }
  return view;
}

json ScriptChanges(const ScriptFiles& before, const ScriptFiles& after) {
  json changes = json::array();
  std::set<std::string> names;
  for (const auto& [name, content] : before) names.insert(name);
  for (const auto& [name, content] : after) names.insert(name);
  for (const std::string& name : names) {
    const auto old_it = before.find(name);
    const auto new_it = after.find(name);
    if (old_it != before.end() && new_it != after.end() && old_it->second == new_it->second) {
      continue;
    }
    if (name.rfind("lang/", 0) == 0 && old_it != before.end() && new_it != after.end()) {
      const std::string lang = name.substr(5, name.size() - 5 - 5);
      const std::size_t count = changes.size();
      CompareSection(before, after, name, lang, "texts", "text", &changes);
      CompareSection(before, after, name, lang, "keywords", "keywords", &changes);
      if (changes.size() > count) continue;
    }
    if (name == kFlowFile && old_it != before.end() && new_it != after.end()) {
      const json old_flow = json::parse(old_it->second, nullptr, false);
      const json new_flow = json::parse(new_it->second, nullptr, false);
      std::map<std::string, json> old_nodes;
      if (old_flow.is_object() && old_flow.contains("nodes") && old_flow["nodes"].is_array()) {
        for (const json& n : old_flow["nodes"]) old_nodes[n.value("id", "")] = n;
      }
      const std::size_t count = changes.size();
      if (new_flow.is_object() && new_flow.contains("nodes") && new_flow["nodes"].is_array()) {
        for (const json& n : new_flow["nodes"]) {
          const std::string id = n.value("id", "");
          const auto old_node = old_nodes.find(id);
          const json old_value = old_node == old_nodes.end() ? json() : old_node->second;
          if (old_node != old_nodes.end()) old_nodes.erase(old_node);
          if (old_value == n) continue;
          changes.push_back({{"file", name}, {"what", "node"}, {"lang", ""}, {"key", id},
                             {"before", old_value}, {"after", n}});
        }
      }
      for (const auto& [id, n] : old_nodes) {
        changes.push_back({{"file", name}, {"what", "node"}, {"lang", ""}, {"key", id},
                           {"before", n}, {"after", json()}});
      }
      if (changes.size() > count) continue;
    }
    changes.push_back({{"file", name}, {"what", "file"}, {"lang", ""}, {"key", name},
                       {"before", json()}, {"after", json()}});
  }
  return changes;
}

json FindingsJson(const std::vector<dialogs::CheckFinding>& findings) {
  json list = json::array();
  for (const dialogs::CheckFinding& f : findings) {
    list.push_back(
        {{"severity", f.severity == dialogs::CheckFinding::Severity::kError ? "error" : "warning"},
         {"file", f.file},
         {"node", f.node},
         {"language", f.language},
         {"message", f.message}});
  }
  return list;
}

}  // namespace levier::workspace
