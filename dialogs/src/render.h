// Builds the texts residents receive from the script's per-language
// templates. Private to levier::dialogs. A Renderer is a cheap view over a
// Script; pure and thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/match.h"

#include "levier/dialogs/reply.h"
#include "levier/dialogs/script.h"
#include "levier/dialogs/text.h"  // IsolateLtrRuns
#include "levier/kb/knowledge_base.h"

namespace levier::dialogs {

class Renderer {
 public:
  // `spoken`: the replies will be read aloud (a phone call): texts come from
  // the language's "voice" section where it has them, and phone numbers are
  // spelled out in pairs of digits.
  // `org`: the organisation that invited the resident, for "{org}" in any
  // text ("" leaves "{org}" as written: `levier check` shows it so).
  Renderer(const Script& script, std::string_view lang, bool spoken = false,
           std::string_view org = {})
      : script_(script), lang_(lang), spoken_(spoken), org_(org) {}

  // Text `id` with "{@other}" replaced by text `other` (one level) and
  // "{name}" by `vars[name]`; unknown placeholders are left as written.
  std::string Text(std::string_view id, const std::map<std::string, std::string>& vars = {}) const;
  // The node's text and its choices (id: the label's text id).
  Reply Question(const Node& node) const;
  // `text` and choices with these ids and labels already rendered.
  Reply Choices(std::string text, std::vector<ReplyChoice> choices) const;
  // One reply listing `providers` for `barrier`.
  // Each provider with why it fits ("Near you", "Open until 17:00"): texts
  // reason.<code> and day.<mo..su> of the language, joined by ref_reason.
  std::string Referral(const ReferralTexts& texts, const std::string& barrier,
                       const std::vector<kb::ProviderMatch>& matches) const;
  std::string Referral(const ReferralTexts& texts, const std::string& barrier,
                       const std::vector<const kb::Provider*>& providers) const;
  std::string NoProvider(const ReferralTexts& texts, const std::string& barrier) const;
  std::string Reasons(const kb::ProviderMatch& match) const;
  // The barrier's label in this language ("Transport, permis"), else its code.
  std::string BarrierLabel(const std::string& barrier) const;

 private:

  const Script& script_;
  std::string lang_;
  bool spoken_ = false;
  std::string org_;
};

}  // namespace levier::dialogs
