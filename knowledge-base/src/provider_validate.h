// Private: the rules every provider obeys, whatever file it came from
// (providers.json, a coordinators' CSV, a data·inclusion import). Readers
// convert types; this checks values, so the three paths accept exactly the
// same entries and say so in the same words.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "json_reader.h"
#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb::internal {

// Stable ASCII slug: lower-case letters, digits and single inner hyphens.
bool IsSlug(std::string_view id);
// "fr", "en", "ar", "pt-BR"...: the keys dialog scripts use for languages.
bool IsLanguageTag(std::string_view tag);
// Digits and the usual separators only: the number is sent as is by SMS.
bool IsPhone(std::string_view phone);
// A valid calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view date);

// Checks every field of `p` (codes, formats, limits, the "verified" rule of
// docs/knowledge-base.md) and parses `p->hours` into `p->opening`. Does not
// check references to neighbourhoods (KnowledgeBase::Build does).
Status ValidateProvider(Provider* p, const LoadLimits& limits, const Where& where);

}  // namespace levier::kb::internal
