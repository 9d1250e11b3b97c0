// CheckScript: the static checks `levier check` prints for coordinators.
// This file checks the structure (transitions, barriers, texts, keywords);
// check_plain.cc the wording, check_segments.cc the SMS cost.
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "check_internal.h"
#include "levier/dialogs/check.h"
#include "levier/dialogs/classifier.h"
#include "levier/dialogs/script.h"
#include "levier/dialogs/text.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/barriers.h"

namespace levier::dialogs {
namespace {

constexpr std::string_view kBarrierPrefix = "barrier.";
constexpr std::string_view kResourcePrefix = "resource.";
constexpr std::string_view kUsePrefix = "use.";
constexpr std::string_view kWeakPrefix = "weak.";

using Severity = CheckFinding::Severity;
using check_internal::Uses;

class Checker {
 public:
  Checker(const Script& script, const kb::KnowledgeBase& kb) : script_(script), kb_(kb) {}

  std::vector<CheckFinding> Run() {
    CollectReferences();
    CheckTransitions();
    CheckReachability();
    check_internal::CheckLoopsAndDeadEnds(script_, &flagged_, &findings_);
    CheckBarriers();
    CheckTexts();
    CheckKeywords();
    CheckFollowups();
    return std::move(findings_);
  }

 private:
  void Add(Severity severity, const std::string& file, const std::string& node,
           const std::string& language, std::string message) {
    findings_.push_back(CheckFinding{severity, file, node, language, std::move(message)});
  }
  void AddFlow(Severity severity, const std::string& node, std::string message) {
    Add(severity, script_.flow_file(), node, "", std::move(message));
  }
  const LanguagePack* DefaultPack() const { return script_.Language(script_.default_language()); }

  // Text and keyword ids the flow uses, each with the first node using it.
  void UseText(const std::string& id, const std::string& node) {
    if (!id.empty()) texts_used_.emplace(id, node);
  }
  void UseKeywords(const std::string& id, const std::string& node, bool required) {
    if (id.empty()) return;
    keywords_used_.emplace(id, node);
    if (required) required_keywords_.insert(id);
  }

  void CollectReferences() {
    const Uses global = check_internal::ScriptWideUses(script_);
    for (const std::string& id : global.texts) UseText(id, "");
    // STOP, START, HELP and MENU must have their words in the default
    // language; the other commands (language, erase, person) are optional.
    const Commands& c = script_.commands();
    for (const std::string& id : global.keywords) {
      const bool command = id == c.stop.keywords || id == c.start.keywords ||
                           id == c.help.keywords || id == c.menu.keywords;
      UseKeywords(id, "", command);
    }
    for (const Node& node : script_.nodes()) {
      const Uses uses = check_internal::UsesOf(node);
      for (const std::string& id : uses.texts) UseText(id, node.id);
      for (const std::string& id : uses.keywords) UseKeywords(id, node.id, false);
      for (const Choice& choice : node.choices) {
        if (!choice.keywords.empty()) choice_keywords_.insert(choice.keywords);
      }
    }
    // Texts included with {@id} and barrier labels the referral shows.
    if (const LanguagePack* pack = DefaultPack()) {
      std::map<std::string, std::string> snapshot(texts_used_.begin(), texts_used_.end());
      for (const auto& [id, node] : snapshot) {
        auto it = pack->texts.find(id);
        if (it == pack->texts.end()) continue;
        for (const std::string& included : check_internal::Inclusions(it->second)) {
          UseText(included, node);
        }
      }
    }
  }

  void CheckTarget(const std::string& node, const std::string& what, const std::string& target) {
    if (!target.empty() && script_.FindNode(target) == nullptr) {
      if (!node.empty()) flagged_.insert(node);
      AddFlow(Severity::kError, node, what + "next '" + target + "' does not exist");
    }
  }

