// What each node uses (texts, keyword lists) and the translation table of
// `levier check`: which node every language covers.
#include <algorithm>
#include <map>

#include "check_internal.h"
#include "levier/dialogs/check.h"
#include "levier/util/utf8.h"

namespace levier::dialogs {
namespace check_internal {
namespace {

void AddId(std::vector<std::string>* ids, const std::string& id) {
  if (!id.empty() && std::find(ids->begin(), ids->end(), id) == ids->end()) ids->push_back(id);
}

}  // namespace

Uses UsesOf(const Node& node) {
  Uses uses;
  AddId(&uses.texts, node.text);
  AddId(&uses.texts, node.on_no_match);
  for (const Choice& choice : node.choices) {
    AddId(&uses.texts, choice.label);
    AddId(&uses.keywords, choice.keywords);
  }
  if (node.kind == NodeKind::kReferral) {
    const ReferralTexts& r = node.referral;
    for (const std::string* id : {&r.intro, &r.provider, &r.provider_no_summary, &r.phone,
                                  &r.address, &r.website, &r.none}) {
      AddId(&uses.texts, *id);
    }
  }
  return uses;
}

Uses ScriptWideUses(const Script& script) {
  Uses uses;
  AddId(&uses.texts, script.not_understood_text());
  AddId(&uses.texts, script.choice_line_text());
  AddId(&uses.keywords, script.number_prefix_keywords());
  const Commands& c = script.commands();
  for (const Command* command : c.All()) {
    AddId(&uses.texts, command->reply);
    AddId(&uses.texts, command->done);
    AddId(&uses.keywords, command->keywords);
  }
  // The engine's own questions ("Is it about transport?", the language
  // menu...), those the default language defines: a script may not use them.
  if (const LanguagePack* reference = script.Language(script.default_language())) {
    for (const auto& [key, id] : script.system_ids()) {
      if (reference->keywords.count(id) > 0) AddId(&uses.keywords, id);
      if (reference->texts.count(id) > 0) AddId(&uses.texts, id);
    }
  }
  return uses;
}

std::vector<std::string> Inclusions(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t p = text.find("{@"); p != std::string_view::npos; p = text.find("{@", p + 2)) {
    std::size_t close = text.find('}', p);
    if (close == std::string_view::npos) break;
    AddId(&out, std::string(text.substr(p + 2, close - p - 2)));
  }
  return out;
}

}  // namespace check_internal

namespace {

using check_internal::Uses;

// How many of `uses` `pack` lacks, counting the texts those texts include
// (looked up in `pack`, else in the default language, as the engine does).
std::size_t Missing(const Script& script, const LanguagePack& pack, const Uses& uses) {
  std::size_t missing = 0;
  std::vector<std::string> texts = uses.texts;
  for (std::size_t i = 0; i < texts.size() && i < 200; ++i) {
    auto it = pack.texts.find(texts[i]);
    if (it == pack.texts.end()) {
      ++missing;
      const std::string& fallback = script.Text(script.default_language(), texts[i]);
      for (std::string& id : check_internal::Inclusions(fallback)) texts.push_back(std::move(id));
      continue;
    }
    for (std::string& id : check_internal::Inclusions(it->second)) {
      if (std::find(texts.begin(), texts.end(), id) == texts.end()) texts.push_back(std::move(id));
    }
  }
  for (const std::string& id : uses.keywords) missing += pack.keywords.count(id) == 0 ? 1 : 0;
  return missing;
}

}  // namespace

std::string TranslationTable(const Script& script) {
  // Rows: the shared texts, then every node; cells per declared language.
  std::vector<std::pair<std::string, Uses>> rows;
  rows.emplace_back("(shared texts)", check_internal::ScriptWideUses(script));
  for (const Node& node : script.nodes()) rows.emplace_back(node.id, check_internal::UsesOf(node));

  std::vector<std::string> header = {"node"};
  for (const std::string& code : script.languages()) header.push_back(code);
  std::vector<std::vector<std::string>> table = {header};
  std::map<std::string, std::size_t> covered;
  std::size_t translatable = 0;
  for (const auto& [name, uses] : rows) {
    std::vector<std::string> line = {name};
    const bool empty = uses.texts.empty() && uses.keywords.empty();
    translatable += empty ? 0 : 1;
    for (const std::string& code : script.languages()) {
      const LanguagePack* pack = script.Language(code);
      if (empty) {
        line.push_back("-");
        continue;
      }
      std::size_t missing = pack == nullptr ? uses.texts.size() + uses.keywords.size()
                                            : Missing(script, *pack, uses);
      if (missing == 0) ++covered[code];
      line.push_back(missing == 0 ? "ok" : "missing " + std::to_string(missing));
    }
    table.push_back(std::move(line));
  }
  std::vector<std::string> total = {"covered"};
  for (const std::string& code : script.languages()) {
    total.push_back(std::to_string(covered[code]) + "/" + std::to_string(translatable));
  }
  table.push_back(std::move(total));

  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : table) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], CountCodePoints(line[i]));
    }
  }
  std::string out;
  for (const auto& line : table) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += i + 1 < line.size() ? check_internal::PadRight(line[i], widths[i] + 2) : line[i];
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace levier::dialogs
