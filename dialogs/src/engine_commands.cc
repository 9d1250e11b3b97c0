// Global commands (erase, talk to a person, language, help, menu), the
// first message, the inactivity timeout, and the engine's own questions:
// the language menu, "Is it about transport?", "erase everything?",
// "carry on or start over?".
#include <algorithm>
#include <cctype>

#include "levier/dialogs/text.h"
#include "stepper.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

constexpr std::string_view kBarrierPrefix = "barrier:";
// Misses at the engine's own questions before it takes the safe way out.
constexpr int kMaxAwaitingMisses = 2;

bool IsBarrierNode(const Node* node) {
  return node != nullptr && std::any_of(node->choices.begin(), node->choices.end(),
                                        [](const Choice& c) { return !c.barrier.empty(); });
}

}  // namespace

void Stepper::Greet(std::string_view raw, std::string_view key) {
  LanguageGuess guess = GuessLanguage(script_.understanding(), raw, key);
  if (!guess.confident) {
    // Naming a barrier in one language's own words is evidence too.
    std::vector<std::string> langs = LanguagesNamingBarriers(script_, key);
    const std::string& fallback = script_.default_language();
    if (langs.size() == 1) {
      guess = LanguageGuess{langs.front(), true};
    } else if (std::find(langs.begin(), langs.end(), fallback) != langs.end() &&
               (guess.code.empty() || guess.code == fallback)) {
      // French words are borrowed by every language spoken here.
      guess = LanguageGuess{fallback, true};
    } else if (!guess.code.empty() &&
               std::find(langs.begin(), langs.end(), guess.code) != langs.end()) {
      guess.confident = true;
    }
  }
  if (!guess.confident) {
    // Nothing in the text to go by: the resident's app language, if offered.
    if (std::string hinted = HintedLanguage(); !hinted.empty()) guess = {hinted, true};
  }
  session_.language = guess.code.empty() ? script_.default_language() : guess.code;
  if (!guess.confident) {
    result_.events.push_back(EventKind::kStarted);
    AskLanguage();
    return;
  }
  Begin(script_.start(), key);
}

std::string Stepper::HintedLanguage() const {
  // "pt-BR", "pt_br" -> "pt".
  std::string_view tag = input_.language_hint.substr(0, input_.language_hint.find_first_of("-_"));
  std::string code;
  for (char c : tag) code.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return !code.empty() && script_.Language(code) != nullptr ? code : "";
}

CommandKind ReadCommand(const Script& script, const Session& session, std::string_view raw,
                        std::string_view key) {
  // Before a conversation has begun, nothing says which language the
  // resident reads: every language's words count. Once it has, only its own
  // language's do, since another language's command may be an ordinary word
  // here ("dur" is stop in Turkish and hard in French). STOP must always
  // work: the default language's STOP words, which every greeting names,
  // count in every conversation.
  std::vector<std::string> languages;
  if (!session.node.empty() && script.Language(session.language) != nullptr) {
    languages.push_back(session.language);
  }
  const auto match = [&](std::string_view k) {
    CommandKind found = MatchCommand(script, k, languages);
    if (found == CommandKind::kNone && !languages.empty() &&
        MatchCommand(script, k, {script.default_language()}) == CommandKind::kStop) {
      found = CommandKind::kStop;
    }
    return found;
  };
  CommandKind command = match(key);
  if (command == CommandKind::kNone && raw.size() <= 64) {
    // STOP and START must not be defeated by look-alike letters from
    // another script (a Cyrillic keyboard, a pasted message).
    const CommandKind folded = match(ConfusableMatchKey(raw));
    if (folded == CommandKind::kStop || folded == CommandKind::kStart) command = folded;
  }
  // A word that is an answer to the question asked is that answer ("idioma"
  // at the barrier question is the language barrier, not the language
  // menu); STOP and START are never taken as answers.
  const Node* current = script.FindNode(session.node);
  if (command != CommandKind::kNone && command != CommandKind::kStop &&
      command != CommandKind::kStart && current != nullptr && session.awaiting.empty() &&
      current->kind == NodeKind::kChoice && !session.ended &&
      IsWholeAnswer(script, *current, session.language, key)) {
    return CommandKind::kNone;
  }
  return command;
}