  void CheckTransitions() {
    CheckTarget("", "restart: ", script_.restart());
    CheckTarget("", "followup: ", script_.followup());
    CheckTarget("", "command 'start': ", script_.commands().start.next);
    CheckTarget("", "command 'menu': ", script_.commands().menu.next);
    CheckTarget("", "command 'person': ", script_.commands().person.next);
    for (const Node& node : script_.nodes()) {
      CheckTarget(node.id, "", node.next);
      CheckTarget(node.id, "barriers_next: ", node.barriers_next);
      CheckTarget(node.id, "fallback: ", node.fallback);
      CheckTarget(node.id, "on_barrier: ", node.on_barrier);
      CheckTarget(node.id, "on_timeout: ", node.on_timeout);
      for (const auto& [barrier, target] : node.followups) {
        CheckTarget(node.id, "followup '" + barrier + "': ", target);
      }
      for (std::size_t i = 0; i < node.choices.size(); ++i) {
        const Choice& choice = node.choices[i];
        std::string what = "choice " + std::to_string(i + 1) + ": ";
        CheckTarget(node.id, what, choice.next);
        if (choice.next.empty() && node.next.empty()) {
          flagged_.insert(node.id);
          AddFlow(Severity::kError, node.id,
                  what + "no way out: the choice has no 'next' and the node has none");
        }
      }
      bool needs_next = node.kind == NodeKind::kMessage || node.kind == NodeKind::kHandoff ||
                        node.kind == NodeKind::kReferral || node.kind == NodeKind::kFollowups ||
                        node.kind == NodeKind::kQuestion;
      if (needs_next && node.next.empty()) {
        flagged_.insert(node.id);
        AddFlow(Severity::kError, node.id,
                std::string("no way out: a ") + std::string(NodeKindName(node.kind)) +
                    " node needs 'next' (only end nodes stop)");
      }
    }
  }

  void CheckReachability() {
    std::set<std::string> seen;
    std::deque<std::string> queue = {script_.start(), script_.restart(),
                                     script_.commands().start.next,
                                     script_.commands().menu.next,
                                     script_.commands().person.next,
                                     script_.followup()};
    while (!queue.empty()) {
      std::string id = std::move(queue.front());
      queue.pop_front();
      const Node* node = script_.FindNode(id);
      if (node == nullptr || !seen.insert(id).second) continue;
      for (std::string& next : check_internal::Successors(*node)) queue.push_back(std::move(next));
    }
    for (const Node& node : script_.nodes()) {
      if (seen.count(node.id) == 0) {
        AddFlow(Severity::kWarning, node.id,
                "unreachable: no path leads here from the start node '" + script_.start() + "'");
      }
    }
  }

  void CheckBarrier(const std::string& file, const std::string& node, const std::string& lang,
                    const std::string& code, const std::string& where) {
    if (!IsBarrierCode(code)) {
      Add(Severity::kError, file, node, lang,
          where + "unknown barrier code '" + code + "' (see levier/util/barriers.h)");
    }
  }

  // The words of `id` (a resource.<code>, use.<code> or weak.<code> list) against the
  // barrier's own list, compared as read (MatchKey), reported as written. A
  // resource word only marks a word of that list (`must_be_in`): any other
  // would never be read. A weak word only suggests the barrier (the
  // classifier or the resident decides): in that list as well, it would name
  // it outright, so moving a word from one list to the other (as children's
  // words went weak) must not leave it in both.
  void CheckMarkedWords(const LanguagePack& pack, const std::string& id, std::string_view prefix,
                        bool must_be_in, std::string_view otherwise) {
    const std::string code = id.substr(prefix.size());
    CheckBarrier(pack.file, "", pack.code, code, "keywords '" + id + "': ");
    const std::string barrier_list = std::string(kBarrierPrefix) + code;
    auto words = pack.keyword_keys.find(barrier_list);
    auto marked = pack.keyword_keys.find(id);
    if (marked == pack.keyword_keys.end()) return;
    const std::vector<std::string>& written = pack.keywords.at(id);  // parallel to the keys
    for (std::size_t i = 0; i < marked->second.size(); ++i) {
      const bool in = words != pack.keyword_keys.end() &&
                      std::find(words->second.begin(), words->second.end(), marked->second[i]) !=
                          words->second.end();
      if (in == must_be_in) continue;
      Add(Severity::kWarning, pack.file, "", pack.code,
          "keywords '" + id + "': '" + written[i] + "' is " + (in ? "also" : "not") +
              " a word of '" + barrier_list + "'" + std::string(otherwise));
    }
  }

