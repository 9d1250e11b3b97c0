#include "render.h"

#include <unicode/uchar.h>

#include "levier/dialogs/text.h"
#include "levier/util/utf8.h"
#include "placeholders.h"
#include "understanding.h"

namespace levier::dialogs {
namespace {

const std::string& TextFor(const Script& script, std::string_view lang, std::string_view id,
                           bool spoken) {
  return spoken ? script.SpokenText(lang, id) : script.Text(lang, id);
}

std::string Substitute(std::string_view tmpl, const Script& script, std::string_view lang,
                       const std::map<std::string, std::string>& vars, bool expand_texts,
                       bool spoken) {
  return FillPlaceholders(tmpl, [&](std::string_view name) -> std::optional<std::string> {
    if (expand_texts && !name.empty() && name.front() == '@') {
      // Included texts get variables but no further inclusion: no cycles.
      return Substitute(TextFor(script, lang, name.substr(1), spoken), script, lang, vars, false,
                        spoken);
    }
    if (auto it = vars.find(std::string(name)); it != vars.end()) return it->second;
    return std::nullopt;
  });
}

// "02 47 21 60 00" read aloud: pairs of digits, a comma between pairs so
// the voice pauses ("0 2, 4 7, 2 1, 6 0, 0 0"); a short number such as 115
// digit by digit. Anything but digits and a leading "+" is dropped.
std::string SpellPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits += c;
  }
  const bool short_number = digits.size() <= 4;  // 115, 3230: no pairs
  std::string out;
  std::size_t in_group = 0;
  for (char c : digits) {
    if (!out.empty()) out += in_group == 2 && !short_number ? ", " : " ";
    if (in_group == 2) in_group = 0;
    out += c;
    if (c != '+') ++in_group;
  }
  return out;
}

// KB summaries may or may not end with a full stop; templates add their own.
std::string TrimSummary(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

// Starts or ends a left-to-right run: Latin letters and European digits.
bool IsLtrAnchor(char32_t c) {
  UCharDirection d = u_charDirection(static_cast<UChar32>(c));
  return d == U_LEFT_TO_RIGHT || d == U_EUROPEAN_NUMBER;
}

// May sit inside a run between anchors ("02 47", "x.fr/a", "+33").
bool IsLtrJoiner(char32_t c) {
  return c == ' ' || c == '.' || c == ',' || c == ':' || c == '/' || c == '-' || c == '_' ||
         c == '@' || c == '?' || c == '=' || c == '&' || c == '%' || c == '#' || c == '+' ||
         c == '(' || c == ')' || c == '\'' || c == '~';
}

}  // namespace

std::string IsolateLtrRuns(std::string_view text) {
  constexpr char32_t kLri = 0x2066;
  constexpr char32_t kPdi = 0x2069;
  std::u32string in = ToU32(text);
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < in.size()) {
    bool plus_digit = in[i] == '+' && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '9';
    if (!IsLtrAnchor(in[i]) && !plus_digit) {
      AppendUtf8(in[i++], &out);
      continue;
    }
    // Extend over anchors and joiners; the run ends at its last anchor.
    std::size_t last = i;
    std::size_t j = i + 1;
    while (j < in.size() && (IsLtrAnchor(in[j]) || IsLtrJoiner(in[j]))) {
      if (IsLtrAnchor(in[j])) last = j;
      ++j;
    }
    AppendUtf8(kLri, &out);
    for (std::size_t k = i; k <= last; ++k) AppendUtf8(in[k], &out);
    AppendUtf8(kPdi, &out);
    i = last + 1;
  }
  return out;
}

std::string Renderer::Text(std::string_view id,
                           const std::map<std::string, std::string>& vars) const {
  if (id.empty()) return {};
  if (!org_.empty() && vars.count("org") == 0) {
    std::map<std::string, std::string> with_org = vars;
    with_org.emplace("org", org_);
    return Substitute(TextFor(script_, lang_, id, spoken_), script_, lang_, with_org, true,
                      spoken_);
  }
  return Substitute(TextFor(script_, lang_, id, spoken_), script_, lang_, vars, true, spoken_);
}

