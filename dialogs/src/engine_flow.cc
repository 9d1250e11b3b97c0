// The flow: entering nodes, answering questions, follow-ups and referrals.
#include <algorithm>

#include "stepper.h"

namespace levier::dialogs {
namespace {

// Nodes entered in one step before giving up; only a script with a loop of
// non-question nodes gets there, and CheckScript is meant to catch that.
constexpr int kMaxHops = 64;
constexpr std::size_t kMaxBarriers = 20;

void AddUnique(std::vector<std::string>* list, const std::string& value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) list->push_back(value);
}

bool IsBarrierNode(const Node& node) {
  return std::any_of(node.choices.begin(), node.choices.end(),
                     [](const Choice& c) { return !c.barrier.empty(); });
}

}  // namespace

void Stepper::Begin(const std::string& node_id, std::string_view key) {
  session_.ended = false;
  session_.misses = 0;
  session_.awaiting.clear();
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
    if (node->event == "followup_consented") result_.events.push_back(EventKind::kFollowupConsented);
    if (node->event == "followup_answered") result_.events.push_back(EventKind::kFollowupAnswered);
    if (node->event == "copy_requested") WriteCopy();
    if (node->event == "share_consented" && !session_.invitation.empty()) {
      result_.events.push_back(EventKind::kShareConsented);
    }
    std::string_view key = trigger;
    trigger = {};
    switch (node->kind) {
      case NodeKind::kMessage: {
        Say(Render().Text(node->text));
        node_id = node->next;
        if (!node->barriers_next.empty() && !key.empty()) {
          std::vector<std::string> named = FindBarriers(script_, Lang(), key);
          for (const std::string& code : named) RecordBarrier(code);
          ReadStatedFacts(key);
          if (!named.empty()) {
            SayBack(named);
            node_id = node->barriers_next;
          } else if (auto weak = FindBarriers(script_, Lang(), key, true); !weak.empty()) {
            suggested_ = weak.front();
          }
        }
        break;
      }
      case NodeKind::kHandoff:
        Say(Render().Text(node->text));
        node_id = node->next;
        break;
      case NodeKind::kQuestion:
        if (input_.spoken) {
          // A keypad cannot answer in words: the question is not asked.
          node_id = node->next;
          break;
        }
        session_.misses = 0;
        Say(Render().Text(node->text));
        return;
      case NodeKind::kReferral:
        Refer(*node);
        node_id = node->next;
        break;
      case NodeKind::kFollowups:
        node_id = NextFollowup(*node);
        break;
      case NodeKind::kChoice:
        if ((!node->skip_if_known.empty() && session_.profile.count(node->skip_if_known) > 0) ||
            (node->only_after_referrals && result_.referrals.empty()) ||
            (node->only_if_followups && !input_.followups_possible) ||
            (node->only_if_copy && !input_.copy_possible) ||
            (node->only_if_invited && session_.invitation.empty()) ||
            (node->skip_if_same_providers && AnswersChangeNothing(*node))) {
          node_id = node->next;
          break;
        }
        session_.misses = 0;
        if (!suggested_.empty() && IsBarrierNode(*node)) {
          AskYesNo("barrier:" + suggested_, PromptFor("barrier:" + suggested_));
          suggested_.clear();
          return;
        }
        Say(Render().Question(*node));
        return;
      case NodeKind::kEnd:
        Say(Render().Text(node->text));
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
    if (valid && !key.empty()) {
      // Free text that names a new barrier moves the dialog on.
      std::vector<std::string> named;
      for (const std::string& code : FindBarriersInAnswer(script_, Lang(), key)) {
        if (std::find(session_.barriers.begin(), session_.barriers.end(), code) ==
            session_.barriers.end()) {
          named.push_back(code);
        }
      }
      if (!named.empty() && !node.on_barrier.empty()) {
        for (const std::string& code : named) RecordBarrier(code);
        ReadStatedFacts(key);
        session_.misses = 0;
        Enter(node.on_barrier, "");
        return;
      }
      if (node.on_barrier.empty() && !IsBarrierNode(node)) {
        // Not an answer but a request ("et j'ai pas de voiture" after the
        // contacts): taken as a first message would be.
        std::vector<std::string> all = FindBarriers(script_, Lang(), key);
        if (!all.empty() && NewRequest(all, key, true)) return;
      }
      if (auto weak = FindBarriers(script_, Lang(), key, true);
          !weak.empty() && (IsBarrierNode(node) || node.on_barrier.empty())) {
        AskYesNo("barrier:" + weak.front(), PromptFor("barrier:" + weak.front()));
        return;
      }
      // "J'ai 23 ans" where the age is asked: a stated fact answers it.
      ReadStatedFacts(key);
      if (node.from_message && AnyAnswerKnown(session_, node)) {
        session_.misses = 0;
        Enter(node.next, "");
        return;
      }
    }
    Miss(node);
    return;
  }
  if (IsBarrierNode(node) && !ParseNumber(script_, Lang(), key)) ReadStatedFacts(key);
  session_.misses = 0;
  for (std::size_t i : chosen) {
    const Choice& choice = node.choices[i];
    if (!choice.barrier.empty()) RecordBarrier(choice.barrier);
    for (const auto& [k, v] : choice.set) session_.profile[k] = v;
  }
  const Choice& first = node.choices[chosen.front()];
  Enter(first.next.empty() ? node.next : first.next, "");
}

