#include "levier/dialogs/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uspoof.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>

namespace levier::dialogs {
namespace {

// Normalizer2 instances are owned by ICU, immutable and thread-safe, which a
// Transliterator is not; removing marks by hand after NFD is equivalent to
// "NFD; [:Nonspacing Mark:] Remove; NFC".
struct Normalizers {
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

const Normalizers& GetNormalizers() {
  static const Normalizers kNormalizers = [] {
    Normalizers n;
    UErrorCode status = U_ZERO_ERROR;
    n.nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) n.nfkc = nullptr;
    status = U_ZERO_ERROR;
    n.nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) n.nfd = nullptr;
    status = U_ZERO_ERROR;
    n.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) n.nfc = nullptr;
    return n;
  }();
  return kNormalizers;
}

icu::UnicodeString Normalize(const icu::Normalizer2* normalizer, const icu::UnicodeString& in) {
  if (normalizer == nullptr) return in;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = normalizer->normalize(in, status);
  return U_FAILURE(status) ? in : out;
}

bool IsApostrophe(UChar32 c) {
  return c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B || c == 0x02BC ||
         c == 0x02B9 || c == 0x0060 || c == 0x00B4 || c == 0x2032 || c == 0xFF07;
}

bool IsQuote(UChar32 c) {
  return c == 0x00AB || c == 0x00BB || c == 0x201C || c == 0x201D || c == 0x201E ||
         c == 0x201F || c == 0x2033 || c == 0x2039 || c == 0x203A || c == 0xFF02;
}

bool IsSpace(UChar32 c) { return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF; }

// The shared pipeline; `words_only` turns every non-alphanumeric code point
// into a separator.
std::string Pipeline(std::string_view utf8, bool words_only) {
  if (utf8.empty()) return {};
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const Normalizers& n = GetNormalizers();
  text = Normalize(n.nfkc, text);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  text = Normalize(n.nfd, text);

  icu::UnicodeString cleaned;
  bool pending_space = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (IsApostrophe(c)) c = '\'';
    if (IsQuote(c)) c = '"';
    // Letters typed two ways on phones: Turkish dotless i, Arabic final
    // ya and ta marbuta, Persian keyboard forms; tatweel is decoration.
    if (c == 0x0131) c = 'i';
    if (c == 0x0649 || c == 0x06CC) c = 0x064A;
    if (c == 0x0629) c = 0x0647;
    if (c == 0x06A9) c = 0x0643;
    if (c == 0x0640) continue;
    // Digits of every script are read as numbers: Arabic-Indic (٢) and
    // Eastern Arabic-Indic (۲) keyboards type them for choices.
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) c = '0' + u_charDigitValue(c);
    bool separator = IsSpace(c) || (words_only && !u_isalnum(c)) || u_charType(c) == U_CONTROL_CHAR ||
                     u_charType(c) == U_FORMAT_CHAR;
    if (separator) {
      pending_space = !cleaned.isEmpty();
      continue;
    }
    if (pending_space) cleaned.append(static_cast<UChar>(' '));
    pending_space = false;
    cleaned.append(c);
  }
  cleaned = Normalize(n.nfc, cleaned);
  std::string out;
  cleaned.toUTF8String(out);
  return out;
}

}  // namespace

std::string NormalizeForMatching(std::string_view utf8) { return Pipeline(utf8, false); }

std::string MatchKey(std::string_view utf8) { return Pipeline(utf8, true); }

std::string ConfusableMatchKey(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return {};
  }
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* checker = uspoof_open(&status);
  if (U_FAILURE(status)) return {};
  // Skeletons fold letters, not case: fold case first so "ѕтор" works too.
  const std::string upper = [&] {
    std::string out;
    icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))
        .toUpper()
        .toUTF8String(out);
    return out;
  }();
  char buffer[512];
  const int32_t n = uspoof_getSkeletonUTF8(checker, 0, upper.data(),
                                           static_cast<int32_t>(upper.size()), buffer,
                                           sizeof buffer, &status);
  uspoof_close(checker);
  if (U_FAILURE(status) || n <= 0) return {};
  return MatchKey(std::string_view(buffer, static_cast<std::size_t>(n)));
}

std::string FoldCase(std::string_view utf8) {
  if (utf8.empty()) return {};
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text = Normalize(GetNormalizers().nfc, text);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace levier::dialogs