Reply Renderer::Choices(std::string text, std::vector<ReplyChoice> choices) const {
  Reply reply;
  reply.text = std::move(text);
  reply.choices = std::move(choices);
  if (!reply.choices.empty()) {
    reply.choice_line = Text(script_.choice_line_text());
    reply.choose_label = Text(script_.SystemId("choose_button"));
  }
  return reply;
}

Reply Renderer::Question(const Node& node) const {
  std::vector<ReplyChoice> choices;
  choices.reserve(node.choices.size());
  for (const Choice& c : node.choices) choices.push_back({c.label, Text(c.label)});
  return Choices(Text(node.text), std::move(choices));
}

std::string Renderer::BarrierLabel(const std::string& barrier) const {
  std::string label = Text("barrier." + barrier);
  return label.empty() ? barrier : label;
}

std::string Renderer::Referral(const ReferralTexts& texts, const std::string& barrier,
                               const std::vector<const kb::Provider*>& providers) const {
  // Providers without match details (levier check measures with these):
  // the same rendering, with no reason of fit.
  std::vector<kb::ProviderMatch> matches;
  matches.reserve(providers.size());
  for (const kb::Provider* p : providers) matches.push_back(kb::ProviderMatch{p, 0, {}, {}});
  return Referral(texts, barrier, matches);
}

std::string Renderer::Referral(const ReferralTexts& texts, const std::string& barrier,
                               const std::vector<kb::ProviderMatch>& matches) const {
  std::string out = Text(texts.intro, {{"barrier", BarrierLabel(barrier)}});
  for (const kb::ProviderMatch& m : matches) {
    const kb::Provider* p = m.provider;
    std::string contact;
    if (!p->phone.empty()) {
      contact = Text(texts.phone, {{"phone", spoken_ ? SpellPhone(p->phone) : p->phone}});
    } else if (!p->address.empty()) {
      contact = Text(texts.address, {{"address", p->address}});
    }
    std::string website = p->website.empty() ? "" : Text(texts.website, {{"website", p->website}});
    std::string summary = TrimSummary(p->SummaryIn(lang_));
    std::map<std::string, std::string> vars = {{"name", p->name},
                                               {"summary", summary},
                                               {"contact", contact},
                                               {"website", website},
                                               {"reason", Reasons(m)}};
    std::string line = Text(summary.empty() ? texts.provider_no_summary : texts.provider, vars);
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::string Renderer::Reasons(const kb::ProviderMatch& match) const {
  // SMS are paid per segment: one reason of fit (the most specific, never
  // the vague "anywhere in the metropolis") and the opening state if known.
  std::vector<std::string> parts;
  for (const kb::Reason& r : match.reasons) {
    if (r.code == kb::kReasonMetropolis || r.code == kb::kReasonOpenNow ||
        r.code == kb::kReasonOpensNext) {
      continue;
    }
    std::map<std::string, std::string> vars(r.params.begin(), r.params.end());
    std::string id = "reason." + r.code;
    if (r.code == kb::kReasonForAge && (vars["min"].empty() || vars["max"].empty())) {
      id = "reason.for_age_any";
    }
    std::string text = Text(id, vars);
    if (!text.empty() && text != id) {
      parts.push_back(std::move(text));
      break;
    }
  }
  for (const kb::Reason& r : match.reasons) {
    if (r.code != kb::kReasonOpenNow && r.code != kb::kReasonOpensNext) continue;
    std::map<std::string, std::string> vars(r.params.begin(), r.params.end());
    if (r.code == kb::kReasonOpensNext) vars["day"] = Text("day." + vars["day"]);
    std::string text = Text("reason." + r.code, vars);
    if (!text.empty() && text != "reason." + r.code) parts.push_back(std::move(text));
    break;
  }
  if (parts.empty()) return "";
  std::string joined = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) joined += ". " + parts[i];
  return Text("ref_reason", {{"reasons", joined}});
}

std::string Renderer::NoProvider(const ReferralTexts& texts, const std::string& barrier) const {
  return Text(texts.none, {{"barrier", BarrierLabel(barrier)}});
}

}  // namespace levier::dialogs
