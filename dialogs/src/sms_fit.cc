// FitForSms: Smart Encoding substitutions and, for Latin-script text,
// transliteration of letters GSM-7 lacks; each kept only when it lowers
// what the message costs.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include "levier/dialogs/sms.h"
#include "levier/util/utf8.h"
#include "sms_tables.h"

namespace levier::dialogs {
namespace {

std::string Nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString normalised = nfc->normalize(text, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  normalised.toUTF8String(out);
  return out;
}

std::string SmartEncode(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t c = DecodeUtf8(utf8, &pos);
    if (const sms::Substitution* s = sms::SmartEncoding(c)) {
      out += s->to;
    } else {
      AppendUtf8(c, &out);
    }
  }
  return out;
}

// The base letters of `c` without its marks ("ě" -> "e"), when they are all
// GSM-7; "" otherwise.
std::string StripMarks(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString decomposed;
  if (!nfd->getDecomposition(static_cast<UChar32>(c), decomposed)) return {};
  std::string out;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 part = decomposed.char32At(i);
    if (u_charType(part) == U_NON_SPACING_MARK) continue;
    if (sms::ClassifyGsm(static_cast<char32_t>(part)) == sms::GsmClass::kNone) return {};
    AppendUtf8(static_cast<char32_t>(part), &out);
  }
  return out;
}

// REQUIRES: `utf8` is Latin-script and NFC.
std::string TransliterateLatin(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t c = DecodeUtf8(utf8, &pos);
    if (sms::ClassifyGsm(c) != sms::GsmClass::kNone) {
      AppendUtf8(c, &out);
    } else if (const sms::Substitution* s = sms::LatinToGsm(c)) {
      out += s->to;
    } else if (u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK) {
      // A mark NFC could not compose onto its letter: the letter stays.
    } else if (std::string base = StripMarks(c); !base.empty()) {
      out += base;
    } else {
      AppendUtf8(c, &out);
    }
  }
  return out;
}

struct Candidate {
  std::string text;
  SmsSegments cost;
};

// Fewer segments wins; on a tie GSM-7 wins over UCS-2 (same price, but a
// later edit is less likely to cross a boundary); otherwise the incumbent,
// which is the less modified text.
bool Cheaper(const SmsSegments& a, const SmsSegments& b) {
  if (a.segments != b.segments) return a.segments < b.segments;
  return a.encoding == SmsEncoding::kGsm7 && b.encoding == SmsEncoding::kUcs2;
}

}  // namespace

std::string FitForSms(std::string_view utf8, bool transliterate) {
  Candidate best{std::string(utf8), CountSmsSegments(utf8)};
  // GSM-7 already: nothing to gain. Another script: UCS-2 whatever we do,
  // and deleting a joiner or a control could change how it reads.
  if (best.cost.encoding == SmsEncoding::kGsm7 || !sms::IsLatinScript(utf8)) return best.text;

  Candidate smart;
  smart.text = SmartEncode(Nfc(utf8));
  smart.cost = CountSmsSegments(smart.text);
  Candidate latin;
  if (transliterate) {
    latin.text = TransliterateLatin(smart.text);
    latin.cost = CountSmsSegments(latin.text);
  }
  if (Cheaper(smart.cost, best.cost)) best = std::move(smart);
  if (transliterate && Cheaper(latin.cost, best.cost)) best = std::move(latin);
  return best.text;
}

}  // namespace levier::dialogs