bool Stepper::HandleCommand(CommandKind command, const Node* current) {
  const Commands& commands = script_.commands();
  const bool fresh = session_.node.empty() && session_.awaiting.empty();
  switch (command) {
    case CommandKind::kErase:
      AskYesNo("erase", PromptFor("erase"));
      return true;
    case CommandKind::kPerson:
      result_.events.push_back(EventKind::kHandoffRequested);
      Say(Render().Text(commands.person.reply));
      if (!commands.person.next.empty()) {
        session_.awaiting.clear();
        Enter(commands.person.next, "");
      }
      return true;
    case CommandKind::kLanguage:
      AskLanguage();
      return true;
    case CommandKind::kWithdraw:
      // Whatever was shared with a professional stops being shared; the
      // question is not asked again for this invitation. Said even when
      // nothing was shared: the resident learns that nothing is.
      result_.events.push_back(EventKind::kShareWithdrawn);
      if (!session_.invitation.empty()) session_.profile[std::string(kShareKey)] = "no";
      Say(Render().Text(commands.withdraw.reply));
      if (!fresh) RepeatPrompt();
      return true;
    case CommandKind::kHelp:
      if (fresh) return false;  // a first "help" gets the greeting, which explains
      Say(Render().Text(commands.help.reply));
      RepeatPrompt();
      return true;
    case CommandKind::kMenu:
      if (fresh) return false;
      session_.ended = false;
      session_.misses = 0;
      session_.awaiting.clear();
      session_.pending.clear();
      Say(Render().Text(commands.menu.reply));
      Enter(commands.menu.next, "");
      return true;
    default:
      (void)current;
      return false;
  }
}

bool Stepper::HandleTimeout(std::string_view key, const Node* current) {
  (void)key;
  if (previous_activity_ <= 0 || (session_.node.empty() && session_.awaiting.empty())) {
    return false;
  }
  const UnixSeconds idle = input_.now - previous_activity_;
  if (idle >= input_.options.session_expiry) {
    // Too old to carry on: a fresh conversation, in the same language.
    Session fresh;
    fresh.language = session_.language;
    fresh.script_version = session_.script_version;
    fresh.started_at = input_.now;
    fresh.last_active_at = input_.now;
    session_ = std::move(fresh);
    return false;
  }
  if (idle < input_.options.inactivity_timeout || session_.ended ||
      session_.awaiting == "resume" || (current != nullptr && current->no_timeout)) {
    return false;
  }
  if (current != nullptr && !current->on_timeout.empty()) {
    session_.awaiting.clear();
    Enter(current->on_timeout, "");
    return true;
  }
  if (current == nullptr || current->kind != NodeKind::kChoice) return false;
  session_.awaiting = "resume";
  session_.misses = 0;
  Say(PromptFor("resume"));
  return true;
}

void Stepper::HandleAwaiting(std::string_view key, bool valid, const Node* current) {
  const std::string awaiting = session_.awaiting;
  if (awaiting == "language") {
    const auto& langs = script_.languages();
    std::optional<int> n = valid ? ParseNumber(script_, Lang(), key) : std::nullopt;
    std::string chosen;
    if (n && *n >= 1 && static_cast<std::size_t>(*n) <= langs.size()) chosen = langs[*n - 1];
    bool begin_with_text = false;
    if (chosen.empty() && valid) {
      // Ignoring the menu and writing in one's language is an answer too.
      LanguageGuess guess = GuessLanguage(script_.understanding(), input_.text, key);
      if (guess.confident) {
        chosen = guess.code;
        begin_with_text = true;
      }
    }
    if (chosen.empty()) {
      if (++session_.misses < kMaxAwaitingMisses) {
        Say(PromptFor("language"));
        return;
      }
      chosen = script_.default_language();
    }
    session_.language = chosen;
    session_.awaiting.clear();
    session_.misses = 0;
    if (session_.node.empty()) {
      Begin(script_.start(), begin_with_text ? key : "");
    } else {
      RepeatPrompt();
    }
    return;
  }
  if (awaiting == "erase") {
    std::optional<bool> yes = valid ? MatchYesNo(script_, Lang(), key) : std::nullopt;
    if (yes.value_or(false)) {
      Say(Render().Text(script_.commands().erase.done));
      result_.events.push_back(EventKind::kEraseConfirmed);
      session_ = Session{};
      return;
    }
    if (!yes.has_value() && ++session_.misses < kMaxAwaitingMisses) {
      Reply again = PromptFor("erase");
      const std::string reask = Render().Text(script_.not_understood_text());
      again.text = again.text.empty() ? reask : reask + "\n" + again.text;
      Say(std::move(again));
      return;
    }
    // "No", or still not understood: nothing is erased; back to the question.
    session_.awaiting.clear();
    session_.misses = 0;
    RepeatPrompt();
    return;
  }
  if (awaiting.rfind(kBarrierPrefix, 0) == 0) {
    std::string code = awaiting.substr(kBarrierPrefix.size());
    std::optional<bool> yes = valid ? MatchYesNo(script_, Lang(), key) : std::nullopt;
    session_.awaiting.clear();
    session_.misses = 0;
    if (yes.has_value()) {
      if (*yes) RecordBarrier(code);
      if (*yes && IsBarrierNode(current)) {
        Enter(current->next, "");
      } else if (*yes && NewRequest({code}, "", false)) {
        // Confirmed outside the barrier question: a new request.
      } else {
        RepeatPrompt();
      }
      return;
    }
    // Neither yes nor no: read it as an answer to the question itself.
    if (current != nullptr && current->kind == NodeKind::kChoice) {
      Answer(*current, key, valid);
    } else {
      RepeatPrompt();
    }
    return;
  }
  if (awaiting == "resume") {
    session_.awaiting.clear();
    session_.misses = 0;
    std::optional<std::size_t> choice;
    if (valid) {
      choice = MatchOneOf(script_, Lang(), key,
                          {{script_.SystemId("kw_continue"), script_.SystemId("resume_continue")},
                           {script_.SystemId("kw_restart"), script_.SystemId("resume_restart")}});
    }
    if (choice == std::size_t{1}) {
      session_.barriers.clear();
      session_.profile.clear();
      Begin(script_.restart(), "");
    } else if (choice == std::size_t{0} || current == nullptr ||
               current->kind != NodeKind::kChoice) {
      RepeatPrompt();
    } else {
      Answer(*current, key, valid);
    }
    return;
  }
  session_.awaiting.clear();
  RepeatPrompt();
}

