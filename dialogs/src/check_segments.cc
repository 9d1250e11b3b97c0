// The SMS cost of every message a script can send: SegmentsPerNode, the
// table `levier check` prints, and the findings over the allowance.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "check_internal.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/utf8.h"
#include "render.h"
#include "sms_tables.h"

namespace levier::dialogs {
namespace {

// Barrier codes the script can record, and the communes it can record
// ("" = not known yet), to render referrals as residents get them.
std::set<std::string> OfferedBarriers(const Script& script) {
  std::set<std::string> out;
  for (const Node& node : script.nodes()) {
    for (const Choice& c : node.choices) {
      if (!c.barrier.empty()) out.insert(c.barrier);
    }
    for (const auto& [code, target] : node.followups) out.insert(code);
  }
  return out;
}

std::set<std::string> Communes(const Script& script) {
  std::set<std::string> out = {""};
  for (const Node& node : script.nodes()) {
    for (const Choice& c : node.choices) {
      auto it = c.set.find(script.profile_facts().commune_key);
      if (it != c.set.end()) out.insert(it->second);
    }
  }
  return out;
}

class Measurer {
 public:
  Measurer(const Script& script, const SegmentOptions& options, std::vector<SegmentReport>* out)
      : script_(script),
        options_(options),
        out_(*out),
        barriers_(OfferedBarriers(script)),
        communes_(Communes(script)) {}

  void Language(const LanguagePack& pack) {
    const Renderer render(script_, pack.code);
    for (const Node& node : script_.nodes()) {
      switch (node.kind) {
        case NodeKind::kMessage:
        case NodeKind::kHandoff:
        case NodeKind::kQuestion:
        case NodeKind::kEnd:
          Add(pack, node.id, "text", render.Text(node.text));
          break;
        case NodeKind::kChoice: {
          // As the SMS channel sends them: numbered choices.
          Reply question = render.Question(node);
          Add(pack, node.id, "question", NumberedText(question));
          // What Step() sends after an answer it did not understand.
          std::string reask = render.Text(script_.not_understood_text());
          if (!reask.empty()) question.text = std::move(reask);
          Add(pack, node.id, "not understood", NumberedText(question));
          Add(pack, node.id, "on_no_match", render.Text(node.on_no_match));
          break;
        }
        case NodeKind::kReferral:
          if (options_.kb != nullptr) Referrals(pack, render, node);
          break;
        case NodeKind::kFollowups:
          break;
      }
    }
    const Commands& c = script_.commands();
    Add(pack, "", "command stop", render.Text(c.stop.reply));
    Add(pack, "", "command start", render.Text(c.start.reply));
    Add(pack, "", "command help", render.Text(c.help.reply));
    Add(pack, "", "command menu", render.Text(c.menu.reply));
    Add(pack, "", "command person", render.Text(c.person.reply));
    Add(pack, "", "command erase", render.Text(c.erase.reply));
    Add(pack, "", "command erase done", render.Text(c.erase.done));
    Add(pack, "", "command withdraw", render.Text(c.withdraw.reply));
  }

 private:
  SegmentReport Measure(const LanguagePack& pack, const std::string& node, std::string message,
                        std::string text) const {
    // As Step() sends it: right-to-left languages get their Latin runs
    // (numbers, names, URLs) wrapped in direction isolates.
    if (pack.rtl) text = IsolateLtrRuns(text);
    SegmentReport r;
    r.node = node;
    r.language = pack.code;
    r.file = pack.file;
    r.message = std::move(message);
    r.as_written = CountSmsSegments(text);
    r.as_sent = CountSmsSegments(FitForSms(text, options_.transliterate));
    r.text = std::move(text);
    return r;
  }

  void Add(const LanguagePack& pack, const std::string& node, std::string message,
           std::string text) {
    if (!text.empty()) out_.push_back(Measure(pack, node, std::move(message), std::move(text)));
  }

  // One report per barrier: the commune whose providers make the longest
  // message (what the most expensive resident pays).
  void Referrals(const LanguagePack& pack, const Renderer& render, const Node& node) {
    for (const std::string& barrier : barriers_) {
      std::optional<SegmentReport> worst;
      std::set<std::vector<const kb::Provider*>> seen;  // communes sharing providers: one text
      for (const std::string& commune : communes_) {
        std::vector<const kb::Provider*> providers = options_.kb->Match(barrier, commune, 3);
        if (!seen.insert(providers).second) continue;
        std::string text = providers.empty() ? render.NoProvider(node.referral, barrier)
                                             : render.Referral(node.referral, barrier, providers);
        std::string where = commune.empty() ? "commune unknown" : commune;
        SegmentReport r = Measure(pack, node.id, "referral " + barrier + " (" + where + ")",
                                  std::move(text));
        r.referral = true;
        if (!worst || r.as_sent.code_units > worst->as_sent.code_units) worst = std::move(r);
      }
      if (worst && !worst->text.empty()) out_.push_back(std::move(*worst));
    }
  }

