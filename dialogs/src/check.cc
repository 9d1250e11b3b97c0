// CheckScript: the static checks `levier check` prints for coordinators.
#include <deque>
#include <map>
#include <set>

#include "levier/dialogs/script.h"
#include "levier/dialogs/text.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/barriers.h"

namespace levier::dialogs {
namespace {

constexpr std::size_t kMaxTextChars = 320;
constexpr std::string_view kBarrierPrefix = "barrier.";

using Severity = CheckFinding::Severity;

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class Checker {
 public:
  Checker(const Script& script, const kb::KnowledgeBase& kb) : script_(script), kb_(kb) {}

  std::vector<CheckFinding> Run() {
    CollectReferences();
    CheckTransitions();
    CheckReachability();
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
    UseText(script_.not_understood_text(), "");
    UseText(script_.choice_line_text(), "");
    UseKeywords(script_.number_prefix_keywords(), "", false);
    const Commands& c = script_.commands();
    for (const Command* command : {&c.stop, &c.start, &c.help, &c.menu}) {
      UseText(command->reply, "");
      UseKeywords(command->keywords, "", true);
    }
    for (const Node& node : script_.nodes()) {
      UseText(node.text, node.id);
      UseText(node.on_no_match, node.id);
      for (const Choice& choice : node.choices) {
        UseText(choice.label, node.id);
        UseKeywords(choice.keywords, node.id, false);
        if (!choice.keywords.empty()) choice_keywords_.insert(choice.keywords);
      }
      if (node.kind == NodeKind::kReferral) {
        const ReferralTexts& r = node.referral;
        for (const std::string* id : {&r.intro, &r.provider, &r.provider_no_summary, &r.phone,
                                      &r.address, &r.website, &r.none}) {
          UseText(*id, node.id);
        }
      }
    }
    // Texts included with {@id} and barrier labels the referral shows.
    if (const LanguagePack* pack = DefaultPack()) {
      std::map<std::string, std::string> snapshot(texts_used_.begin(), texts_used_.end());
      for (const auto& [id, node] : snapshot) {
        auto it = pack->texts.find(id);
        if (it == pack->texts.end()) continue;
        std::string_view t = it->second;
        for (std::size_t p = t.find("{@"); p != std::string_view::npos; p = t.find("{@", p + 2)) {
          std::size_t close = t.find('}', p);
          if (close == std::string_view::npos) break;
          UseText(std::string(t.substr(p + 2, close - p - 2)), node);
        }
      }
    }
  }

  void CheckTarget(const std::string& node, const std::string& what, const std::string& target) {
    if (!target.empty() && script_.FindNode(target) == nullptr) {
      AddFlow(Severity::kError, node, what + "next '" + target + "' does not exist");
    }
  }

  void CheckTransitions() {
    CheckTarget("", "restart: ", script_.restart());
    CheckTarget("", "command 'start': ", script_.commands().start.next);
    CheckTarget("", "command 'menu': ", script_.commands().menu.next);
    for (const Node& node : script_.nodes()) {
      CheckTarget(node.id, "", node.next);
      CheckTarget(node.id, "barriers_next: ", node.barriers_next);
      for (const auto& [barrier, target] : node.followups) {
        CheckTarget(node.id, "followup '" + barrier + "': ", target);
      }
      for (std::size_t i = 0; i < node.choices.size(); ++i) {
        const Choice& choice = node.choices[i];
        std::string what = "choice " + std::to_string(i + 1) + ": ";
        CheckTarget(node.id, what, choice.next);
        if (choice.next.empty() && node.next.empty()) {
          AddFlow(Severity::kError, node.id,
                  what + "no way out: the choice has no 'next' and the node has none");
        }
      }
      bool needs_next = node.kind == NodeKind::kMessage || node.kind == NodeKind::kHandoff ||
                        node.kind == NodeKind::kReferral || node.kind == NodeKind::kFollowups;
      if (needs_next && node.next.empty()) {
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
                                     script_.commands().menu.next};
    while (!queue.empty()) {
      std::string id = std::move(queue.front());
      queue.pop_front();
      const Node* node = script_.FindNode(id);
      if (node == nullptr || !seen.insert(id).second) continue;
      queue.push_back(node->next);
      queue.push_back(node->barriers_next);
      for (const Choice& c : node->choices) queue.push_back(c.next);
      for (const auto& [b, target] : node->followups) queue.push_back(target);
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
      }
    }
    // Communes the script can record, to ask the knowledge base about each.
    std::set<std::string> communes = {""};
    for (const Node& node : script_.nodes()) {
      for (const Choice& choice : node.choices) {
        if (auto it = choice.set.find("commune"); it != choice.set.end()) communes.insert(it->second);
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
            Add(Severity::kWarning, pack.file, NodeUsingText(id), pack.code,
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
        if (CodePoints(text) > kMaxTextChars) {
          Add(Severity::kWarning, pack.file, NodeUsingText(id), pack.code,
              "text '" + id + "' is " + std::to_string(CodePoints(text)) +
                  " characters; keep it under " + std::to_string(kMaxTextChars) +
                  " (about two SMS)");
        }
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
  std::vector<CheckFinding> findings_;
};

}  // namespace

std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb) {
  return Checker(script, kb).Run();
}

}  // namespace levier::dialogs
