#include "levier/dialogs/reply.h"

#include "levier/dialogs/text.h"
#include "placeholders.h"

namespace levier::dialogs {
namespace {

// `line` with {n} and {label} replaced; other braces kept as written.
std::string ChoiceLine(std::string_view line, std::size_t number, std::string_view label) {
  return FillPlaceholders(line, [&](std::string_view name) -> std::optional<std::string> {
    if (name == "n") return std::to_string(number);
    if (name == "label") return std::string(label);
    return std::nullopt;
  });
}

}  // namespace

std::string NumberedText(const Reply& reply) {
  std::string lines;
  for (std::size_t i = 0; i < reply.choices.size(); ++i) {
    if (i > 0) lines += '\n';
    lines += ChoiceLine(reply.choice_line, i + 1, reply.choices[i].label);
  }
  std::string text = reply.text;
  if (text.empty()) {
    text = std::move(lines);
  } else if (!lines.empty()) {
    text += '\n';
    text += lines;
  }
  return reply.rtl ? IsolateLtrRuns(text) : text;
}

std::vector<std::string> NumberedTexts(const std::vector<Reply>& replies) {
  std::vector<std::string> out;
  out.reserve(replies.size());
  for (const Reply& reply : replies) out.push_back(NumberedText(reply));
  return out;
}

nlohmann::json ReplyToJson(const Reply& reply) {
  nlohmann::json out = {{"text", reply.text}};
  if (!reply.choices.empty()) {
    nlohmann::json choices = nlohmann::json::array();
    for (const ReplyChoice& c : reply.choices) choices.push_back({{"id", c.id}, {"label", c.label}});
    out["choices"] = std::move(choices);
    out["choice_line"] = reply.choice_line;
  }
  if (!reply.choose_label.empty()) out["choose_label"] = reply.choose_label;
  if (reply.rtl) out["rtl"] = true;
  return out;
}

Result<Reply> ReplyFromJson(const nlohmann::json& json) {
  if (json.is_string()) return Reply{json.get<std::string>(), {}, {}, false, {}};
  if (!json.is_object() || !json.contains("text") || !json["text"].is_string()) {
    return Status::InvalidArgument("a reply is a string or an object with a \"text\"");
  }
  Reply reply;
  reply.text = json["text"].get<std::string>();
  if (auto it = json.find("choices"); it != json.end()) {
    if (!it->is_array()) return Status::InvalidArgument("reply \"choices\" must be an array");
    for (const auto& c : *it) {
      if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("label") ||
          !c["label"].is_string()) {
        return Status::InvalidArgument("a reply choice needs a string \"id\" and \"label\"");
      }
      reply.choices.push_back({c["id"].get<std::string>(), c["label"].get<std::string>()});
    }
  }
  if (auto it = json.find("choice_line"); it != json.end() && it->is_string()) {
    reply.choice_line = it->get<std::string>();
  }
  if (auto it = json.find("choose_label"); it != json.end() && it->is_string()) {
    reply.choose_label = it->get<std::string>();
  }
  if (auto it = json.find("rtl"); it != json.end() && it->is_boolean()) reply.rtl = it->get<bool>();
  return reply;
}

}  // namespace levier::dialogs