  void CheckBarriers() {
    std::set<std::string> offered;
    for (const Node& node : script_.nodes()) {
      for (std::size_t i = 0; i < node.choices.size(); ++i) {
        const std::string& code = node.choices[i].barrier;
        if (code.empty()) continue;
        CheckBarrier(script_.flow_file(), node.id, "", code,
                     "choice " + std::to_string(i + 1) + ": ");
        if (IsBarrierCode(code)) offered.insert(code);
      }
      for (const auto& [code, target] : node.followups) {
        CheckBarrier(script_.flow_file(), node.id, "", code, "followup: ");
      }
    }
    for (const LanguagePack& pack : script_.language_packs()) {
      for (const auto& [id, words] : pack.keywords) {
        if (id.rfind(kBarrierPrefix, 0) == 0) {
          CheckBarrier(pack.file, "", pack.code, id.substr(kBarrierPrefix.size()),
                       "keywords '" + id + "': ");
        }
        if (id.rfind(kResourcePrefix, 0) == 0) {
          CheckMarkedWords(pack, id, kResourcePrefix, /*must_be_in=*/true,
                           ", so marking it as a resource changes nothing");
        }
        if (id.rfind(kUsePrefix, 0) == 0) {
          CheckMarkedWords(pack, id, kUsePrefix, /*must_be_in=*/true,
                           ", so marking it as a use changes nothing");
        }
        if (id.rfind(kWeakPrefix, 0) == 0) {
          CheckMarkedWords(pack, id, kWeakPrefix, /*must_be_in=*/false,
                           ", which names the barrier outright: the weak entry changes nothing");
        }
      }
    }
    // Communes the script can record, to ask the knowledge base about each.
    std::set<std::string> communes = {""};
    for (const Node& node : script_.nodes()) {
      for (const Choice& choice : node.choices) {
        auto it = choice.set.find(script_.profile_facts().commune_key);
        if (it != choice.set.end()) communes.insert(it->second);
      }
    }
    for (const std::string& code : offered) {
      bool served = false;
      for (const std::string& commune : communes) {
        served = served || !kb_.Match(code, commune, 1).empty();
      }
      if (!served) {
        AddFlow(Severity::kWarning, "",
                "barrier '" + code +
                    "': no verified provider in the knowledge base; residents will only get "
                    "the coordination contact");
      }
    }
  }

  std::string NodeUsingText(const std::string& id) const {
    auto it = texts_used_.find(id);
    return it == texts_used_.end() ? "" : it->second;
  }

  void CheckTexts() {
    const LanguagePack* reference = DefaultPack();
    if (reference == nullptr) return;
    for (const auto& [id, node] : texts_used_) {
      if (reference->texts.count(id) == 0) {
        Add(Severity::kError, reference->file, node, reference->code,
            "text '" + id + "' is used but missing in the default language");
      }
    }
    for (const LanguagePack& pack : script_.language_packs()) {
      if (&pack != reference) {
        for (const auto& [id, text] : reference->texts) {
          if (pack.texts.count(id) == 0) {
            Add(Severity::kError, pack.file, NodeUsingText(id), pack.code,
                "text '" + id + "' is missing: residents will read it in " + reference->code);
          }
        }
        for (const auto& [id, words] : reference->keywords) {
          if (pack.keywords.count(id) == 0) {
            Add(Severity::kWarning, pack.file, "", pack.code,
                "keywords '" + id + "' are missing: the " + reference->code + " words are used");
          }
        }
      }
      for (const auto& [id, text] : pack.texts) {
        if (text.empty()) {
          Add(Severity::kWarning, pack.file, NodeUsingText(id), pack.code,
              "text '" + id + "' is empty");
        }
      }
    }
  }

