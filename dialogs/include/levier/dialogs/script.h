// A dialog script: the nodes, texts and keywords residents see, per language,
// loaded from JSON files in dialogs/ that coordinators edit.
//
// Layout of a script directory (see docs/dialogs.md):
//   flow.json        format "levier-dialog/1": nodes, transitions, commands
//   lang/<code>.json  format "levier-dialog-lang/1": every text by id and
//                     every keyword list by id, for one language
// The C++ code holds no resident-facing text and no keyword: it only knows
// ids. A text or keyword list missing in a language falls back to the
// default language at run time.
//
// Thread-safety: immutable after loading; share freely across threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"

namespace levier::kb { class KnowledgeBase; }

namespace levier::dialogs {

// Bounds on what the loader accepts; a script over them fails to load.
struct ScriptLimits {
  std::size_t max_file_bytes = 1 << 20;  // each JSON file
  std::size_t max_nodes = 500;
  std::size_t max_choices = 50;          // per choice node
  int max_json_depth = 16;
};

enum class NodeKind {
  kMessage,    // sends `text`, then goes to `next` (or `barriers_next`)
  kChoice,     // sends `text` and numbered choices, waits for an answer
  kFollowups,  // dispatches to the follow-up question of the next pending barrier
  kReferral,   // lists providers for each pending barrier, then `next`
  kHandoff,    // sends how to reach a person (`text`), then `next`
  kEnd,        // sends `text`, ends the conversation
};

std::string_view NodeKindName(NodeKind kind);

struct Choice {
  std::string label;     // text id shown after the number
  std::string keywords;  // keyword list id ("" = none besides the label)
  std::string barrier;   // barrier code this choice identifies, or ""
  std::map<std::string, std::string> set;  // profile entries recorded when chosen
  std::string next;      // node id; "" = the node's `next`
};

// Text ids used by a referral node to build its replies.
struct ReferralTexts {
  std::string intro = "ref_intro";        // "{barrier} : ..."
  std::string provider = "ref_provider";  // "{name} : {summary}{contact}{website}"
  std::string provider_no_summary = "ref_provider_no_summary";
  std::string phone = "ref_phone";        // "{phone}"
  std::string address = "ref_address";    // "{address}"
  std::string website = "ref_website";    // "{website}"
  std::string none = "ref_none";          // "{barrier}" when no provider fits
};

struct Node {
  std::string id;
  NodeKind kind = NodeKind::kMessage;
  std::string text;           // text id ("" for referral/followups)
  std::string next;           // default transition ("" for end)
  // kMessage: when the message that led here names barriers, they are
  // recorded and the flow goes to `barriers_next` instead of `next`.
  std::string barriers_next;
  // kChoice
  std::vector<Choice> choices;
  int max_misses = 2;         // after this many misses in a row, `on_no_match` is offered
  std::string on_no_match;    // text id, e.g. how to reach a person
  std::string skip_if_known;  // profile key: when already known, go to `next` silently
  // kFollowups: barrier code -> follow-up question node
  std::map<std::string, std::string> followups;
  // kReferral
  ReferralTexts referral;
};

// The global commands, recognised at any node as the whole message.
struct Command {
  std::string keywords;  // keyword list id
  std::string reply;     // text id ("" = none)
  std::string next;      // node id ("" = stay)
};

struct Commands {
  Command stop;
  Command start;
  Command help;
  Command menu;
};

// One language file, with keywords also stored normalised for matching.
struct LanguagePack {
  std::string code;
  std::string file;  // path as named in errors and findings
  std::map<std::string, std::string> texts;
  std::map<std::string, std::vector<std::string>> keywords;          // as written
  std::map<std::string, std::vector<std::string>> keyword_keys;      // MatchKey() of each
};

class Script {
 public:
  // Loads the script in `dir` (dialogs/default). Errors name the file, the
  // node and the language at fault. Transitions to missing nodes are loaded
  // (CheckScript reports them) so a coordinator sees every problem at once.
  static Result<Script> LoadFromDirectory(const std::filesystem::path& dir);
  static Result<Script> LoadFromDirectory(const std::filesystem::path& dir,
                                          const ScriptLimits& limits);

  const std::string& id() const;
  // Content version: changes whenever any file of the script changes.
  // First 16 hex digits of SHA-256 over the files, in a fixed order.
  const std::string& version() const;
  const std::string& default_language() const;
  const std::vector<std::string>& languages() const;

  const std::string& flow_file() const { return flow_file_; }
  const std::string& start() const { return start_; }
  // Node a finished conversation resumes at when the resident writes again.
  const std::string& restart() const { return restart_; }
  const Commands& commands() const { return commands_; }
  // Text ids used by the engine outside any node.
  const std::string& not_understood_text() const { return not_understood_; }
  const std::string& choice_line_text() const { return choice_line_; }
  // Keyword list id of the words allowed before a number ("n", "numero").
  const std::string& number_prefix_keywords() const { return number_prefix_; }

  const std::vector<Node>& nodes() const { return nodes_; }
  // nullptr when unknown.
  const Node* FindNode(std::string_view id) const;
  // nullptr when `code` is not a declared language.
  const LanguagePack* Language(std::string_view code) const;
  const std::vector<LanguagePack>& language_packs() const { return packs_; }

  // Text `id` in `lang`, else in the default language, else "".
  const std::string& Text(std::string_view lang, std::string_view id) const;
  // Normalised keyword list `id` in `lang`, else in the default language;
  // nullptr when neither has it.
  const std::vector<std::string>* KeywordKeys(std::string_view lang, std::string_view id) const;

 private:
  std::string id_;
  std::string version_;
  std::string default_language_;
  std::vector<std::string> languages_;
  std::string flow_file_;
  std::string start_;
  std::string restart_;
  Commands commands_;
  std::string not_understood_;
  std::string choice_line_;
  std::string number_prefix_;
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t, std::less<>> node_index_;
  std::vector<LanguagePack> packs_;

  friend class ScriptLoader;
};

// One finding of `levier check`.
struct CheckFinding {
  enum class Severity { kError, kWarning };
  Severity severity;
  std::string file;
  std::string node;      // "" when not node-specific
  std::string language;  // "" when not language-specific
  std::string message;
};

// Static checks a coordinator runs before publishing. Errors make
// `levier check` exit non-zero; warnings are printed only.
std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb);

}  // namespace levier::dialogs