void Stepper::AnswerFreeText(const Node& node, std::string_view key, bool valid) {
  if (!valid || key.empty()) {
    // Nothing to read (empty, only emoji, invalid bytes): ask again.
    Say(Render().Text(node.text));
    return;
  }
  bool named = false;
  for (const std::string& code : FindBarriers(script_, Lang(), key)) {
    RecordBarrier(code);
    named = true;
  }
  ReadStatedFacts(key);
  session_.misses = 0;
  Enter(named && !node.on_barrier.empty() ? node.on_barrier : node.next, "");
}

bool Stepper::NewRequest(const std::vector<std::string>& codes, std::string_view key,
                         bool say_back) {
  const Node* start = script_.FindNode(script_.start());
  if (start == nullptr || start->barriers_next.empty()) return false;
  for (const std::string& code : codes) RecordBarrier(code);
  ReadStatedFacts(key);
  if (say_back) SayBack(codes);
  session_.misses = 0;
  session_.ended = false;
  Enter(start->barriers_next, "");
  return true;
}

void Stepper::SayBack(const std::vector<std::string>& codes) {
  Renderer render = Render();
  const std::string joiner = render.Text(script_.SystemId("understood_and"));
  std::string labels;
  for (const std::string& code : codes) {
    if (!labels.empty()) labels += joiner.empty() ? ", " : joiner;
    labels += render.BarrierLabel(code);
  }
  Say(render.Text(script_.SystemId("understood"), {{"barriers", labels}}));
}

void Stepper::Miss(const Node& node) {
  if (session_.misses < 1000) ++session_.misses;
  Renderer render = Render();
  if (session_.misses >= node.max_misses && !node.fallback.empty()) {
    // Never a dead end: after too many misses, the flow moves on.
    session_.misses = 0;
    if (!node.on_no_match.empty()) Say(render.Text(node.on_no_match));
    Enter(node.fallback, "");
    return;
  }
  if (session_.misses >= node.max_misses && !node.on_no_match.empty()) {
    Say(render.Text(node.on_no_match));
  }
  // The question again, with "not understood" in place of its text.
  Reply again = render.Question(node);
  std::string reask = render.Text(script_.not_understood_text());
  if (!reask.empty()) again.text = std::move(reask);
  Say(std::move(again));
}

void Stepper::RecordBarrier(const std::string& code) {
  if (session_.barriers.size() >= kMaxBarriers) return;
  AddUnique(&session_.barriers, code);
  AddUnique(&session_.pending, code);
}

