// A reply as the engine produces it, before any channel has shaped it: a
// text and, when the resident is asked to pick, the choices (stable id and
// label). Each channel renders it its own way: SMS numbers the choices
// ("1 Logement") and fits the text to GSM-7; a chat platform shows buttons.
//
// Pure value types and functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/util/status.h"

namespace levier::dialogs {

struct ReplyChoice {
  // Stable across languages and script edits that keep the choice: the
  // label's text id for a node's choice ("b_logement"), the language code in
  // the language menu, the system text id ("yes", "resume_restart") for the
  // engine's own questions. A channel with buttons sends it back as
  // StepInput::choice.
  std::string id;
  std::string label;  // in the resident's language
  bool operator==(const ReplyChoice&) const = default;
};

struct Reply {
  std::string text;                  // may be empty when there are choices
  std::vector<ReplyChoice> choices;  // in the order a number picks them (1, 2, ...)
  // The language's line for one numbered choice ("{n} {label}"), for the
  // channels that can only send text.
  std::string choice_line;
  // The language reads right to left: numbered text isolates its
  // left-to-right runs (IsolateLtrRuns).
  bool rtl = false;
  // The language's label of the button that opens a list of choices
  // ("Choisir"), for the chat platforms that show one.
  std::string choose_label = {};
  bool operator==(const Reply&) const = default;
};

// The reply as one text, for channels that can only send text: the text,
// then one line per choice from `choice_line` with {n} the choice's number
// and {label} its label; left-to-right runs isolated when `rtl`. Typing a
// choice's number answers it (Step).
std::string NumberedText(const Reply& reply);
std::vector<std::string> NumberedTexts(const std::vector<Reply>& replies);

// {"text", "choices": [{"id", "label"}], "choice_line", "rtl", "choose_label"} (empty
// members left out). ReplyFromJson also takes a plain string, a reply
// without choices (the form replies were stored in before they had any).
nlohmann::json ReplyToJson(const Reply& reply);
Result<Reply> ReplyFromJson(const nlohmann::json& json);

}  // namespace levier::dialogs
