// What an SMS costs: segment counting exactly as Twilio's segment calculator
// does it (GSM 03.38 / UCS-2, extension characters, concatenation headers),
// and the character substitutions that keep a Latin-script message in GSM-7.
//
// Residents pay per SMS segment and so does the city: one typographic
// apostrophe or "ê" switches a whole message to UCS-2 and can double its
// cost. The substitution tables are data about character sets (GSM 03.38,
// Twilio's Smart Encoding map, Latin letters and their plain forms), not
// resident-facing text, so they live in the code (dialogs/src/sms_tables.cc).
// Reference: /work/shared/specs/platform-specs.md §1.14 and §2.
//
// All functions are pure and thread-safe; none throws. Invalid UTF-8 bytes
// count as U+FFFD (which forces UCS-2), as a phone would show them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace levier::dialogs {

enum class SmsEncoding { kGsm7, kUcs2 };

std::string_view SmsEncodingName(SmsEncoding encoding);  // "GSM-7" | "UCS-2"

struct SmsSegments {
  SmsEncoding encoding = SmsEncoding::kGsm7;
  // GSM-7: septets (an extension character such as "€" or "[" counts 2).
  // UCS-2: UTF-16 code units (an emoji outside the BMP counts 2).
  std::size_t code_units = 0;
  // Segments billed; 1 for the empty text, as Twilio's calculator says.
  std::size_t segments = 1;
  // Code units carried by each segment, headers excluded: 161 x "a" gives
  // {153, 8}, 81 x "€" gives {152, 10} (an escape pair is never split).
  std::vector<std::size_t> units_per_segment;
  // The distinct characters that force UCS-2, in order of appearance, at
  // most kMaxNonGsmShown of them (to name them in `levier check`).
  std::vector<std::string> non_gsm;

  static constexpr std::size_t kMaxNonGsmShown = 8;
};

// Counts `utf8` as sent, without any substitution (spec §2.4 steps 2 to 5):
// graphemes (a "\r\n" pair is two), GSM-7 when every grapheme is one GSM
// character (basic or extension), else UCS-2 for the whole message; segments
// of 1120 bits, a 48-bit header added to every segment once there are two,
// a grapheme never split across segments.
SmsSegments CountSmsSegments(std::string_view utf8);

// The text to send by SMS, costing no more segments than `utf8`. For
// Latin-script text (no letter of any other script):
//  1. Twilio's Smart Encoding substitutions (typographic quotes and dashes,
//     fullwidth forms, "…" -> "...", invisible characters deleted), except
//     that every kind of space becomes one plain space (Twilio's map makes
//     some of them two); the text is NFC-normalised first;
//  2. when `transliterate`, letters outside GSM-7 replaced by their nearest
//     GSM-7 form (ê -> e, ç -> c, œ -> oe, ğ -> g, ş -> s, ã -> a, ...),
//     keeping those GSM-7 has (é è à ù ì ò Ç É ä ö ü ñ Ä Ö Ü Ñ å æ ø ß).
// Each step is kept only when it lowers the segment count, or keeps it while
// turning UCS-2 into GSM-7; otherwise the previous text is returned.
// Text already in GSM-7, and text in any other script (Arabic, Cyrillic...),
// is returned unchanged.
std::string FitForSms(std::string_view utf8, bool transliterate);

}  // namespace levier::dialogs
