#include "levier/dialogs/engine.h"

#include <algorithm>
#include <map>

#include "levier/dialogs/text.h"
#include "matcher.h"
#include "render.h"

namespace levier::dialogs {
namespace {

// Only this much of a message is examined: enough for any real answer, and
// it bounds the work a hostile message can cause.
constexpr std::size_t kMaxExaminedBytes = 2000;
// Nodes entered in one step before giving up; only a script with a loop of
// non-question nodes gets there, and CheckScript is meant to catch that.
constexpr int kMaxHops = 64;
constexpr std::size_t kMaxBarriers = 20;

void AddUnique(std::vector<std::string>* list, const std::string& value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) list->push_back(value);
}

// One call of Step(): holds the result being built.
class Stepper {
 public:
  Stepper(const Script& script, const kb::KnowledgeBase& kb, StepResult* result)
      : script_(script), kb_(kb), result_(*result), session_(result->session) {}

  void Run(std::string_view key, bool valid);

 private:
  const std::string& Lang() const { return session_.language; }
  Renderer Render() const { return Renderer(script_, Lang()); }
  void Reply(std::string text) {
    if (!text.empty()) result_.replies.push_back(std::move(text));
  }

  // Begins a conversation at `node_id`; `key` is the message that began it.
  void Begin(const std::string& node_id, std::string_view key);
  void Enter(std::string node_id, std::string_view trigger);
  void Answer(const Node& node, std::string_view key, bool valid);
  void Miss(const Node& node);
  void RecordBarrier(const std::string& code);
  std::string NextFollowup(const Node& node) const;
  void Refer(const Node& node);

