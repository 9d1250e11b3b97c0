#include "levier/dialogs/engine.h"

#include <algorithm>

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

void Stepper::Say(std::string text) { Say(Reply{std::move(text), {}, {}, false, {}}); }

void Stepper::Say(Reply reply) {
  if (reply.text.empty() && reply.choices.empty()) return;
  const LanguagePack* pack = script_.Language(Lang());
  reply.rtl = pack != nullptr && pack->rtl;
  result_.replies.push_back(std::move(reply));
}

void Stepper::Run(std::string_view raw, std::string_view key, bool valid) {
  const Node* current = script_.FindNode(session_.node);
  CommandKind command = valid ? ReadCommand(script_, session_, raw, key) : CommandKind::kNone;
  // A language chosen before the first message (simulate --lang, a web
  // chat link) is kept; otherwise it is guessed from the message.
  const bool language_known =
      !session_.language.empty() && script_.Language(session_.language) != nullptr;
  if (input_.unreadable) {
    // Nothing to guess a language from: a new resident gets their app's
    // language (StepInput::language_hint) or the default one this once, and
    // their first written message still picks theirs.
    const std::string known = session_.language;
    if (!language_known) {
      const std::string hinted = HintedLanguage();
      session_.language = hinted.empty() ? script_.default_language() : hinted;
    }
    Say(Render().Text(script_.SystemId("media_not_read")));
    session_.language = known;
    return;
  }
  if (!language_known) {
    LanguageGuess guess = GuessLanguage(script_.understanding(), raw, key);
    // A message carrying an invitation code starts in the language the
    // professional chose for it (the hint): the code's own letters are no
    // evidence ("k7xm-3qpa" would read as Arabic written with digits).
    const bool invited = input_.invitation.kind != InvitationUse::Kind::kNone;
    if (!guess.confident || invited) {
      if (std::string hinted = HintedLanguage(); !hinted.empty()) guess = {hinted, true};
    }
    session_.language = guess.code.empty() ? script_.default_language() : guess.code;
  }
  const Commands& commands = script_.commands();
  if (command == CommandKind::kStop) {
    session_.opted_out = true;
    session_.misses = 0;
    result_.events.push_back(EventKind::kOptedOut);
    Say(Render().Text(commands.stop.reply));
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
    Say(Render().Text(commands.start.reply));
    Begin(commands.start.next, "");
    return;
  }
  if (input_.invitation.kind != InvitationUse::Kind::kNone) {
    HandleInvitation(current);
    return;
  }
  if (HandleTimeout(key, current)) return;
  current = script_.FindNode(session_.node);
  const bool fresh = session_.node.empty() && session_.awaiting.empty();
  if (HandleCommand(command, current)) return;
  // A language code picked as a choice outside the language menu (a web
  // chat's language switch): unambiguous, unlike its name typed, which at
  // the barrier question may be the language barrier.
  const bool picked_language =
      raw.empty() && !input_.choice.empty() && script_.Language(input_.choice) != nullptr;
  std::string named = picked_language ? std::string(input_.choice)
                      : valid         ? MatchLanguageName(script_, key)
                                      : "";
  // At the barrier question, "français" is the French-language barrier.
  if (!picked_language && named == script_.default_language() && session_.awaiting.empty() &&
      current != nullptr &&
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

void Stepper::HandleInvitation(const Node* current) {
  if (input_.invitation.kind == InvitationUse::Kind::kAccepted) {
    session_.invitation = std::string(input_.invitation.code);
    session_.invited_by = std::string(input_.invitation.org);
    // A new invitation: its professional has not been asked yet.
    session_.profile.erase(std::string(kShareKey));
    Say(Render().Text(script_.SystemId("invitation_noted")));
  } else {
    Say(Render().Text(script_.SystemId("invitation_expired")));
  }
  const bool fresh = session_.node.empty() && session_.awaiting.empty();
  if (fresh || current == nullptr) {
    Begin(script_.start(), "");
  } else if (session_.ended || current->kind == NodeKind::kEnd) {
    Begin(script_.restart(), "");
  } else {
    RepeatPrompt();
  }
}

StepResult Step(const Script& script, const kb::KnowledgeBase& kb, const Session& session,
                const StepInput& input) {
  StepResult result;
  result.session = session;
  // A choice picked by id answers as its number typed: one path for both.
  std::string number;
  if (!input.choice.empty()) {
    const std::vector<std::string> offered = OfferedChoiceIds(script, session);
    auto it = std::find(offered.begin(), offered.end(), input.choice);
    if (it != offered.end()) number = std::to_string(it - offered.begin() + 1);
  }
  std::string_view text =
      input.choice.empty() ? TruncateUtf8(input.text, kMaxExaminedBytes) : std::string_view(number);
  const bool valid = IsValidUtf8(text);
  const std::string key = valid ? MatchKey(text) : std::string();

  Session& s = result.session;
  if (input.start_over) {
    // A new phone call: nothing of an earlier call carries over but an opt-out.
    s = Session{};
    s.opted_out = session.opted_out;
  }
  // Opted out, only START is read, exactly as the conversation would read it
  // (its language's words, look-alike letters folded): anything else gets
  // silence and changes nothing.
  if (s.opted_out && !(valid && ReadCommand(script, s, text, key) == CommandKind::kStart)) {
    if (input.start_over) s = session;
    return result;
  }
  const UnixSeconds previous = s.last_active_at;
  s.script_version = script.version();
  if (s.started_at == 0) s.started_at = input.now;
  s.last_active_at = input.now;
  Stepper(script, kb, input, previous, &result).Run(valid ? text : "", key, valid);
  return result;
}

}  // namespace levier::dialogs
