#include "script_loader.h"

#include <set>
#include <sstream>
#include <system_error>

#include "levier/dialogs/text.h"

namespace levier::dialogs {
namespace {

using nlohmann::json;

constexpr std::string_view kFlowFormat = "levier-dialog/1";
constexpr std::size_t kMaxIdLength = 64;

bool ParseKind(std::string_view name, NodeKind* kind) {
  static constexpr std::pair<std::string_view, NodeKind> kKinds[] = {
      {"message", NodeKind::kMessage},   {"choice", NodeKind::kChoice},
      {"followups", NodeKind::kFollowups}, {"referral", NodeKind::kReferral},
      {"handoff", NodeKind::kHandoff},   {"end", NodeKind::kEnd},
      {"question", NodeKind::kQuestion},
  };
  for (const auto& [n, k] : kKinds) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

}  // namespace

namespace loader {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Reads an optional string member. Fails when present but not a string.
Status OptionalString(const json& object, const char* key, const std::string& where,
                      std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) {
    return Status::InvalidArgument(where + ": '" + key + "' must be a string");
  }
  *out = it->get<std::string>();
  if (out->size() > kMaxTextLength) {
    return Status::InvalidArgument(where + ": '" + key + "' is too long");
  }
  return Status::Ok();
}

Status RequiredString(const json& object, const char* key, const std::string& where,
                      std::string* out) {
  if (!object.contains(key)) {
    return Status::InvalidArgument(where + ": missing '" + key + "'");
  }
  Status s = OptionalString(object, key, where, out);
  if (!s.ok()) return s;
  if (out->empty()) return Status::InvalidArgument(where + ": '" + key + "' is empty");
  return Status::Ok();
}

// An id member: when present it must look like an id.
Status OptionalId(const json& object, const char* key, const std::string& where,
                  std::string* out) {
  Status s = OptionalString(object, key, where, out);
  if (!s.ok()) return s;
  if (!out->empty() && !IsValidId(*out)) {
    return Status::InvalidArgument(where + ": '" + key + "' '" + *out +
                                   "' is not a valid id (letters, digits, _ - . only)");
  }
  return Status::Ok();
}

}  // namespace loader

using loader::IsValidId;
using loader::OptionalId;
using loader::OptionalString;
using loader::RequiredString;

Status ScriptLoader::ParseFlow(const json& flow) {
  const std::string& file = script_.flow_file_;
  if (!flow.is_object()) return Status::InvalidArgument(file + ": must be a JSON object");
  std::string format;
  Status s = RequiredString(flow, "format", file, &format);
  if (!s.ok()) return s;
  if (format != kFlowFormat) {
    return Status::InvalidArgument(file + ": format '" + format + "' is not '" +
                                   std::string(kFlowFormat) + "'");
  }
  if (s = RequiredString(flow, "id", file, &script_.id_); !s.ok()) return s;
  if (s = RequiredString(flow, "default_language", file, &script_.default_language_); !s.ok()) {
    return s;
  }
  auto langs = flow.find("languages");
  if (langs == flow.end() || !langs->is_array() || langs->empty()) {
    return Status::InvalidArgument(file + ": 'languages' must be a non-empty list");
  }
  if (langs->size() > 50) return Status::ResourceExhausted(file + ": too many languages");
  for (const json& l : *langs) {
    if (!l.is_string() || !IsValidId(l.get<std::string>())) {
      return Status::InvalidArgument(file + ": 'languages' holds an invalid language code");
    }
    std::string code = l.get<std::string>();
    for (const auto& seen : script_.languages_) {
      if (seen == code) {
        return Status::InvalidArgument(file + ": language '" + code + "' listed twice");
      }
    }
    script_.languages_.push_back(code);
  }
  if (script_.languages_.front() != script_.default_language_) {
    bool found = false;
    for (const auto& l : script_.languages_) found = found || l == script_.default_language_;
    if (!found) {
      return Status::InvalidArgument(file + ": default language '" + script_.default_language_ +
                                     "' is not in 'languages'");
    }
  }
  if (s = RequiredString(flow, "start", file, &script_.start_); !s.ok()) return s;
  if (s = OptionalId(flow, "restart", file, &script_.restart_); !s.ok()) return s;
  if (script_.restart_.empty()) script_.restart_ = script_.start_;
  if (s = OptionalId(flow, "followup", file, &script_.followup_); !s.ok()) return s;

  // Ids the engine uses outside nodes; flow.json "texts" may rename them.
  static constexpr std::string_view kSystemKeys[] = {
      "not_understood",  "choice_line",    "number_prefix",   "yes",           "no",
      "kw_yes",          "kw_no",          "confirm_barrier", "language_menu", "resume",
      "resume_continue", "resume_restart", "kw_continue",     "kw_restart",    "followup_intro",
      "understood",      "understood_and", "kw_age_before",   "kw_age_after",  "media_not_read",
      "choose_button",   "invitation_noted", "invitation_expired"};
  for (std::string_view key : kSystemKeys) script_.system_ids_.emplace(key, key);
  if (auto texts = flow.find("texts"); texts != flow.end()) {
    if (!texts->is_object()) return Status::InvalidArgument(file + ": 'texts' must be an object");
    std::string where = file + ": texts";
    for (const auto& [key, value] : texts->items()) {
      auto it = script_.system_ids_.find(key);
      if (it == script_.system_ids_.end()) {
        return Status::InvalidArgument(where + ": unknown entry '" + key + "'");
      }
      if (s = OptionalId(*texts, key.c_str(), where, &it->second); !s.ok()) return s;
    }
  }
  script_.not_understood_ = script_.system_ids_.at("not_understood");
  script_.choice_line_ = script_.system_ids_.at("choice_line");
  script_.number_prefix_ = script_.system_ids_.at("number_prefix");

  auto commands = flow.find("commands");
  if (commands == flow.end() || !commands->is_object()) {
    return Status::InvalidArgument(file + ": 'commands' must be an object with stop, start, "
                                          "help and menu");
  }
  struct Slot {
    const char* name;
    Command* command;
    bool required;
  };
  Commands& c = script_.commands_;
  for (Slot slot : {Slot{"stop", &c.stop, true}, Slot{"start", &c.start, true},
                    Slot{"help", &c.help, true}, Slot{"menu", &c.menu, true},
                    Slot{"language", &c.language, false}, Slot{"erase", &c.erase, false},
                    Slot{"person", &c.person, false}, Slot{"withdraw", &c.withdraw, false}}) {
    std::string where = file + ": command '" + slot.name + "'";
    auto it = commands->find(slot.name);
    if (it == commands->end() && !slot.required) continue;
    if (it == commands->end() || !it->is_object()) {
      return Status::InvalidArgument(where + ": missing");
    }
    if (s = RequiredString(*it, "keywords", where, &slot.command->keywords); !s.ok()) return s;
    if (s = OptionalId(*it, "reply", where, &slot.command->reply); !s.ok()) return s;
    if (s = OptionalId(*it, "next", where, &slot.command->next); !s.ok()) return s;
    if (s = OptionalId(*it, "done", where, &slot.command->done); !s.ok()) return s;
  }
  if (c.start.next.empty()) c.start.next = script_.start_;
  if (s = ParseProfile(flow); !s.ok()) return s;

  auto nodes = flow.find("nodes");
  if (nodes == flow.end() || !nodes->is_array() || nodes->empty()) {
    return Status::InvalidArgument(file + ": 'nodes' must be a non-empty list");
  }
  if (nodes->size() > limits_.max_nodes) {
    return Status::ResourceExhausted(file + ": more than " + std::to_string(limits_.max_nodes) +
                                     " nodes");
  }
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    Node node;
    if (s = ParseNode((*nodes)[i], i, &node); !s.ok()) return s;
    if (!script_.node_index_.emplace(node.id, script_.nodes_.size()).second) {
      return Status::InvalidArgument(file + ": node '" + node.id + "': id used twice");
    }
    script_.nodes_.push_back(std::move(node));
  }
  if (script_.FindNode(script_.start_) == nullptr) {
    return Status::InvalidArgument(file + ": start node '" + script_.start_ + "' does not exist");
  }
  return Status::Ok();
}

