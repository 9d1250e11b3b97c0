// CountSmsSegments: Twilio's segment calculator (npm sms-segments-calculator
// 1.3.0, SegmentedMessage.ts and Segment.ts), step for step, so the counts
// `levier check` prints are the ones Twilio bills.
#include <memory>
#include <set>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "levier/dialogs/sms.h"
#include "sms_tables.h"

namespace levier::dialogs {
namespace {

constexpr int kSegmentBits = 1120;  // 140 octets of user data
constexpr int kHeaderBits = 48;     // 6-octet concatenation header, per segment

struct Grapheme {
  int bits = 0;
  std::size_t units = 0;  // septets or UTF-16 code units
};

struct Segment {
  bool header = false;
  int used_bits = 0;
  std::vector<Grapheme> graphemes;

  int FreeBits() const { return kSegmentBits - used_bits; }
  void Push(const Grapheme& g) {
    graphemes.push_back(g);
    used_bits += g.bits;
  }
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

// Segment filling (Segment.ts): when a grapheme does not fit, a new segment
// with a header starts; the first time, the first segment gets its header
// too and gives back from its end whatever no longer fits.
std::vector<Segment> Fill(const std::vector<Grapheme>& graphemes) {
  std::vector<Segment> segments(1);
  for (const Grapheme& g : graphemes) {
    if (segments.back().FreeBits() < g.bits) {
      Segment next;
      next.header = true;
      next.used_bits = kHeaderBits;
      Segment& previous = segments.back();
      if (!previous.header) {
        previous.header = true;
        previous.used_bits += kHeaderBits;
        std::vector<Grapheme> moved;
        while (previous.FreeBits() < 0 && !previous.graphemes.empty()) {
          moved.insert(moved.begin(), previous.graphemes.back());
          previous.used_bits -= previous.graphemes.back().bits;
          previous.graphemes.pop_back();
        }
        for (const Grapheme& m : moved) next.Push(m);
      }
      segments.push_back(std::move(next));
    }
    segments.back().Push(g);
  }
  return segments;
}

}  // namespace

std::string_view SmsEncodingName(SmsEncoding encoding) {
  return encoding == SmsEncoding::kGsm7 ? "GSM-7" : "UCS-2";
}

SmsSegments CountSmsSegments(std::string_view utf8) {
  // fromUTF8 turns malformed bytes into U+FFFD.
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const std::vector<std::pair<int32_t, int32_t>> clusters = Graphemes(text);

  SmsSegments result;
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

  std::vector<Grapheme> graphemes;
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
    result.code_units += g.units;
    graphemes.push_back(g);
  }

  std::vector<Segment> segments = Fill(graphemes);
  result.segments = segments.size();
  for (const Segment& s : segments) {
    std::size_t units = 0;
    for (const Grapheme& g : s.graphemes) units += g.units;
    result.units_per_segment.push_back(units);
  }
  return result;
}

}  // namespace levier::dialogs
