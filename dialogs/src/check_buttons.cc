// Choice labels too long for WhatsApp's buttons and lists: up to 3 choices
// show as buttons of at most 20 characters, up to 10 as a list whose rows
// hold 72 (a title cut at 24, the whole label below it). A longer label
// still works, but the question loses its buttons (sent as a list) or its
// list (sent as numbered text, to be answered by typing a number): worth a
// warning beside the label.
#include "check_internal.h"
#include "levier/util/utf8.h"

namespace levier::dialogs::check_internal {

void CheckButtonTitles(const Script& script, const CheckOptions& options,
                       std::vector<CheckFinding>* findings) {
  for (const Node& node : script.nodes()) {
    if (node.kind != NodeKind::kChoice || node.choices.empty()) continue;
    const std::size_t count = node.choices.size();
    if (count > options.max_list_rows) continue;  // sent as numbered text anyway
    const bool buttons = count <= options.max_buttons;
    const std::size_t limit = buttons ? options.max_button_title_chars : options.max_list_label_chars;
    for (const LanguagePack& pack : script.language_packs()) {
      for (const Choice& choice : node.choices) {
        const auto text = pack.texts.find(choice.label);  // missing ones: check_translations
        if (text == pack.texts.end()) continue;
        const std::string& label = text->second;
        const std::size_t chars = CountCodePoints(label);
        if (chars <= limit) continue;
        findings->push_back(CheckFinding{
            CheckFinding::Severity::kWarning, pack.file, node.id, pack.code,
            "choice label '" + choice.label + "' has " + std::to_string(chars) +
                " characters: WhatsApp " +
                (buttons ? "buttons show " + std::to_string(limit) +
                               ", so this question is sent as a list instead"
                         : "list rows hold " + std::to_string(limit) +
                               ", so this question is sent as numbered text instead")});
      }
    }
  }
}

}  // namespace levier::dialogs::check_internal
