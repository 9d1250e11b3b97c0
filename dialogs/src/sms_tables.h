// Character-set tables behind sms.h (GSM 03.38, Twilio's Smart Encoding map,
// Latin letters to GSM-7) and script detection. UTF-8 itself: levier/util/utf8.h.
// Private to levier::dialogs. Constant data; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levier::dialogs::sms {

enum class GsmClass { kNone, kBasic, kExtension };

// Whether `c` is a GSM-7 character: one septet (basic set) or two (escape
// plus extension code).
GsmClass ClassifyGsm(char32_t c);

struct Substitution {
  char32_t from;
  const char* to;  // UTF-8 (always GSM-7 here); "" = deleted
};

// Twilio's Smart Encoding replacement for `c`, or nullptr.
const Substitution* SmartEncoding(char32_t c);
// The GSM-7 form of a Latin letter (or sign) GSM-7 lacks, or nullptr.
const Substitution* LatinToGsm(char32_t c);

// True when no letter of `utf8` belongs to a script other than Latin (digits,
// punctuation and symbols are Common and do not count).
bool IsLatinScript(std::string_view utf8);

}  // namespace levier::dialogs::sms
