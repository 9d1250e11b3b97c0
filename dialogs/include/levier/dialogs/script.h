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

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"

namespace levier::kb { class KnowledgeBase; }

namespace levier::dialogs {

struct Understanding;  // compiled vocabularies, private to the engine

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
  kQuestion,   // free-text question: sends `text`, waits; any answer goes to `next`
               // (or `on_barrier` when it names barriers, which are recorded).
               // The answer itself is never stored.
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
  // kChoice: after `max_misses` misses in a row, go to this node instead of
  // asking again ("" = keep asking, with `on_no_match`).
  std::string fallback;
  // kChoice: when an answer matches no choice but names a barrier not yet
  // known, the barrier is recorded and the flow goes here ("" = ask again).
  std::string on_barrier;
  // Any node: where a resident who comes back after the inactivity timeout
  // resumes ("" = ask "carry on or start over?").
  std::string on_timeout;
  // kFollowups: barrier code -> follow-up question node
  std::map<std::string, std::string> followups;
  // kReferral
  ReferralTexts referral;
  // Event the engine reports when the flow enters this node ("" none,
  // "followup_consented", "followup_answered", "copy_requested",
  // "share_consented").
  std::string event;
  // kChoice: a question the resident may answer at any time (a follow-up
  // sent days later): no "carry on or start over?" after the inactivity timeout.
  bool no_timeout = false;
  // kChoice: skipped (silently, to `next`) unless the same step proposed at
  // least one provider: no follow-up consent after "no contact to give you".
  bool only_after_referrals = false;
  // kChoice: skipped (silently, to `next`) when the resident's channel cannot
  // send a follow-up (StepInput::followups_possible): no consent asked for
  // something that cannot happen.
  bool only_if_followups = false;
  // kChoice: skipped (silently, to `next`) unless the resident's channel can
  // send a written copy of the contacts (StepInput::copy_possible: a phone
  // call, whose contacts can be sent by SMS).
  bool only_if_copy = false;
  // kChoice: skipped (silently, to `next`) unless the conversation started
  // with a professional's invitation code (Session::invitation): the
  // question of sharing a summary with them.
  bool only_if_invited = false;
  // kChoice: skipped (silently, to `next`) when every answer, whatever the
  // other questions still open get, leads to the same providers for the
  // barriers pending: the question would not change what the resident gets.
  bool skip_if_same_providers = false;
  // kChoice: answered from any message that states it ("j'habite au
  // Sanitas", "j'ai 23 ans"): a stated age picks the choice whose age range
  // holds it; a neighbourhood or commune named in the knowledge base, or a
  // choice's keywords, pick the choice for that commune.
  bool from_message = false;
};

// The global commands, recognised at any node as the whole message.
struct Command {
  std::string keywords;  // keyword list id ("" = command disabled)
  std::string reply;     // text id ("" = none); for erase, the yes/no question
  std::string next;      // node id ("" = stay)
  std::string done;      // erase: text sent once confirmed
};

struct Commands {
  Command stop;
  Command start;
  Command help;
  Command menu;      // start over
  Command language;  // show the language menu
  Command erase;     // erase my data (asks first)
  Command person;    // talk to a person
  Command withdraw;  // no longer share the summary with the inviting professional

  std::array<const Command*, 8> All() const {
    return {&stop, &start, &help, &menu, &language, &erase, &person, &withdraw};
  }
};

// Which recorded answers (a choice's "set": key -> value) tell the knowledge
// base which providers fit: flow.json "profile", checked by `levier check`.
// The engine reads recorded answers only through this, so a value a
// coordinator renames in a choice is renamed here too or reported.
struct AgeRange {
  int min = -1;
  int max = -1;
};
struct ProfileFacts {
  std::string commune_key;        // recorded value is the commune's name ("" = not asked)
  std::string neighbourhood_key;  // recorded value is a neighbourhood id
  std::string age_key;
  std::map<std::string, AgeRange> ages;  // recorded value -> age bracket
  std::string disability_key;
  std::map<std::string, bool> disability;  // recorded value -> recognised disability or not
  std::string young_children_key;
  std::map<std::string, bool> young_children;  // recorded value -> has children under 3 or not
};