  void CheckKeywords() {
    const LanguagePack* reference = DefaultPack();
    for (const auto& [id, node] : keywords_used_) {
      if (reference != nullptr && reference->keywords.count(id) == 0) {
        bool required = required_keywords_.count(id) > 0;
        bool choice = choice_keywords_.count(id) > 0;
        Add(required ? Severity::kError : Severity::kWarning, reference->file, node,
            reference->code,
            "keywords '" + id + "' are used but missing in the default language" +
                (choice ? "; only numbers will work" : ""));
      }
    }
    for (const LanguagePack& pack : script_.language_packs()) {
      // Within one question, a word must lead to one choice only.
      for (const Node& node : script_.nodes()) {
        std::map<std::string, std::size_t> owner;
        for (std::size_t i = 0; i < node.choices.size(); ++i) {
          auto it = pack.keyword_keys.find(node.choices[i].keywords);
          if (it == pack.keyword_keys.end()) continue;
          for (const std::string& key : it->second) {
            auto [pos, inserted] = owner.emplace(key, i);
            if (!inserted && pos->second != i) {
              Add(Severity::kWarning, pack.file, node.id, pack.code,
                  "keyword '" + key + "' is claimed by choice " +
                      std::to_string(pos->second + 1) + " and choice " + std::to_string(i + 1));
            }
          }
        }
      }
      // Across barriers, a word must name one barrier only.
      std::map<std::string, std::string> barrier_of;
      for (const auto& [id, keys] : pack.keyword_keys) {
        if (id.rfind(kBarrierPrefix, 0) != 0) continue;
        for (const std::string& key : keys) {
          auto [pos, inserted] = barrier_of.emplace(key, id);
          if (!inserted && pos->second != id) {
            Add(Severity::kWarning, pack.file, "", pack.code,
                "keyword '" + key + "' is claimed by '" + pos->second + "' and '" + id + "'");
          }
        }
      }
    }
  }

  // A follow-up counts as answered once one of its profile keys is known;
  // a choice that sets nothing would make the question come back.
  void CheckFollowups() {
    for (const Node& node : script_.nodes()) {
      for (const auto& [barrier, target] : node.followups) {
        const Node* question = script_.FindNode(target);
        if (question == nullptr) continue;
        if (question->kind != NodeKind::kChoice) {
          AddFlow(Severity::kError, question->id,
                  "follow-up for '" + barrier + "' must be a choice node");
          continue;
        }
        for (std::size_t i = 0; i < question->choices.size(); ++i) {
          if (question->choices[i].set.empty()) {
            AddFlow(Severity::kWarning, question->id,
                    "choice " + std::to_string(i + 1) +
                        " sets no profile entry: the follow-up would be asked again");
          }
        }
      }
    }
  }

  const Script& script_;
  const kb::KnowledgeBase& kb_;
  std::map<std::string, std::string> texts_used_;
  std::map<std::string, std::string> keywords_used_;
  std::set<std::string> required_keywords_;
  std::set<std::string> choice_keywords_;
  std::set<std::string> flagged_;  // nodes with a transition error
  std::vector<CheckFinding> findings_;
};

}  // namespace

std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb,
                                      const CheckOptions& options) {
  std::vector<CheckFinding> findings = Checker(script, kb).Run();
  check_internal::CheckProfile(script, &findings);
  check_internal::CheckStopWords(script, &findings);
  check_internal::CheckWayBack(script, &findings);
  check_internal::CheckPlainLanguage(script, options, &findings);
  check_internal::CheckSegments(script, kb, options, &findings);
  check_internal::CheckButtonTitles(script, options, &findings);
  CheckClassifiers(script, &findings);
  return findings;
}

std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb) {
  const std::filesystem::path settings =
      std::filesystem::path(script.flow_file()).parent_path() / "check.json";
  std::error_code ec;
  if (script.flow_file().empty() || !std::filesystem::exists(settings, ec)) {
    return CheckScript(script, kb, CheckOptions());
  }
  Result<CheckOptions> options = LoadCheckOptions(settings);
  if (!options.ok()) {
    std::vector<CheckFinding> findings = CheckScript(script, kb, CheckOptions());
    findings.insert(findings.begin(), CheckFinding{Severity::kError, settings.string(), "", "",
                                                   options.status().message()});
    return findings;
  }
  return CheckScript(script, kb, *options);
}

}  // namespace levier::dialogs
