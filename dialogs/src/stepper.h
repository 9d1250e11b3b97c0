// One call of Step(): the state machine behind the engine, split over
// engine.cc (dispatch), engine_flow.cc (nodes) and engine_commands.cc
// (global commands and the engine's own questions). Private to
// levier::dialogs; a Stepper lives for one Step() call on one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/engine.h"
#include "matcher.h"
#include "render.h"

namespace levier::dialogs {

// The matching profile the knowledge base needs, from what the session
// recorded, read through the script's "profile" section.
kb::Profile MatchProfileFor(const Script& script, const Session& session);
// True when the session recorded a profile entry one of `node`'s choices sets.
bool AnyAnswerKnown(const Session& s, const Node& node);

// The ids of the choices `session` is asked to pick from now, in the order
// their numbers pick them (none when it waits for no choice): what
// StepInput::choice may name. engine_commands.cc, beside the prompts.
std::vector<std::string> OfferedChoiceIds(const Script& script, const Session& session);

// The command the whole message is, if any, in `session`'s conversation
// (engine_commands.cc). One reading for Step()'s opted-out gate and for the
// Stepper, so that a START the gate lets through is a START inside too.
CommandKind ReadCommand(const Script& script, const Session& session, std::string_view raw,
                        std::string_view key);

class Stepper {
 public:
  Stepper(const Script& script, const kb::KnowledgeBase& kb, const StepInput& input,
          UnixSeconds previous_activity, StepResult* result)
      : script_(script),
        kb_(kb),
        input_(input),
        previous_activity_(previous_activity),
        result_(*result),
        session_(result->session) {}

  void Run(std::string_view raw, std::string_view key, bool valid);
  // followup.cc: sends the follow-up intro for `barrier`, enters `node_id`.
  void StartFollowup(const std::string& node_id, const std::string& barrier);

 private:
  const std::string& Lang() const { return session_.language; }
  Renderer Render() const {
    return Renderer(script_, Lang(), input_.spoken, session_.invited_by);
  }
  // Adds a reply (nothing when it has neither text nor choices).
  void Say(std::string text);
  void Say(Reply reply);

  // engine_flow.cc
  void Begin(const std::string& node_id, std::string_view key);
  void Enter(std::string node_id, std::string_view trigger);
  void AnswerFreeText(const Node& node, std::string_view key, bool valid);
  void Answer(const Node& node, std::string_view key, bool valid);
  void Miss(const Node& node);
  void RecordBarrier(const std::string& code);
  std::string NextFollowup(const Node& node) const;
  void Refer(const Node& node);
  // StepResult::copy: the written contacts for every barrier of the session.
  void WriteCopy();

  // A message that names barriers outside the barrier question: recorded,
  // said back, and walked through from the start node's `barriers_next`.
  // False when the script has nowhere to take a new request.
  bool NewRequest(const std::vector<std::string>& codes, std::string_view key, bool say_back);
  // "Transport et garde d'enfants : ..." (text "understood"), "" in a script without it.
  void SayBack(const std::vector<std::string>& codes);

  // engine_facts.cc
  // True when every answer to `node` leads to the same providers for the
  // pending barriers, whatever the other open questions get.
  bool AnswersChangeNothing(const Node& node) const;
  // Provider ids per pending barrier (each list sorted) for profile `s`.
  std::vector<std::vector<std::string>> ProvidersFor(const Session& s) const;
  // Records the answers of from_message questions the message states.
  void ReadStatedFacts(std::string_view key);
  std::optional<int> StatedAge(std::string_view key) const;
  // The choice of `node` for the neighbourhood or commune the message names;
  // `*neighbourhood` gets the knowledge base's id when one was named.
  std::optional<std::size_t> StatedPlace(const Node& node, std::string_view key,
                                         std::string* neighbourhood) const;

  // engine_commands.cc
  // A first message: picks the language (or asks), then begins.
  void Greet(std::string_view raw, std::string_view key);
  // The script's language StepInput::language_hint names, or "".
  std::string HintedLanguage() const;
  bool HandleCommand(CommandKind command, const Node* current);
  // True when the session was idle long enough to ask "carry on?" or expire.
  bool HandleTimeout(std::string_view key, const Node* current);
  void HandleAwaiting(std::string_view key, bool valid, const Node* current);
  void AskLanguage();
  void AskYesNo(const std::string& awaiting, Reply prompt);
  // Sends again whatever the resident is expected to answer.
  void RepeatPrompt();
  // A professional's invitation code (StepInput::invitation): noted, said,
  // and the conversation carries on.
  void HandleInvitation(const Node* current);
  Reply PromptFor(const std::string& awaiting) const;

  const Script& script_;
  const kb::KnowledgeBase& kb_;
  const StepInput& input_;
  UnixSeconds previous_activity_;
  StepResult& result_;
  Session& session_;
  // A barrier only suggested by the message that began the conversation:
  // asked about ("Is it about transport?") instead of the next question.
  std::string suggested_;
};

}  // namespace levier::dialogs