// One language file, with keywords also stored normalised for matching.
struct LanguagePack {
  std::string code;
  std::string file;  // path as named in errors and findings
  std::string name;  // the language named in its own words ("Türkçe")
  bool rtl = false;  // "direction": "rtl" (Arabic): see docs/dialogs.md
  std::map<std::string, std::string> texts;
  // The "voice" section, for replies read aloud on a phone call: the
  // language tag of the voice that reads them ("fr-FR", for Twilio's <Say>),
  // and the texts that read badly aloud written another way (same ids as
  // `texts`: "{label}, tapez {n}" for the choice line).
  std::string voice_tag;
  std::map<std::string, std::string> spoken_texts;
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
  // Loads a script from its raw files keyed by relative path ("flow.json",
  // "lang/fr.json", ...), e.g. a published version kept in the database.
  // `origin` prefixes file names in errors ("dialogs/default", "version
  // 3fa2..."); "" names files by their relative path. Keys that flow.json
  // does not use are ignored. LoadFromDirectory reads the files and calls it.
  static Result<Script> LoadFromFiles(const std::map<std::string, std::string>& files,
                                      std::string_view origin);
  static Result<Script> LoadFromFiles(const std::map<std::string, std::string>& files,
                                      std::string_view origin, const ScriptLimits& limits);

  // Writes files() into `dir` in the layout LoadFromDirectory reads (binary
  // model files decoded), creating folders; existing files are replaced,
  // others left alone. LoadFromDirectory(dir) then gives back this version.
  Status WriteToDirectory(const std::filesystem::path& dir) const;

  const std::string& id() const;
  // Content version: changes whenever any file of the script changes.
  // First 16 hex digits of SHA-256 over the files, in a fixed order.
  const std::string& version() const;
  const std::string& default_language() const;
  const std::vector<std::string>& languages() const;
  // The raw files the script was loaded from, keyed by relative path: exactly
  // those that went into version(). LoadFromFiles(files(), ...) gives back
  // the same script and the same version.
  const std::map<std::string, std::string>& files() const { return files_; }

  const std::string& flow_file() const { return flow_file_; }
  const std::string& start() const { return start_; }
  // Node a finished conversation resumes at when the resident writes again.
  const std::string& restart() const { return restart_; }
  // First node of the follow-up the outbox sends ("" = the script has none).
  const std::string& followup() const { return followup_; }
  const Commands& commands() const { return commands_; }
  const ProfileFacts& profile_facts() const { return profile_facts_; }
  // Text ids used by the engine outside any node.
  const std::string& not_understood_text() const { return not_understood_; }
  const std::string& choice_line_text() const { return choice_line_; }
  // Keyword list id of the words allowed before a number ("n", "numero").
  const std::string& number_prefix_keywords() const { return number_prefix_; }
  // Text or keyword list id the engine uses for `key` outside any node
  // ("yes", "no", "kw_yes", "confirm_barrier", "language_menu", "resume",
  // ...): flow.json "texts" may rename each; by default the id is the key.
  const std::string& SystemId(std::string_view key) const;
  const std::map<std::string, std::string, std::less<>>& system_ids() const { return system_ids_; }
  // The compiled vocabularies (never null on a loaded script).
  const Understanding& understanding() const;

  const std::vector<Node>& nodes() const { return nodes_; }
  // nullptr when unknown.
  const Node* FindNode(std::string_view id) const;
  // nullptr when `code` is not a declared language.
  const LanguagePack* Language(std::string_view code) const;
  const std::vector<LanguagePack>& language_packs() const { return packs_; }

  // Text `id` in `lang`, else in the default language, else "".
  const std::string& Text(std::string_view lang, std::string_view id) const;
  // Text `id` as read aloud: the language's spoken variant ("voice" section)
  // when it has one, else Text(lang, id).
  const std::string& SpokenText(std::string_view lang, std::string_view id) const;
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
  std::string followup_;
  Commands commands_;
  ProfileFacts profile_facts_;
  std::string not_understood_;
  std::string choice_line_;
  std::string number_prefix_;
  std::map<std::string, std::string, std::less<>> system_ids_;
  std::shared_ptr<const Understanding> understanding_;
  std::vector<Node> nodes_;
  std::map<std::string, std::size_t, std::less<>> node_index_;
  std::vector<LanguagePack> packs_;
  std::map<std::string, std::string> files_;

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
