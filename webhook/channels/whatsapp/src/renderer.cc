#include "levier/channels/whatsapp/renderer.h"

#include "levier/util/utf8.h"

namespace levier::channels::whatsapp {
namespace {

using nlohmann::json;

// `text` cut to `max_chars` characters, on a character boundary.
std::string Cut(std::string_view text, std::size_t max_chars) {
  return std::string(text.substr(0, CodePointOffset(text, max_chars)));
}

// Whether the choices fit `max_choices` entries whose ids fit and whose
// labels fit `label_chars` characters.
bool Fits(const dialogs::Reply& reply, std::size_t max_choices, std::size_t label_chars,
          std::size_t id_bytes) {
  if (reply.choices.empty() || reply.choices.size() > max_choices) return false;
  if (reply.text.empty() || CountCodePoints(reply.text) > kMaxBodyChars) return false;
  for (const dialogs::ReplyChoice& choice : reply.choices) {
    if (choice.id.empty() || choice.id.size() > id_bytes || choice.label.empty() ||
        CountCodePoints(choice.label) > label_chars) {
      return false;
    }
  }
  return true;
}

// A list row: the label as its title, or, when longer than a title may be,
// its beginning with an ellipsis and the whole label as the description.
nlohmann::json Row(const dialogs::ReplyChoice& choice) {
  if (CountCodePoints(choice.label) <= kMaxRowTitleChars) {
    return {{"id", choice.id}, {"title", choice.label}};
  }
  return {{"id", choice.id},
          {"title", Cut(choice.label, kMaxRowTitleChars - 1) + "\u2026"},
          {"description", choice.label}};
}

json TextMessage(std::string_view text) {
  // No preview_url: links are not previewed unless asked (Meta's default).
  return {{"type", "text"}, {"text", {{"body", Cut(text, kMaxTextChars)}}}};
}

// One line for a template parameter: Meta refuses new lines, tabs and runs
// of more than four spaces there.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const bool blank = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return Cut(out, kMaxTemplateParamChars);
}

}  // namespace

json RenderReply(const dialogs::Reply& reply) {
  if (Fits(reply, kMaxButtons, kMaxButtonTitleChars, kMaxButtonIdBytes)) {
    json buttons = json::array();
    for (const dialogs::ReplyChoice& choice : reply.choices) {
      buttons.push_back({{"type", "reply"}, {"reply", {{"id", choice.id}, {"title", choice.label}}}});
    }
    return {{"type", "interactive"},
            {"interactive",
             {{"type", "button"}, {"body", {{"text", reply.text}}}, {"action", {{"buttons", buttons}}}}}};
  }
  if (!reply.choose_label.empty() && CountCodePoints(reply.choose_label) <= kMaxButtonTitleChars &&
      Fits(reply, kMaxRows, kMaxRowDescriptionChars, kMaxRowIdBytes)) {
    json rows = json::array();
    for (const dialogs::ReplyChoice& choice : reply.choices) rows.push_back(Row(choice));
    return {{"type", "interactive"},
            {"interactive",
             {{"type", "list"},
              {"body", {{"text", reply.text}}},
              {"action", {{"button", reply.choose_label}, {"sections", json::array({{{"rows", rows}}})}}}}}};
  }
  return TextMessage(dialogs::NumberedText(reply));
}

Result<std::vector<json>> RenderMessages(std::string_view to, const bot::Outgoing& message,
                                         const FollowupTemplates& templates) {
  const json envelope = {{"messaging_product", "whatsapp"},
                         {"recipient_type", "individual"},
                         {"to", std::string(to)}};
  std::vector<json> bodies;
  if (message.kind == bot::SendKind::kFollowup) {
    auto name = templates.by_language.find(message.language);
    std::string language = message.language;
    if (name == templates.by_language.end()) {
      name = templates.by_language.find(templates.fallback_language);
      language = templates.fallback_language;
    }
    if (name == templates.by_language.end()) {
      return Status::FailedPrecondition("no WhatsApp follow-up template for language '" +
                                        message.language + "'");
    }
    std::string text;
    for (const std::string& part : dialogs::NumberedTexts(message.replies)) {
      text += text.empty() ? part : " " + part;
    }
    json body = envelope;
    body["type"] = "template";
    body["template"] = {
        {"name", name->second},
        {"language", {{"code", language}}},
        {"components",
         json::array({{{"type", "body"},
                       {"parameters", json::array({{{"type", "text"}, {"text", OneLine(text)}}})}}})}};
    bodies.push_back(std::move(body));
    return bodies;
  }
  for (const dialogs::Reply& reply : message.replies) {
    json body = envelope;
    body.update(RenderReply(reply));
    bodies.push_back(std::move(body));
  }
  return bodies;
}

}  // namespace levier::channels::whatsapp