  const Script& script_;
  const SegmentOptions& options_;
  std::vector<SegmentReport>& out_;
  const std::set<std::string> barriers_;
  const std::set<std::string> communes_;
};

std::size_t Allowance(const SegmentReport& r, const CheckOptions& options) {
  SegmentAllowance allowance = options.AllowanceFor(r.language);
  return r.referral ? allowance.max_referral_segments : allowance.max_segments;
}

}  // namespace

std::string check_internal::PadRight(std::string s, std::size_t width) {
  std::size_t shown = CountCodePoints(s);
  if (shown < width) s.append(width - shown, ' ');
  return s;
}

std::vector<SegmentReport> SegmentsPerNode(const Script& script, const SegmentOptions& options) {
  std::vector<SegmentReport> out;
  Measurer measurer(script, options, &out);
  for (const std::string& code : script.languages()) {
    if (const LanguagePack* pack = script.Language(code)) measurer.Language(*pack);
  }
  // Node order, then language order (stable: messages keep their order).
  std::map<std::string, std::size_t> node_rank = {{"", script.nodes().size()}};
  for (std::size_t i = 0; i < script.nodes().size(); ++i) node_rank[script.nodes()[i].id] = i;
  std::stable_sort(out.begin(), out.end(), [&](const SegmentReport& a, const SegmentReport& b) {
    return node_rank[a.node] < node_rank[b.node];
  });
  return out;
}

std::vector<SegmentReport> SegmentsPerNode(const Script& script) {
  return SegmentsPerNode(script, SegmentOptions());
}

std::string SegmentTable(const std::vector<SegmentReport>& reports, const CheckOptions& options) {
  std::vector<std::string> languages;
  std::vector<std::string> rows;
  std::map<std::string, std::map<std::string, std::string>> cells;  // row -> language -> cell
  for (const SegmentReport& r : reports) {
    if (std::find(languages.begin(), languages.end(), r.language) == languages.end()) {
      languages.push_back(r.language);
    }
    std::string row = (r.node.empty() ? std::string("(commands)") : r.node) + "  " + r.message;
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
    std::string cell = std::to_string(r.as_sent.segments);
    if (r.as_sent.encoding == SmsEncoding::kUcs2) cell += "*";
    if (r.as_sent.segments > Allowance(r, options)) cell += "!";
    cells[row][r.language] = cell;
  }
  std::size_t first = 4;
  for (const std::string& row : rows) first = std::max(first, CountCodePoints(row));
  std::string out = check_internal::PadRight("node  message", first + 2);
  for (const std::string& lang : languages) out += check_internal::PadRight(lang, 6);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (const std::string& row : rows) {
    std::string line = check_internal::PadRight(row, first + 2);
    for (const std::string& lang : languages) {
      auto it = cells[row].find(lang);
      line += check_internal::PadRight(it == cells[row].end() ? "-" : it->second, 6);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "segments as sent by SMS; * = UCS-2 (70 characters per SMS, 67 when split); "
         "! = over the allowance (" + std::to_string(options.max_segments) + ", referrals " +
         std::to_string(options.max_referral_segments);
  for (const auto& [code, allowance] : options.segments_by_language) {
    out += "; " + code + ": " + std::to_string(allowance.max_segments) + ", referrals " +
           std::to_string(allowance.max_referral_segments);
  }
  out += ")\n";
  return out;
}

namespace check_internal {

void CheckSegments(const Script& script, const kb::KnowledgeBase& kb, const CheckOptions& options,
                   std::vector<CheckFinding>* findings) {
  SegmentOptions measure;
  measure.transliterate = options.transliterate;
  measure.kb = &kb;
  for (const SegmentReport& r : SegmentsPerNode(script, measure)) {
    const std::size_t allowance = Allowance(r, options);
    if (r.as_sent.segments <= allowance) continue;
    std::string why = std::to_string(r.as_sent.segments) + " SMS (" +
                      std::string(SmsEncodingName(r.as_sent.encoding)) + ", " +
                      std::to_string(r.as_sent.code_units) + " characters";
    if (!r.as_sent.non_gsm.empty() && sms::IsLatinScript(r.text)) {
      // Worth naming only where a coordinator can replace them.
      why += "; UCS-2 because of";
      for (const std::string& c : r.as_sent.non_gsm) why += " '" + c + "'";
    }
    why += ")";
    findings->push_back(CheckFinding{
        CheckFinding::Severity::kWarning, r.file, r.node, r.language,
        r.message + " is " + why + "; keep it to " + std::to_string(allowance) +
            (allowance == 1 ? " SMS" : " SMS or fewer")});
  }
}

}  // namespace check_internal
}  // namespace levier::dialogs
