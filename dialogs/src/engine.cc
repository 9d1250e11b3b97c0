#include "levier/dialogs/engine.h"

#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "stepper.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

// Only this much of a message is examined: enough for any real answer, and
// it bounds the work a hostile message can cause.
constexpr std::size_t kMaxExaminedBytes = 2000;

}  // namespace

void Stepper::Reply(std::string text) {
  if (text.empty()) return;
  const LanguagePack* pack = script_.Language(Lang());
  if (pack != nullptr && pack->rtl) text = IsolateLtrRuns(text);
  result_.replies.push_back(std::move(text));
}

void Stepper::Run(std::string_view raw, std::string_view key, bool valid) {
  const Node* current = script_.FindNode(session_.node);
  CommandKind command = valid ? ReadCommand(raw, key, current) : CommandKind::kNone;
  // A language chosen before the first message (simulate --lang, a web
  // chat link) is kept; otherwise it is guessed from the message.
  const bool language_known =
      !session_.language.empty() && script_.Language(session_.language) != nullptr;
  if (!language_known) {
    LanguageGuess guess = GuessLanguage(script_.understanding(), raw, key);
    session_.language = guess.code.empty() ? script_.default_language() : guess.code;
  }
  const Commands& commands = script_.commands();
  if (command == CommandKind::kStop) {
    session_.opted_out = true;
    session_.misses = 0;
    result_.events.push_back(EventKind::kOptedOut);
    Reply(Render().Text(commands.stop.reply));
    return;
  }
  if (command == CommandKind::kStart) {
    if (session_.opted_out) result_.events.push_back(EventKind::kOptedIn);
    if (!session_.opted_out) {
      // "recommencer" in the middle of a conversation: start over.
      session_.barriers.clear();
      session_.profile.clear();
    }
    session_.opted_out = false;
    session_.awaiting.clear();
    Reply(Render().Text(commands.start.reply));
    Begin(commands.start.next, "");
    return;
  }
  if (HandleTimeout(key, current)) return;
  current = script_.FindNode(session_.node);
  const bool fresh = session_.node.empty() && session_.awaiting.empty();
  if (HandleCommand(command, current)) return;
  std::string named = valid ? MatchLanguageName(script_, key) : "";
  // At the barrier question, "français" is the French-language barrier.
  if (named == script_.default_language() && session_.awaiting.empty() && current != nullptr &&
      current->kind == NodeKind::kChoice && !FindBarriers(script_, Lang(), key).empty()) {
    named.clear();
  }
  if (!named.empty()) {
    session_.language = named;
    session_.misses = 0;
    if (session_.awaiting == "language") session_.awaiting.clear();
    if (session_.node.empty() && session_.awaiting.empty()) {
      Begin(script_.start(), "");
    } else {
      RepeatPrompt();
    }
    return;
  }
  if (fresh) {
    if (language_known) {
      Begin(script_.start(), valid ? key : "");
    } else {
      Greet(raw, valid ? key : "");
    }
    return;
  }
  if (!session_.awaiting.empty()) {
    HandleAwaiting(key, valid, current);
    return;
  }
  if (current == nullptr) {
    Begin(script_.start(), key);
    return;
  }
  if (session_.ended || current->kind == NodeKind::kEnd) {
    Begin(script_.restart(), key);
    return;
  }
  if (current->kind == NodeKind::kQuestion) {
    AnswerFreeText(*current, key, valid);
    return;
  }
  if (current->kind != NodeKind::kChoice) {
    // Only questions wait for an answer; anything else means a stale state.
    Begin(script_.start(), key);
    return;
  }
  Answer(*current, key, valid);
}

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
  const UnixSeconds previous = s.last_active_at;
  s.script_version = script.version();
  if (s.started_at == 0) s.started_at = input.now;
  s.last_active_at = input.now;
  Stepper(script, kb, input, previous, &result).Run(valid ? text : "", key, valid);
  return result;
}

}  // namespace levier::dialogs
