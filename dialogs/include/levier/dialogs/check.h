// What `levier check` tells coordinators about a script beyond CheckScript's
// findings (declared in script.h): its settings (check.json), the table of
// translations (language x nodes covered) and the SMS cost of every message.
//
// Settings live in `<script dir>/check.json` (dialogs/default/check.json,
// format "levier-check/1", see docs/dialogs-check.md): the jargon and
// acronyms to explain, the longest sentence, the SMS segments allowed per
// message. They are data a coordinator edits, not code.
//
// All functions are pure (LoadCheckOptions reads one file) and thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "levier/dialogs/script.h"
#include "levier/dialogs/sms.h"
#include "levier/util/status.h"

namespace levier::kb { class KnowledgeBase; }

namespace levier::dialogs {

// SMS segments a message may cost (after FitForSms) before it is reported.
// Referral messages list up to three providers and get their own allowance.
struct SegmentAllowance {
  std::size_t max_segments = 2;
  std::size_t max_referral_segments = 4;
};

struct CheckOptions {
  std::size_t max_segments = 2;
  std::size_t max_referral_segments = 4;
  // Per language (Arabic or Ukrainian text is always UCS-2: 70 characters an
  // SMS instead of 160); languages not listed use the two numbers above.
  std::map<std::string, SegmentAllowance> segments_by_language;
  // Count segments as the SMS adapter sends texts: FitForSms(text, this).
  bool transliterate = true;
  // A sentence longer than this many words is reported.
  std::size_t max_sentence_words = 20;
  // Words and acronyms residents may not know ("RQTH", "QPV"): reported in a
  // text unless explained there, i.e. followed by a parenthesis or a dash
  // ("RQTH (papier qui reconnaît un handicap)", "QPV - quartier prioritaire")
  // or written inside a parenthesis after the explanation ("... (RQTH)").
  // All-capital entries match with that case only; others ignore ASCII case.
  std::vector<std::string> jargon;
  // WhatsApp's limits on choice labels (Cloud API, spec 3.7): up to
  // `max_buttons` choices show as buttons whose titles fit
  // `max_button_title_chars`; up to `max_list_rows` as a list whose rows fit
  // `max_list_label_chars` (title and description). Longer labels lose the
  // buttons or the list: reported as warnings.
  std::size_t max_buttons = 3;
  std::size_t max_button_title_chars = 20;
  std::size_t max_list_rows = 10;
  std::size_t max_list_label_chars = 72;

  SegmentAllowance AllowanceFor(std::string_view language) const;
};

// Bounds on check.json.
struct CheckOptionsLimits {
  std::size_t max_file_bytes = 64 * 1024;
  std::size_t max_jargon = 500;
  std::size_t max_term_bytes = 100;
};

// Parses check.json text; `file` names it in errors ("<file>: jargon[3]:
// must be a non-empty string").
Result<CheckOptions> ParseCheckOptions(std::string_view json, std::string_view file);
// Reads and parses `file`; NotFound when it does not exist.
Result<CheckOptions> LoadCheckOptions(const std::filesystem::path& file);

// CheckScript with explicit settings. CheckScript(script, kb) reads
// check.json beside the script's flow.json when there is one (a malformed
// check.json is reported as an error finding) and uses the defaults above
// otherwise.
std::vector<CheckFinding> CheckScript(const Script& script, const kb::KnowledgeBase& kb,
                                      const CheckOptions& options);

// Which nodes are fully translated, as aligned text: one row per node (and
// one for the texts shared by the whole script), one column per language;
// a cell says "ok", "missing N" (texts or keyword lists the node uses that
// the language lacks, shown in the default language instead) or "-" (the
// node has nothing to translate); the last row counts covered nodes.
std::string TranslationTable(const Script& script);

// The SMS cost of one message the script can send, in one language.
struct SegmentReport {
  std::string node;      // node id; "" for command replies
  std::string language;
  std::string file;      // the language file the text comes from
  std::string message;   // which message: "text", "question", "not understood",
                         // "on_no_match", "command help", "referral logement (Tours)"
  std::string text;      // as rendered from the templates
  bool referral = false; // a referral message (its own segment allowance)
  SmsSegments as_written;
  SmsSegments as_sent;   // FitForSms(text, transliterate)
};

struct SegmentOptions {
  bool transliterate = true;
  // When set, referral nodes are measured with the providers residents would
  // get: for each barrier the script offers, the commune giving the longest
  // message. Without it, referral nodes are left out.
  const kb::KnowledgeBase* kb = nullptr;
};

// Every message of every node in every language, in node order then
// language order. Placeholders without a value ({name}...) stay as written.
std::vector<SegmentReport> SegmentsPerNode(const Script& script);
std::vector<SegmentReport> SegmentsPerNode(const Script& script, const SegmentOptions& options);

// Aligned text: one row per node and message, one column per language; a
// cell is the segment count as sent, "*" marking UCS-2 and "!" a count over
// the language's allowance in `options`.
std::string SegmentTable(const std::vector<SegmentReport>& reports, const CheckOptions& options);

}  // namespace levier::dialogs
