// CountSmsSegments: Twilio's segment calculator (npm sms-segments-calculator
// 1.3.0, SegmentedMessage.ts and Segment.ts), step for step, so the counts
// `levier check` prints are the ones Twilio bills.
#include <memory>
#include <set>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "levier/dialogs/sms.h"
#include "levier/util/utf8.h"
#include "sms_tables.h"

namespace levier::dialogs {
namespace {

constexpr int kSegmentBits = 1120;  // 140 octets of user data
constexpr int kHeaderBits = 48;     // 6-octet concatenation header, per segment

struct Grapheme {
  int bits = 0;
  std::size_t units = 0;  // septets or UTF-16 code units
};

// Graphemes [begin, end) of the message, in order: segments are contiguous.
struct SegmentSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  int used_bits = 0;
  bool header = false;
};

// The grapheme clusters of `text` as [begin, end) UTF-16 offsets; "\r\n" is
// two clusters, as in the calculator.
std::vector<std::pair<int32_t, int32_t>> Graphemes(const icu::UnicodeString& text) {
  std::vector<std::pair<int32_t, int32_t>> out;
  // Creating an iterator loads rules (tens of microseconds); one per thread
  // keeps `levier check` over hundreds of messages fast and stays thread-safe.
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  if (it == nullptr) {
    // Without ICU data, code points are the next best clusters.
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      out.emplace_back(i, text.moveIndex32(i, 1));
    }
    return out;
  }
  it->setText(text);
  int32_t begin = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next()) {
    if (end - begin == 2 && text.charAt(begin) == u'\r' && text.charAt(begin + 1) == u'\n') {
      out.emplace_back(begin, begin + 1);
      out.emplace_back(begin + 1, end);
    } else {
      out.emplace_back(begin, end);
    }
  }
  return out;
}

// The graphemes of `utf8` without ICU's break iterator, for the common text
// where every code point has the grapheme-break property Other, Control, CR
// or LF: then no rule joins two code points into one cluster (the only such
// pair, "\r\n", the calculator counts as two), so clusters are code points.
// False, leaving `result` untouched, when a code point could join another
// (a combining mark, a joiner, an emoji modifier, a flag, Hangul...) or is
// U+FFFD (which may stand for several malformed bytes): the general path
// must run.
bool CountCodePointGraphemes(std::string_view utf8, std::vector<Grapheme>* graphemes,
                             SmsSegments* result) {
  std::vector<char32_t> code_points;
  code_points.reserve(utf8.size());
  bool gsm = true;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t c = DecodeUtf8(utf8, &pos);
    if (c == 0xFFFD) return false;
    if (c >= 0x80) {
      const auto gcb = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GRAPHEME_CLUSTER_BREAK);
      if (gcb != U_GCB_OTHER && gcb != U_GCB_CONTROL) return false;
    }
    gsm = gsm && sms::ClassifyGsm(c) != sms::GsmClass::kNone;
    code_points.push_back(c);
  }
  graphemes->reserve(code_points.size());
  if (gsm) {
    for (const char32_t c : code_points) {
      const std::size_t units = sms::ClassifyGsm(c) == sms::GsmClass::kExtension ? 2 : 1;
      graphemes->push_back(Grapheme{static_cast<int>(units) * 7, units});
    }
    return true;
  }
  result->encoding = SmsEncoding::kUcs2;
  std::set<char32_t> seen;
  for (const char32_t c : code_points) {
    const std::size_t units = c > 0xFFFF ? 2 : 1;  // UTF-16 code units
    graphemes->push_back(Grapheme{static_cast<int>(units) * 16, units});
    if (result->non_gsm.size() < SmsSegments::kMaxNonGsmShown &&
        sms::ClassifyGsm(c) == sms::GsmClass::kNone && seen.insert(c).second) {
      std::string shown;
      AppendUtf8(c, &shown);
      result->non_gsm.push_back(std::move(shown));
    }
  }
  return true;
}

// Segment filling (Segment.ts): when a grapheme does not fit, a new segment
// with a header starts; the first time, the first segment gets its header
// too and gives back from its end whatever no longer fits.
std::vector<SegmentSpan> Fill(const std::vector<Grapheme>& graphemes) {
  std::vector<SegmentSpan> segments(1);
  for (std::size_t i = 0; i < graphemes.size(); ++i) {
    const Grapheme& g = graphemes[i];
    if (kSegmentBits - segments.back().used_bits < g.bits) {
      SegmentSpan& previous = segments.back();
      SegmentSpan next{i, i, kHeaderBits, true};
      if (!previous.header) {
        previous.header = true;
        previous.used_bits += kHeaderBits;
        while (kSegmentBits - previous.used_bits < 0 && previous.end > previous.begin) {
          --previous.end;
          previous.used_bits -= graphemes[previous.end].bits;
          next.used_bits += graphemes[previous.end].bits;
        }
        next.begin = previous.end;
      }
      segments.push_back(next);
    }
    segments.back().end = i + 1;
    segments.back().used_bits += g.bits;
  }
  return segments;
}

// Everything but the encoding and the characters that force UCS-2.
void CountFromGraphemes(const std::vector<Grapheme>& graphemes, SmsSegments* result) {
  for (const Grapheme& g : graphemes) result->code_units += g.units;
  const std::vector<SegmentSpan> segments = Fill(graphemes);
  result->segments = segments.size();
  result->units_per_segment.reserve(segments.size());
  for (const SegmentSpan& s : segments) {
    std::size_t units = 0;
    for (std::size_t i = s.begin; i < s.end; ++i) units += graphemes[i].units;
    result->units_per_segment.push_back(units);
  }
}

}  // namespace

std::string_view SmsEncodingName(SmsEncoding encoding) {
  return encoding == SmsEncoding::kGsm7 ? "GSM-7" : "UCS-2";
}

SmsSegments CountSmsSegments(std::string_view utf8) {
  SmsSegments result;
  std::vector<Grapheme> graphemes;
  // Nearly every reply: counted without ICU's break iterator (a fifth of
  // the server's CPU time when it ran for every reply).
  if (CountCodePointGraphemes(utf8, &graphemes, &result)) {
    CountFromGraphemes(graphemes, &result);
    return result;
  }
  graphemes.clear();

  // fromUTF8 turns malformed bytes into U+FFFD.
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const std::vector<std::pair<int32_t, int32_t>> clusters = Graphemes(text);

  std::set<std::string> seen;
  for (const auto& [begin, end] : clusters) {
    bool gsm = end - begin == 1 && sms::ClassifyGsm(text.charAt(begin)) != sms::GsmClass::kNone;
    if (gsm) continue;
    result.encoding = SmsEncoding::kUcs2;
    std::string shown;
    text.tempSubStringBetween(begin, end).toUTF8String(shown);
    if (result.non_gsm.size() < SmsSegments::kMaxNonGsmShown && seen.insert(shown).second) {
      result.non_gsm.push_back(std::move(shown));
    }
  }

  graphemes.reserve(clusters.size());
  for (const auto& [begin, end] : clusters) {
    Grapheme g;
    if (result.encoding == SmsEncoding::kGsm7) {
      g.units = sms::ClassifyGsm(text.charAt(begin)) == sms::GsmClass::kExtension ? 2 : 1;
      g.bits = static_cast<int>(g.units) * 7;
    } else {
      g.units = static_cast<std::size_t>(end - begin);
      g.bits = static_cast<int>(g.units) * 16;
    }
    graphemes.push_back(g);
  }
  CountFromGraphemes(graphemes, &result);
  return result;
}

}  // namespace levier::dialogs