Status ScriptLoader::ParseNode(const json& j, std::size_t index, Node* node) {
  const std::string& file = script_.flow_file_;
  std::string where = file + ": node " + std::to_string(index + 1);
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  Status s = RequiredString(j, "id", where, &node->id);
  if (!s.ok()) return s;
  if (!IsValidId(node->id)) {
    return Status::InvalidArgument(where + ": id '" + node->id + "' is not a valid id");
  }
  where = file + ": node '" + node->id + "'";
  std::string kind;
  if (s = RequiredString(j, "kind", where, &kind); !s.ok()) return s;
  if (!ParseKind(kind, &node->kind)) {
    return Status::InvalidArgument(where + ": unknown kind '" + kind +
                                   "' (message, choice, followups, referral, handoff, end)");
  }
  if (s = OptionalId(j, "text", where, &node->text); !s.ok()) return s;
  if (s = OptionalId(j, "next", where, &node->next); !s.ok()) return s;
  if (s = OptionalId(j, "barriers_next", where, &node->barriers_next); !s.ok()) return s;
  if (s = OptionalId(j, "on_no_match", where, &node->on_no_match); !s.ok()) return s;
  if (s = OptionalString(j, "skip_if_known", where, &node->skip_if_known); !s.ok()) return s;
  if (s = OptionalId(j, "fallback", where, &node->fallback); !s.ok()) return s;
  if (s = OptionalId(j, "on_barrier", where, &node->on_barrier); !s.ok()) return s;
  if (s = OptionalId(j, "on_timeout", where, &node->on_timeout); !s.ok()) return s;
  if (s = OptionalString(j, "event", where, &node->event); !s.ok()) return s;
  if (!node->event.empty() && node->event != "followup_consented" &&
      node->event != "followup_answered" && node->event != "copy_requested" &&
      node->event != "share_consented") {
    return Status::InvalidArgument(where + ": unknown event '" + node->event +
                                   "' (followup_consented, followup_answered, copy_requested, "
                                   "share_consented)");
  }
  if (auto it = j.find("only_after_referrals"); it != j.end()) {
    if (!it->is_boolean()) {
      return Status::InvalidArgument(where + ": 'only_after_referrals' must be true or false");
    }
    node->only_after_referrals = it->get<bool>();
  }
  for (auto [name, flag] : {std::pair{"skip_if_same_providers", &node->skip_if_same_providers},
                            std::pair{"from_message", &node->from_message},
                            std::pair{"only_if_followups", &node->only_if_followups},
                            std::pair{"only_if_copy", &node->only_if_copy},
                            std::pair{"only_if_invited", &node->only_if_invited}}) {
    auto it = j.find(name);
    if (it == j.end()) continue;
    if (!it->is_boolean()) {
      return Status::InvalidArgument(where + ": '" + name + "' must be true or false");
    }
    if (node->kind != NodeKind::kChoice) {
      return Status::InvalidArgument(where + ": only choice nodes have '" + name + "'");
    }
    *flag = it->get<bool>();
  }
  if (auto it = j.find("no_timeout"); it != j.end()) {
    if (!it->is_boolean()) return Status::InvalidArgument(where + ": 'no_timeout' must be true or false");
    node->no_timeout = it->get<bool>();
  }
  if (node->kind != NodeKind::kChoice && !node->fallback.empty()) {
    return Status::InvalidArgument(where + ": only choice nodes have 'fallback'");
  }
  if (node->kind != NodeKind::kChoice && node->kind != NodeKind::kQuestion &&
      !node->on_barrier.empty()) {
    return Status::InvalidArgument(where + ": only choice and question nodes have 'on_barrier'");
  }

  bool needs_text = node->kind == NodeKind::kMessage || node->kind == NodeKind::kChoice ||
                    node->kind == NodeKind::kHandoff || node->kind == NodeKind::kEnd ||
                    node->kind == NodeKind::kQuestion;
  if (needs_text && node->text.empty()) {
    return Status::InvalidArgument(where + ": missing 'text' (a text id from lang/*.json)");
  }
  if (auto it = j.find("max_misses"); it != j.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 100) {
      return Status::InvalidArgument(where + ": 'max_misses' must be a whole number from 1 to 100");
    }
    node->max_misses = static_cast<int>(it->get<long long>());
  }

  auto choices = j.find("choices");
  if (node->kind == NodeKind::kChoice) {
    if (choices == j.end() || !choices->is_array() || choices->empty()) {
      return Status::InvalidArgument(where + ": 'choices' must be a non-empty list");
    }
    if (choices->size() > limits_.max_choices) {
      return Status::ResourceExhausted(where + ": more than " +
                                       std::to_string(limits_.max_choices) + " choices");
    }
    for (std::size_t i = 0; i < choices->size(); ++i) {
      Choice choice;
      s = ParseChoice((*choices)[i], where + ": choice " + std::to_string(i + 1), &choice);
      if (!s.ok()) return s;
      node->choices.push_back(std::move(choice));
    }
  } else if (choices != j.end()) {
    return Status::InvalidArgument(where + ": only choice nodes have 'choices'");
  }

  if (auto f = j.find("followups"); f != j.end()) {
    if (node->kind != NodeKind::kFollowups || !f->is_object()) {
      return Status::InvalidArgument(where + ": 'followups' must be an object on a followups node");
    }
    if (f->size() > limits_.max_choices) {
      return Status::ResourceExhausted(where + ": too many followups");
    }
    for (const auto& [barrier, target] : f->items()) {
      if (!target.is_string() || !IsValidId(target.get<std::string>())) {
        return Status::InvalidArgument(where + ": followup '" + barrier +
                                       "' must name a node id");
      }
      node->followups[barrier] = target.get<std::string>();
    }
  }

  if (auto t = j.find("texts"); t != j.end()) {
    if (node->kind != NodeKind::kReferral || !t->is_object()) {
      return Status::InvalidArgument(where + ": 'texts' must be an object on a referral node");
    }
    ReferralTexts& r = node->referral;
    std::string tw = where + ": texts";
    for (auto [key, field] : {std::pair{"intro", &r.intro}, std::pair{"provider", &r.provider},
                              std::pair{"provider_no_summary", &r.provider_no_summary},
                              std::pair{"phone", &r.phone}, std::pair{"address", &r.address},
                              std::pair{"website", &r.website}, std::pair{"none", &r.none}}) {
      if (s = OptionalId(*t, key, tw, field); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status ScriptLoader::ParseChoice(const json& j, const std::string& where, Choice* choice) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": must be an object");
  Status s = OptionalString(j, "barrier", where, &choice->barrier);
  if (!s.ok()) return s;
  if (s = OptionalId(j, "label", where, &choice->label); !s.ok()) return s;
  if (s = OptionalId(j, "keywords", where, &choice->keywords); !s.ok()) return s;
  if (s = OptionalId(j, "next", where, &choice->next); !s.ok()) return s;
  // A barrier choice reads its label and vocabulary from "barrier.<code>".
  if (!choice->barrier.empty()) {
    if (choice->label.empty()) choice->label = "barrier." + choice->barrier;
    if (choice->keywords.empty()) choice->keywords = "barrier." + choice->barrier;
  }
  if (choice->label.empty()) return Status::InvalidArgument(where + ": missing 'label'");
  if (auto set = j.find("set"); set != j.end()) {
    if (!set->is_object() || set->size() > 20) {
      return Status::InvalidArgument(where + ": 'set' must be an object of at most 20 entries");
    }
    for (const auto& [key, value] : set->items()) {
      if (!IsValidId(key) || !value.is_string() || value.get<std::string>().size() > 200) {
        return Status::InvalidArgument(where + ": 'set' entry '" + key +
                                       "' must map an id to a short string");
      }
      choice->set[key] = value.get<std::string>();
    }
  }
  return Status::Ok();
}

}  // namespace levier::dialogs