// The follow-up question of the first pending barrier not answered yet. A
// question counts as answered once a profile key one of its choices sets is
// known, so a second round does not ask it again; one whose answers would
// not change the providers is passed over.
std::string Stepper::NextFollowup(const Node& node) const {
  for (const std::string& barrier : session_.pending) {
    auto it = node.followups.find(barrier);
    if (it == node.followups.end()) continue;
    const Node* question = script_.FindNode(it->second);
    if (question == nullptr) return it->second;
    const bool answered = AnyAnswerKnown(session_, *question);
    // A question that would not change the providers is not asked at all.
    if (!answered && question->skip_if_same_providers && AnswersChangeNothing(*question)) continue;
    if (!answered) return question->id;
  }
  return node.next;
}

void Stepper::Refer(const Node& node) {
  Renderer render = Render();
  kb::MatchRequest request;
  request.barriers = session_.pending;
  request.profile = MatchProfileFor(script_, session_);
  request.now = input_.now;
  for (const kb::BarrierMatches& found : kb::MatchProfile(kb_, request)) {
    if (found.matches.empty()) {
      Say(render.NoProvider(node.referral, found.barrier));
      continue;
    }
    Say(render.Referral(node.referral, found.barrier, found.matches));
    for (const kb::ProviderMatch& m : found.matches) {
      result_.referrals.push_back(ReferralEvent{m.provider->id, found.barrier, request.profile.commune,
                                                      request.profile.neighbourhood});
    }
  }
  session_.pending.clear();
}

void Stepper::WriteCopy() {
  result_.events.push_back(EventKind::kCopyRequested);
  const Node* referral = nullptr;
  for (const Node& n : script_.nodes()) {
    if (n.kind == NodeKind::kReferral) {
      referral = &n;
      break;
    }
  }
  if (referral == nullptr) return;
  // Written, whatever the channel: the copy is read, not heard.
  const Renderer written(script_, Lang(), false);
  const LanguagePack* pack = script_.Language(Lang());
  kb::MatchRequest request;
  request.barriers = session_.barriers;
  request.profile = MatchProfileFor(script_, session_);
  request.now = input_.now;
  for (const kb::BarrierMatches& found : kb::MatchProfile(kb_, request)) {
    Reply reply;
    reply.text = found.matches.empty() ? written.NoProvider(referral->referral, found.barrier)
                                       : written.Referral(referral->referral, found.barrier,
                                                          found.matches);
    reply.rtl = pack != nullptr && pack->rtl;
    result_.copy.push_back(std::move(reply));
  }
}

kb::Profile MatchProfileFor(const Script& script, const Session& session) {
  // flow.json "profile" says which recorded answers mean what; a value it
  // does not list leaves the fact unknown, which never excludes anyone.
  const ProfileFacts& facts = script.profile_facts();
  const auto get = [&](const std::string& key) -> const std::string* {
    if (key.empty()) return nullptr;
    auto it = session.profile.find(key);
    return it == session.profile.end() ? nullptr : &it->second;
  };
  const auto tri = [&](const std::string& key, const std::map<std::string, bool>& values) {
    const std::string* recorded = get(key);
    auto it = recorded == nullptr ? values.end() : values.find(*recorded);
    if (it == values.end()) return kb::Tri::kUnknown;
    return it->second ? kb::Tri::kYes : kb::Tri::kNo;
  };
  kb::Profile p;
  if (const std::string* commune = get(facts.commune_key)) p.commune = *commune;
  if (const std::string* id = get(facts.neighbourhood_key)) p.neighbourhood = *id;
  // A neighbourhood read from the message (engine_facts.cc) is kept under the
  // engine's own key: its value is a knowledge-base id, never a script choice.
  if (p.neighbourhood.empty()) {
    if (const std::string* id = get(std::string(kNeighbourhoodKey))) p.neighbourhood = *id;
  }
  p.language = session.language;
  if (const std::string* age = get(facts.age_key)) {
    if (auto it = facts.ages.find(*age); it != facts.ages.end()) {
      p.age_min = it->second.min;
      p.age_max = it->second.max;
    }
  }
  p.disability = tri(facts.disability_key, facts.disability);
  p.young_children = tri(facts.young_children_key, facts.young_children);
  return p;
}

}  // namespace levier::dialogs