  const Script& script_;
  const kb::KnowledgeBase& kb_;
  StepResult& result_;
  Session& session_;
};

void Stepper::Run(std::string_view key, bool valid) {
  CommandKind command = valid ? MatchCommand(script_, key) : CommandKind::kNone;
  const bool is_new = session_.node.empty() || session_.language.empty();
  if (session_.language.empty() || script_.Language(session_.language) == nullptr) {
    session_.language = DetectLanguage(script_, key);
  }
  const Commands& commands = script_.commands();
  const Node* current = script_.FindNode(session_.node);

  if (command == CommandKind::kStop) {
    session_.opted_out = true;
    session_.misses = 0;
    result_.events.push_back(EventKind::kOptedOut);
    Reply(Render().Text(commands.stop.reply));
    return;
  }
  if (command == CommandKind::kStart) {
    if (session_.opted_out) result_.events.push_back(EventKind::kOptedIn);
    session_.opted_out = false;
    Reply(Render().Text(commands.start.reply));
    Begin(commands.start.next, "");
    return;
  }
  if (is_new || current == nullptr) {
    Begin(script_.start(), key);
    return;
  }
  if (command == CommandKind::kHelp) {
    Reply(Render().Text(commands.help.reply));
    if (!session_.ended && current->kind == NodeKind::kChoice) {
      Reply(Render().Question(*current));
    }
    return;
  }
  if (command == CommandKind::kMenu) {
    session_.ended = false;
    session_.misses = 0;
    Reply(Render().Text(commands.menu.reply));
    Enter(commands.menu.next, "");
    return;
  }
  if (session_.ended || current->kind == NodeKind::kEnd) {
    Begin(script_.restart(), key);
    return;
  }
  if (current->kind != NodeKind::kChoice) {
    // Only questions wait for an answer; anything else means a stale state.
    Begin(script_.start(), key);
    return;
  }
  Answer(*current, key, valid);
}

void Stepper::Begin(const std::string& node_id, std::string_view key) {
  session_.ended = false;
  session_.misses = 0;
  session_.pending.clear();
  result_.events.push_back(EventKind::kStarted);
  Enter(node_id, key);
}

void Stepper::Enter(std::string node_id, std::string_view trigger) {
  for (int hop = 0; hop < kMaxHops; ++hop) {
    const Node* node = script_.FindNode(node_id);
    if (node == nullptr) {
      // A dangling transition: stop here; the next message starts afresh.
      session_.node.clear();
      return;
    }
    session_.node = node->id;
    std::string_view key = trigger;
    trigger = {};
    switch (node->kind) {
      case NodeKind::kMessage: {
        Reply(Render().Text(node->text));
        node_id = node->next;
        if (!node->barriers_next.empty()) {
          std::vector<std::string> named = FindBarriers(script_, Lang(), key);
          for (const std::string& code : named) RecordBarrier(code);
          if (!named.empty()) node_id = node->barriers_next;
        }
        break;
      }
      case NodeKind::kHandoff:
        Reply(Render().Text(node->text));
        node_id = node->next;
        break;
      case NodeKind::kReferral:
        Refer(*node);
        node_id = node->next;
        break;
      case NodeKind::kFollowups:
        node_id = NextFollowup(*node);
        break;
      case NodeKind::kChoice:
        if (!node->skip_if_known.empty() && session_.profile.count(node->skip_if_known) > 0) {
          node_id = node->next;
          break;
        }
        session_.misses = 0;
        Reply(Render().Question(*node));
        return;
      case NodeKind::kEnd:
        Reply(Render().Text(node->text));
        session_.ended = true;
        session_.pending.clear();
        result_.events.push_back(EventKind::kEnded);
        return;
    }
  }
  session_.node.clear();
}

void Stepper::Answer(const Node& node, std::string_view key, bool valid) {
  std::vector<std::size_t> chosen;
  if (valid) chosen = MatchChoices(script_, node, Lang(), key);
  if (chosen.empty()) {
    Miss(node);
    return;
  }
  session_.misses = 0;
  for (std::size_t i : chosen) {
    const Choice& choice = node.choices[i];
    if (!choice.barrier.empty()) RecordBarrier(choice.barrier);
    for (const auto& [k, v] : choice.set) session_.profile[k] = v;
  }
  const Choice& first = node.choices[chosen.front()];
  Enter(first.next.empty() ? node.next : first.next, "");
}

void Stepper::Miss(const Node& node) {
  if (session_.misses < 1000) ++session_.misses;
  Renderer render = Render();
  if (session_.misses >= node.max_misses && !node.on_no_match.empty()) {
    Reply(render.Text(node.on_no_match));
  }
  std::string reask = render.Text(script_.not_understood_text());
  std::string choices = render.ChoiceLines(node);
  Reply(reask.empty() ? render.Question(node) : reask + "\n" + choices);
}

void Stepper::RecordBarrier(const std::string& code) {
  if (session_.barriers.size() >= kMaxBarriers) return;
  AddUnique(&session_.barriers, code);
  AddUnique(&session_.pending, code);
}

// The follow-up question of the first pending barrier not answered yet. A
// question counts as answered once a profile key one of its choices sets is
// known, so a second round does not ask it again.
std::string Stepper::NextFollowup(const Node& node) const {
  for (const std::string& barrier : session_.pending) {
    auto it = node.followups.find(barrier);
    if (it == node.followups.end()) continue;
    const Node* question = script_.FindNode(it->second);
    if (question == nullptr) return it->second;
    bool answered = false;
    for (const Choice& c : question->choices) {
      for (const auto& [k, v] : c.set) answered = answered || session_.profile.count(k) > 0;
    }
    if (!answered) return question->id;
  }
  return node.next;
}

void Stepper::Refer(const Node& node) {
  Renderer render = Render();
  auto commune_it = session_.profile.find("commune");
  std::string commune = commune_it == session_.profile.end() ? "" : commune_it->second;
  for (const std::string& barrier : session_.pending) {
    std::vector<const kb::Provider*> providers = kb_.Match(barrier, commune, 3);
    if (providers.empty()) {
      Reply(render.NoProvider(node.referral, barrier));
      continue;
    }
    Reply(render.Referral(node.referral, barrier, providers));
    for (const kb::Provider* p : providers) {
      result_.referrals.push_back(ReferralEvent{p->id, barrier});
    }
  }
  session_.pending.clear();
}

}  // namespace

StepResult Step(const Script& script, const kb::KnowledgeBase& kb, const Session& session,
                const StepInput& input) {
  StepResult result;
  result.session = session;
  std::string_view text = TruncateUtf8(input.text, kMaxExaminedBytes);
  const bool valid = IsValidUtf8(text);
  const std::string key = valid ? MatchKey(text) : std::string();

  if (session.opted_out && !(valid && MatchCommand(script, key) == CommandKind::kStart)) {
    return result;  // silence, and nothing else changes
  }
  Session& s = result.session;
  s.script_version = script.version();
  if (s.started_at == 0) s.started_at = input.now;
  s.last_active_at = input.now;
  Stepper(script, kb, &result).Run(key, valid);
  return result;
}

}  // namespace levier::dialogs