void Stepper::AskLanguage() {
  session_.awaiting = "language";
  session_.misses = 0;
  Say(PromptFor("language"));
}

void Stepper::AskYesNo(const std::string& awaiting, Reply prompt) {
  session_.awaiting = awaiting;
  session_.misses = 0;
  Say(std::move(prompt));
}

void Stepper::RepeatPrompt() {
  if (!session_.awaiting.empty()) {
    Say(PromptFor(session_.awaiting));
    return;
  }
  const Node* node = script_.FindNode(session_.node);
  if (node == nullptr) {
    Begin(script_.start(), "");
  } else if (node->kind == NodeKind::kChoice && !session_.ended) {
    Say(Render().Question(*node));
  } else if (node->kind == NodeKind::kQuestion && !session_.ended) {
    Say(Render().Text(node->text));
  }
}

namespace {

// The engine's own questions and the system texts of their answers, in the
// order their numbers pick them.
std::vector<std::string> SystemChoiceIds(const Script& script, const std::string& awaiting) {
  if (awaiting == "erase" || awaiting.rfind(kBarrierPrefix, 0) == 0) {
    return {script.SystemId("yes"), script.SystemId("no")};
  }
  if (awaiting == "resume") {
    return {script.SystemId("resume_continue"), script.SystemId("resume_restart")};
  }
  return {};
}

}  // namespace

Reply Stepper::PromptFor(const std::string& awaiting) const {
  Renderer r = Render();
  if (awaiting == "language") {
    std::vector<ReplyChoice> names;
    for (const LanguagePack& pack : script_.language_packs()) {
      names.push_back({pack.code, pack.name.empty() ? pack.code : pack.name});
    }
    return r.Choices(r.Text(script_.SystemId("language_menu")), std::move(names));
  }
  std::vector<ReplyChoice> answers;
  for (const std::string& id : SystemChoiceIds(script_, awaiting)) answers.push_back({id, r.Text(id)});
  if (awaiting == "erase") return r.Choices(r.Text(script_.commands().erase.reply), answers);
  if (awaiting == "resume") return r.Choices(r.Text(script_.SystemId("resume")), answers);
  if (awaiting.rfind(kBarrierPrefix, 0) == 0) {
    std::string code = awaiting.substr(kBarrierPrefix.size());
    return r.Choices(
        r.Text(script_.SystemId("confirm_barrier"), {{"barrier", r.BarrierLabel(code)}}), answers);
  }
  return {};
}

std::vector<std::string> OfferedChoiceIds(const Script& script, const Session& session) {
  if (session.awaiting == "language") {
    std::vector<std::string> codes;
    for (const LanguagePack& pack : script.language_packs()) codes.push_back(pack.code);
    return codes;
  }
  if (!session.awaiting.empty()) return SystemChoiceIds(script, session.awaiting);
  const Node* node = script.FindNode(session.node);
  std::vector<std::string> ids;
  if (node == nullptr || node->kind != NodeKind::kChoice || session.ended) return ids;
  for (const Choice& c : node->choices) ids.push_back(c.label);
  return ids;
}

}  // namespace levier::dialogs
