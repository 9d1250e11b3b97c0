// Shared fixtures for the dialogs tests: the shipped script and a small
// inline knowledge base with made-up providers (test data, not real facts).
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "levier/dialogs/engine.h"
#include "levier/dialogs/script.h"
#include "levier/kb/knowledge_base.h"

namespace levier::dialogs::test_util {

inline const Script& ShippedScript() {
  static const Script kScript = [] {
    Result<Script> s = Script::LoadFromDirectory(LEVIER_SOURCE_DIR "/dialogs/default");
    if (!s.ok()) {
      ADD_FAILURE() << s.status().ToString();
      return Script();
    }
    return std::move(s).value();
  }();
  return kScript;
}

// The shipped script with every question asked (no skip_if_same_providers):
// the tests that walk the whole flow (commands, forms, sessions) keep
// reaching every node whatever the test knowledge base holds. Skipping is
// tested on the shipped script by the transcripts and tests/eval, and on
// its own by flow_test.cc.
inline const Script& AskEveryQuestionScript() {
  static const Script kScript = [] {
    const std::filesystem::path from = LEVIER_SOURCE_DIR "/dialogs/default";
    const std::filesystem::path to = std::filesystem::temp_directory_path() /
                                     ("levier-ask-every-" + std::to_string(::getpid()));
    std::filesystem::remove_all(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
    nlohmann::json flow = nlohmann::json::parse(std::ifstream(from / "flow.json"));
    for (auto& node : flow["nodes"]) node.erase("skip_if_same_providers");
    std::ofstream(to / "flow.json", std::ios::trunc) << flow.dump(2);
    Result<Script> s = Script::LoadFromDirectory(to);
    std::filesystem::remove_all(to);
    if (!s.ok()) {
      ADD_FAILURE() << s.status().ToString();
      return Script();
    }
    return std::move(s).value();
  }();
  return kScript;
}

// The shipped knowledge base (knowledge-base/data).
inline const kb::KnowledgeBase& ShippedKb() {
  static const kb::KnowledgeBase kKb = [] {
    Result<kb::KnowledgeBase> k =
        kb::KnowledgeBase::LoadFromDirectory(LEVIER_SOURCE_DIR "/knowledge-base/data");
    if (!k.ok()) {
      ADD_FAILURE() << k.status().ToString();
      return kb::KnowledgeBase();
    }
    return std::move(k).value();
  }();
  return kKb;
}

// Mobility has four metropolis-wide providers (to test the cap of three);
// housing has one for Tours only and one for La Riche only; health has none.
inline constexpr std::string_view kProvidersJson = R"({"format":"levier-kb/1","providers":[
 {"id":"mob-a","name":"Mobi A","summary":{"fr":"Aide pour se déplacer.","en":"Help to get around"},
  "barriers":["mobilite"],"communes":[],"address":"","phone":"01 00 00 00 01","website":"https://a.example.org","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"mob-b","name":"Mobi B","summary":{"fr":"Permis solidaire"},
  "barriers":["mobilite"],"communes":[],"address":"2 rue Test, Tours","phone":"","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"mob-c","name":"Mobi C","summary":{"fr":"Location de vélos"},
  "barriers":["mobilite"],"communes":[],"address":"","phone":"01 00 00 00 03","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"mob-d","name":"Mobi D","summary":{"fr":"Garage solidaire"},
  "barriers":["mobilite"],"communes":[],"address":"","phone":"01 00 00 00 04","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"log-tours","name":"Logis Tours","summary":{"fr":"Trouver un logement"},
  "barriers":["logement"],"communes":["Tours"],"address":"","phone":"01 00 00 00 05","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""},
 {"id":"log-riche","name":"Logis La Riche","summary":{"fr":"Trouver un logement"},
  "barriers":["logement"],"communes":["La Riche"],"address":"","phone":"01 00 00 00 06","website":"","email":"","source":"test","source_date":"2024","confidence":"haute","verified":true,"notes":""}
]})";

inline constexpr std::string_view kNeighbourhoodsJson =
    R"({"format":"levier-kb/1","neighbourhoods":[{"id":"sanitas","name":"Sanitas","commune":"Tours","source":"test"}]})";

inline const kb::KnowledgeBase& TestKb() {
  static const kb::KnowledgeBase kKb = [] {
    Result<kb::KnowledgeBase> k =
        kb::KnowledgeBase::LoadFromJson(kProvidersJson, kNeighbourhoodsJson, "test-kb");
    if (!k.ok()) {
      ADD_FAILURE() << k.status().ToString();
      return kb::KnowledgeBase();
    }
    return std::move(k).value();
  }();
  return kKb;
}

// `text` with each {name} of `vars` replaced: expected replies are built
// from the script's own texts, so tests do not rest on its wording.
inline std::string Fill(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    const std::string field = "{" + name + "}";
    for (std::size_t at = text.find(field); at != std::string::npos;
         at = text.find(field, at + value.size())) {
      text.replace(at, field.size(), value);
    }
  }
  return text;
}

// Choice node `node_id` as a left-to-right `lang` reads it: its question,
// then one choice line per choice.
inline std::string Question(const std::string& lang, std::string_view node_id) {
  const Script& script = ShippedScript();
  const Node* node = script.FindNode(node_id);
  if (node == nullptr) {
    ADD_FAILURE() << "no node " << node_id;
    return {};
  }
  std::string out = script.Text(lang, node->text);
  for (std::size_t i = 0; i < node->choices.size(); ++i) {
    out += "\n" + Fill(script.Text(lang, script.choice_line_text()),
                       {{"n", std::to_string(i + 1)},
                        {"label", script.Text(lang, node->choices[i].label)}});
  }
  return out;
}

// Drives one participant through the shipped script, every question asked.
class Conversation {
 public:
  StepResult Send(std::string_view text) {
    StepInput input{text, "sms", now_, {}, {}};
    input.followups_possible = followups_possible;
    StepResult r = Step(AskEveryQuestionScript(), TestKb(), session_, input);
    now_ += 60;
    session_ = r.session;
    return r;
  }
  // Picks a choice by id, as a channel with buttons sends it.
  StepResult Choose(std::string_view choice_id) {
    StepInput input{"", "sms", now_, {}, {}};
    input.choice = choice_id;
    StepResult r = Step(AskEveryQuestionScript(), TestKb(), session_, input);
    now_ += 60;
    session_ = r.session;
    return r;
  }
  // A professional's invitation code, looked up by the caller.
  StepResult Invited(InvitationUse use, std::string_view language_hint = {},
                     std::string_view text = {}) {
    StepInput input{text, "sms", now_, {}, {}};
    input.invitation = use;
    input.language_hint = language_hint;
    input.followups_possible = followups_possible;
    StepResult r = Step(AskEveryQuestionScript(), TestKb(), session_, input);
    now_ += 60;
    session_ = r.session;
    return r;
  }
  // A voice note, a photo or a sticker: nothing Levier can read.
  StepResult SendUnreadable() {
    StepInput input{"", "whatsapp", now_, {}, {}};
    input.unreadable = true;
    StepResult r = Step(AskEveryQuestionScript(), TestKb(), session_, input);
    now_ += 60;
    session_ = r.session;
    return r;
  }
  const Session& session() const { return session_; }
  // What the resident's channel allows (StepInput::followups_possible).
  bool followups_possible = true;
  Session& mutable_session() { return session_; }
  UnixSeconds now() const { return now_; }

 private:
  Session session_;
  UnixSeconds now_ = 1'700'000'000;
};

}  // namespace levier::dialogs::test_util
