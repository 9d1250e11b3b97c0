// Character-set tables behind sms.h: GSM 03.38 (basic and extension) and
// the substitutions FitForSms applies. Data about character sets, not text
// shown to residents. Sources: /work/shared/specs/platform-specs.md §1.14
// (Twilio's Smart Encoding map, npm sms-segments-calculator@1.3.0) and §2.1,
// §2.2 (3GPP TS 23.038).
#include "sms_tables.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace levier::dialogs::sms {
namespace {

// §2.1: the 127 characters of the basic set (0x1B is the escape, not a
// character), sorted by code point.
constexpr std::array<char32_t, 127> kGsmBasic = {
    0x000A, 0x000D, 0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025,
    0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D,
    0x002E, 0x002F, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035,
    0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D,
    0x003E, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045,
    0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D,
    0x004E, 0x004F, 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055,
    0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005F, 0x0061, 0x0062,
    0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A,
    0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0072,
    0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A,
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5,
    0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF,
    0x00E0, 0x00E4, 0x00E5, 0x00E6, 0x00E8, 0x00E9, 0x00EC, 0x00F1,
    0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393, 0x0394, 0x0398,
    0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9
};

// §2.2: the 10 characters of the default extension table (ESC + code).
constexpr std::array<char32_t, 10> kGsmExtension = {
    0x000C, 0x005B, 0x005C, 0x005D, 0x005E, 0x007B, 0x007C, 0x007D, 0x007E, 0x20AC
};

// §1.14, sorted by code point. Deviation from Twilio's map: every space
// variant (and TAB) becomes ONE space, not two or seven; the spec advises
// it, and a double space is never what a coordinator meant.
constexpr Substitution kSmartEncoding[] = {
    {0x0000, ""},  // <control> NULL
    {0x0003, ""},  // <control> END OF TEXT
    {0x0004, ""},  // <control> END OF TRANSMISSION
    {0x0009, " "},  // <control> CHARACTER TABULATION
    {0x0010, ""},  // <control> DATA LINK ESCAPE
    {0x0011, ""},  // <control> DEVICE CONTROL ONE
    {0x0012, ""},  // <control> DEVICE CONTROL TWO
    {0x0013, ""},  // <control> DEVICE CONTROL THREE
    {0x0014, ""},  // <control> DEVICE CONTROL FOUR
    {0x0017, ""},  // <control> END OF TRANSMISSION BLOCK
    {0x0019, ""},  // <control> END OF MEDIUM
    {0x0060, "'"},  // GRAVE ACCENT
    {0x0080, " "},  // <control> PADDING CHARACTER
    {0x008D, " "},  // <control> REVERSE LINE FEED
    {0x0090, " "},  // <control> DEVICE CONTROL STRING
    {0x009B, " "},  // <control> CONTROL SEQUENCE INTRODUCER
    {0x009F, " "},  // <control> APPLICATION PROGRAM COMMAND
    {0x00A0, " "},  // NO-BREAK SPACE
    {0x00AB, "\""},  // LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
    {0x00B4, "'"},  // ACUTE ACCENT
    {0x00BB, "\""},  // RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
    {0x00BC, "1/4"},  // VULGAR FRACTION ONE QUARTER
    {0x00BD, "1/2"},  // VULGAR FRACTION ONE HALF
    {0x00BE, "3/4"},  // VULGAR FRACTION THREE QUARTERS
    {0x00F7, "/"},  // DIVISION SIGN
    {0x01C3, "!"},  // LATIN LETTER RETROFLEX CLICK
    {0x0262, "G"},  // LATIN LETTER SMALL CAPITAL G
    {0x026A, "I"},  // LATIN LETTER SMALL CAPITAL I
    {0x0274, "N"},  // LATIN LETTER SMALL CAPITAL N
    {0x0280, "R"},  // LATIN LETTER SMALL CAPITAL R
    {0x028F, "Y"},  // LATIN LETTER SMALL CAPITAL Y
    {0x0299, "B"},  // LATIN LETTER SMALL CAPITAL B
    {0x029C, "H"},  // LATIN LETTER SMALL CAPITAL H
    {0x029F, "L"},  // LATIN LETTER SMALL CAPITAL L
    {0x02B9, "'"},  // MODIFIER LETTER PRIME
    {0x02BA, "\""},  // MODIFIER LETTER DOUBLE PRIME
    {0x02BB, "'"},  // MODIFIER LETTER TURNED COMMA
    {0x02BC, "'"},  // MODIFIER LETTER APOSTROPHE
    {0x02BD, "'"},  // MODIFIER LETTER REVERSED COMMA
    {0x02C6, "^"},  // MODIFIER LETTER CIRCUMFLEX ACCENT
    {0x02C8, "'"},  // MODIFIER LETTER VERTICAL LINE
    {0x02CA, "'"},  // MODIFIER LETTER ACUTE ACCENT
    {0x02CB, "'"},  // MODIFIER LETTER GRAVE ACCENT
    {0x02D0, ":"},  // MODIFIER LETTER TRIANGULAR COLON
    {0x02D6, "+"},  // MODIFIER LETTER PLUS SIGN
    {0x02DC, "~"},  // SMALL TILDE
    {0x02EE, "\""},  // MODIFIER LETTER DOUBLE APOSTROPHE
    {0x02F7, "~"},  // MODIFIER LETTER LOW TILDE
    {0x02F8, ":"},  // MODIFIER LETTER RAISED COLON
    {0x0302, "^"},  // COMBINING CIRCUMFLEX ACCENT
    {0x0303, "~"},  // COMBINING TILDE
    {0x0313, "'"},  // COMBINING COMMA ABOVE
    {0x0314, "'"},  // COMBINING REVERSED COMMA ABOVE
    {0x0326, ","},  // COMBINING COMMA BELOW
    {0x0330, "~"},  // COMBINING TILDE BELOW
    {0x0332, "_"},  // COMBINING LOW LINE
    {0x0334, "~"},  // COMBINING TILDE OVERLAY
    {0x0337, "/"},  // COMBINING SHORT SOLIDUS OVERLAY
    {0x0338, "/"},  // COMBINING LONG SOLIDUS OVERLAY
    {0x0347, "="},  // COMBINING EQUALS SIGN BELOW
    {0x1D00, "A"},  // LATIN LETTER SMALL CAPITAL A
    {0x1D04, "C"},  // LATIN LETTER SMALL CAPITAL C
    {0x1D05, "D"},  // LATIN LETTER SMALL CAPITAL D
    {0x1D07, "E"},  // LATIN LETTER SMALL CAPITAL E
    {0x1D0A, "J"},  // LATIN LETTER SMALL CAPITAL J
    {0x1D0B, "K"},  // LATIN LETTER SMALL CAPITAL K
    {0x1D0D, "M"},  // LATIN LETTER SMALL CAPITAL M
    {0x1D0F, "O"},  // LATIN LETTER SMALL CAPITAL O
    {0x1D18, "P"},  // LATIN LETTER SMALL CAPITAL P
    {0x1D1B, "T"},  // LATIN LETTER SMALL CAPITAL T
    {0x1D1C, "U"},  // LATIN LETTER SMALL CAPITAL U
    {0x1D20, "V"},  // LATIN LETTER SMALL CAPITAL V
    {0x1D21, "W"},  // LATIN LETTER SMALL CAPITAL W
    {0x1D22, "Z"},  // LATIN LETTER SMALL CAPITAL Z
    {0x1DCD, "^"},  // COMBINING DOUBLE CIRCUMFLEX ABOVE
    {0x2000, " "},  // EN QUAD
    {0x2001, " "},  // EM QUAD
    {0x2002, " "},  // EN SPACE
    {0x2003, " "},  // EM SPACE
    {0x2004, " "},  // THREE-PER-EM SPACE
    {0x2005, " "},  // FOUR-PER-EM SPACE
    {0x2006, " "},  // SIX-PER-EM SPACE
    {0x2007, " "},  // FIGURE SPACE
    {0x2008, " "},  // PUNCTUATION SPACE
    {0x2009, " "},  // THIN SPACE
    {0x200A, " "},  // HAIR SPACE
    {0x200B, ""},  // ZERO WIDTH SPACE
    {0x200C, ""},  // ZERO WIDTH NON-JOINER
    {0x2010, "-"},  // HYPHEN
    {0x2013, "-"},  // EN DASH
    {0x2014, "-"},  // EM DASH
    {0x2015, "-"},  // HORIZONTAL BAR
    {0x2017, "_"},  // DOUBLE LOW LINE
    {0x2018, "'"},  // LEFT SINGLE QUOTATION MARK
    {0x2019, "'"},  // RIGHT SINGLE QUOTATION MARK
    {0x201A, ","},  // SINGLE LOW-9 QUOTATION MARK
    {0x201B, "'"},  // SINGLE HIGH-REVERSED-9 QUOTATION MARK
    {0x201C, "\""},  // LEFT DOUBLE QUOTATION MARK
    {0x201D, "\""},  // RIGHT DOUBLE QUOTATION MARK
    {0x201E, "\""},  // DOUBLE LOW-9 QUOTATION MARK
    {0x201F, "\""},  // DOUBLE HIGH-REVERSED-9 QUOTATION MARK
    {0x2022, "-"},  // BULLET
    {0x2026, "..."},  // HORIZONTAL ELLIPSIS
    {0x2028, " "},  // LINE SEPARATOR
    {0x2029, " "},  // PARAGRAPH SEPARATOR
    {0x202F, " "},  // NARROW NO-BREAK SPACE
    {0x2039, "<"},  // SINGLE LEFT-POINTING ANGLE QUOTATION MARK
    {0x203A, ">"},  // SINGLE RIGHT-POINTING ANGLE QUOTATION MARK
    {0x203C, "!!"},  // DOUBLE EXCLAMATION MARK
    {0x2043, "-"},  // HYPHEN BULLET
    {0x2044, "/"},  // FRACTION SLASH
    {0x204E, "*"},  // LOW ASTERISK
    {0x204F, ";"},  // REVERSED SEMICOLON
    {0x205F, " "},  // MEDIUM MATHEMATICAL SPACE
    {0x2060, ""},  // WORD JOINER
    {0x20D2, "|"},  // COMBINING LONG VERTICAL LINE OVERLAY
    {0x20D3, "|"},  // COMBINING SHORT VERTICAL LINE OVERLAY
    {0x20E5, "\\"},  // COMBINING REVERSE SOLIDUS OVERLAY
    {0x2215, "/"},  // DIVISION SLASH
    {0x2217, "*"},  // ASTERISK OPERATOR
    {0x2223, "|"},  // DIVIDES
    {0x223C, "~"},  // TILDE OPERATOR
    {0x229B, "*"},  // CIRCLED ASTERISK OPERATOR
    {0x239C, "|"},  // LEFT PARENTHESIS EXTENSION
    {0x239F, "|"},  // RIGHT PARENTHESIS EXTENSION
    {0x23B8, "|"},  // LEFT VERTICAL BOX LINE
    {0x23B9, "|"},  // RIGHT VERTICAL BOX LINE
    {0x23BC, "-"},  // HORIZONTAL SCAN LINE-7
    {0x23BD, "-"},  // HORIZONTAL SCAN LINE-9
    {0x23D0, "|"},  // VERTICAL LINE EXTENSION
    {0x2722, "*"},  // FOUR TEARDROP-SPOKED ASTERISK
    {0x2723, "*"},  // FOUR BALLOON-SPOKED ASTERISK
    {0x2724, "*"},  // HEAVY FOUR BALLOON-SPOKED ASTERISK
    {0x2725, "*"},  // FOUR CLUB-SPOKED ASTERISK
    {0x2731, "*"},  // HEAVY ASTERISK
    {0x2732, "*"},  // OPEN CENTRE ASTERISK
    {0x2733, "*"},  // EIGHT SPOKED ASTERISK
    {0x273A, "*"},  // SIXTEEN POINTED ASTERISK
    {0x273B, "*"},  // TEARDROP-SPOKED ASTERISK
    {0x273C, "*"},  // OPEN CENTRE TEARDROP-SPOKED ASTERISK
    {0x273D, "*"},  // HEAVY TEARDROP-SPOKED ASTERISK
    {0x2743, "*"},  // HEAVY TEARDROP-SPOKED PINWHEEL ASTERISK
    {0x2749, "*"},  // BALLOON-SPOKED ASTERISK
    {0x274A, "*"},  // EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
    {0x274B, "*"},  // HEAVY EIGHT TEARDROP-SPOKED PROPELLER ASTERISK
    {0x275B, "'"},  // HEAVY SINGLE TURNED COMMA QUOTATION MARK ORNAMENT
    {0x275C, "'"},  // HEAVY SINGLE COMMA QUOTATION MARK ORNAMENT
    {0x275D, "\""},  // HEAVY DOUBLE TURNED COMMA QUOTATION MARK ORNAMENT
    {0x275E, "\""},  // HEAVY DOUBLE COMMA QUOTATION MARK ORNAMENT
    {0x2768, "("},  // MEDIUM LEFT PARENTHESIS ORNAMENT
    {0x2769, ")"},  // MEDIUM RIGHT PARENTHESIS ORNAMENT
    {0x276A, "("},  // MEDIUM FLATTENED LEFT PARENTHESIS ORNAMENT
    {0x276B, ")"},  // MEDIUM FLATTENED RIGHT PARENTHESIS ORNAMENT
    {0x2774, "{"},  // MEDIUM LEFT CURLY BRACKET ORNAMENT
    {0x2775, "}"},  // MEDIUM RIGHT CURLY BRACKET ORNAMENT
    {0x27EE, "("},  // MATHEMATICAL LEFT FLATTENED PARENTHESIS
    {0x27EF, ")"},  // MATHEMATICAL RIGHT FLATTENED PARENTHESIS
    {0x2982, ":"},  // Z NOTATION TYPE COLON
    {0x2985, "("},  // LEFT WHITE PARENTHESIS
    {0x2986, ")"},  // RIGHT WHITE PARENTHESIS
    {0x29C6, "*"},  // SQUARED ASTERISK
    {0x29F5, "\\"},  // REVERSE SOLIDUS OPERATOR
    {0x29F8, "/"},  // BIG SOLIDUS
    {0x29F9, "\\"},  // BIG REVERSE SOLIDUS
    {0x3000, " "},  // IDEOGRAPHIC SPACE
    {0x3001, ","},  // IDEOGRAPHIC COMMA
    {0x3002, "."},  // IDEOGRAPHIC FULL STOP
    {0x301D, "\""},  // REVERSED DOUBLE PRIME QUOTATION MARK
    {0x301E, "\""},  // DOUBLE PRIME QUOTATION MARK
    {0xA730, "F"},  // LATIN LETTER SMALL CAPITAL F
    {0xA731, "S"},  // LATIN LETTER SMALL CAPITAL S
    {0xA789, ":"},  // MODIFIER LETTER COLON
    {0xA78A, "="},  // MODIFIER LETTER SHORT EQUALS SIGN
    {0xFE10, "'"},  // PRESENTATION FORM FOR VERTICAL COMMA
    {0xFE11, "'"},  // PRESENTATION FORM FOR VERTICAL IDEOGRAPHIC COMMA
    {0xFE13, ":"},  // PRESENTATION FORM FOR VERTICAL COLON
    {0xFE14, ";"},  // PRESENTATION FORM FOR VERTICAL SEMICOLON
    {0xFE15, "!"},  // PRESENTATION FORM FOR VERTICAL EXCLAMATION MARK
    {0xFE16, "?"},  // PRESENTATION FORM FOR VERTICAL QUESTION MARK
    {0xFE50, ","},  // SMALL COMMA
    {0xFE51, ","},  // SMALL IDEOGRAPHIC COMMA
    {0xFE52, "."},  // SMALL FULL STOP
    {0xFE54, ";"},  // SMALL SEMICOLON
    {0xFE56, "?"},  // SMALL QUESTION MARK
    {0xFE57, "!"},  // SMALL EXCLAMATION MARK
    {0xFE59, "("},  // SMALL LEFT PARENTHESIS
    {0xFE5A, ")"},  // SMALL RIGHT PARENTHESIS
    {0xFE5B, "{"},  // SMALL LEFT CURLY BRACKET
    {0xFE5C, "}"},  // SMALL RIGHT CURLY BRACKET
    {0xFE5F, "#"},  // SMALL NUMBER SIGN
    {0xFE60, "&"},  // SMALL AMPERSAND
    {0xFE61, "*"},  // SMALL ASTERISK
    {0xFE62, "+"},  // SMALL PLUS SIGN
    {0xFE63, "-"},  // SMALL HYPHEN-MINUS
    {0xFE64, "<"},  // SMALL LESS-THAN SIGN
    {0xFE65, ">"},  // SMALL GREATER-THAN SIGN
    {0xFE66, "="},  // SMALL EQUALS SIGN
    {0xFE68, "\\"},  // SMALL REVERSE SOLIDUS
    {0xFE69, "$"},  // SMALL DOLLAR SIGN
    {0xFE6A, "%"},  // SMALL PERCENT SIGN
    {0xFE6B, "@"},  // SMALL COMMERCIAL AT
    {0xFEFF, ""},  // ZERO WIDTH NO-BREAK SPACE
    {0xFF01, "!"},  // FULLWIDTH EXCLAMATION MARK
    {0xFF02, "\""},  // FULLWIDTH QUOTATION MARK
    {0xFF03, "#"},  // FULLWIDTH NUMBER SIGN
    {0xFF04, "$"},  // FULLWIDTH DOLLAR SIGN
    {0xFF05, "%"},  // FULLWIDTH PERCENT SIGN
    {0xFF06, "&"},  // FULLWIDTH AMPERSAND
    {0xFF07, "'"},  // FULLWIDTH APOSTROPHE
    {0xFF08, "("},  // FULLWIDTH LEFT PARENTHESIS
    {0xFF09, ")"},  // FULLWIDTH RIGHT PARENTHESIS
    {0xFF0A, "*"},  // FULLWIDTH ASTERISK
    {0xFF0B, "+"},  // FULLWIDTH PLUS SIGN
    {0xFF0C, ","},  // FULLWIDTH COMMA
    {0xFF0D, "-"},  // FULLWIDTH HYPHEN-MINUS
    {0xFF0E, "."},  // FULLWIDTH FULL STOP
    {0xFF0F, "/"},  // FULLWIDTH SOLIDUS
    {0xFF10, "0"},  // FULLWIDTH DIGIT ZERO
    {0xFF11, "1"},  // FULLWIDTH DIGIT ONE
    {0xFF12, "2"},  // FULLWIDTH DIGIT TWO
    {0xFF13, "3"},  // FULLWIDTH DIGIT THREE
    {0xFF14, "4"},  // FULLWIDTH DIGIT FOUR
    {0xFF15, "5"},  // FULLWIDTH DIGIT FIVE
    {0xFF16, "6"},  // FULLWIDTH DIGIT SIX
    {0xFF17, "7"},  // FULLWIDTH DIGIT SEVEN
    {0xFF18, "8"},  // FULLWIDTH DIGIT EIGHT
    {0xFF19, "9"},  // FULLWIDTH DIGIT NINE
    {0xFF1A, ":"},  // FULLWIDTH COLON
    {0xFF1B, ";"},  // FULLWIDTH SEMICOLON
    {0xFF1C, "<"},  // FULLWIDTH LESS-THAN SIGN
    {0xFF1D, "="},  // FULLWIDTH EQUALS SIGN
    {0xFF1E, ">"},  // FULLWIDTH GREATER-THAN SIGN
    {0xFF1F, "?"},  // FULLWIDTH QUESTION MARK
    {0xFF20, "@"},  // FULLWIDTH COMMERCIAL AT
    {0xFF21, "A"},  // FULLWIDTH LATIN CAPITAL LETTER A
    {0xFF22, "B"},  // FULLWIDTH LATIN CAPITAL LETTER B
    {0xFF23, "C"},  // FULLWIDTH LATIN CAPITAL LETTER C
    {0xFF24, "D"},  // FULLWIDTH LATIN CAPITAL LETTER D
    {0xFF25, "E"},  // FULLWIDTH LATIN CAPITAL LETTER E
    {0xFF26, "F"},  // FULLWIDTH LATIN CAPITAL LETTER F
    {0xFF27, "G"},  // FULLWIDTH LATIN CAPITAL LETTER G
    {0xFF28, "H"},  // FULLWIDTH LATIN CAPITAL LETTER H
    {0xFF29, "I"},  // FULLWIDTH LATIN CAPITAL LETTER I
    {0xFF2A, "J"},  // FULLWIDTH LATIN CAPITAL LETTER J
    {0xFF2B, "K"},  // FULLWIDTH LATIN CAPITAL LETTER K
    {0xFF2C, "L"},  // FULLWIDTH LATIN CAPITAL LETTER L
    {0xFF2D, "M"},  // FULLWIDTH LATIN CAPITAL LETTER M
    {0xFF2E, "N"},  // FULLWIDTH LATIN CAPITAL LETTER N
    {0xFF2F, "O"},  // FULLWIDTH LATIN CAPITAL LETTER O
    {0xFF30, "P"},  // FULLWIDTH LATIN CAPITAL LETTER P
    {0xFF31, "Q"},  // FULLWIDTH LATIN CAPITAL LETTER Q
    {0xFF32, "R"},  // FULLWIDTH LATIN CAPITAL LETTER R
    {0xFF33, "S"},  // FULLWIDTH LATIN CAPITAL LETTER S
    {0xFF34, "T"},  // FULLWIDTH LATIN CAPITAL LETTER T
    {0xFF35, "U"},  // FULLWIDTH LATIN CAPITAL LETTER U
    {0xFF36, "V"},  // FULLWIDTH LATIN CAPITAL LETTER V
    {0xFF37, "W"},  // FULLWIDTH LATIN CAPITAL LETTER W
    {0xFF38, "X"},  // FULLWIDTH LATIN CAPITAL LETTER X
    {0xFF39, "Y"},  // FULLWIDTH LATIN CAPITAL LETTER Y
    {0xFF3A, "Z"},  // FULLWIDTH LATIN CAPITAL LETTER Z
    {0xFF3B, "["},  // FULLWIDTH LEFT SQUARE BRACKET
    {0xFF3C, "\\"},  // FULLWIDTH REVERSE SOLIDUS
    {0xFF3D, "]"},  // FULLWIDTH RIGHT SQUARE BRACKET
    {0xFF3E, "^"},  // FULLWIDTH CIRCUMFLEX ACCENT
    {0xFF3F, "_"},  // FULLWIDTH LOW LINE
    {0xFF5B, "{"},  // FULLWIDTH LEFT CURLY BRACKET
    {0xFF5C, "|"},  // FULLWIDTH VERTICAL LINE
    {0xFF5D, "}"},  // FULLWIDTH RIGHT CURLY BRACKET
    {0xFF5E, "~"},  // FULLWIDTH TILDE
    {0xFF61, "."},  // HALFWIDTH IDEOGRAPHIC FULL STOP
    {0xFF64, ","},  // HALFWIDTH IDEOGRAPHIC COMMA
};

// Latin letters outside GSM-7 and their nearest GSM-7 form. Letters GSM-7
// has (é è ù ì ò à Ç É ä ö ü ñ Ä Ö Ü Ñ å Å æ Æ ø Ø ß) are absent on purpose.
// Sorted by code point. Letters not listed here fall back to their base
// letter (canonical decomposition without its marks) when that is GSM-7.
constexpr Substitution kLatinToGsm[] = {
    {0x00AA, "a"},   // FEMININE ORDINAL INDICATOR
    {0x00B0, "o"},   // DEGREE SIGN ("n°2" -> "no2")
    {0x00BA, "o"},   // MASCULINE ORDINAL INDICATOR
    {0x00C0, "A"},   {0x00C1, "A"},  {0x00C2, "A"},  {0x00C3, "A"},
    {0x00C8, "E"},   {0x00CA, "E"},  {0x00CB, "E"},
    {0x00CC, "I"},   {0x00CD, "I"},  {0x00CE, "I"},  {0x00CF, "I"},
    {0x00D0, "D"},   // ETH
    {0x00D2, "O"},   {0x00D3, "O"},  {0x00D4, "O"},  {0x00D5, "O"},
    {0x00D7, "x"},   // MULTIPLICATION SIGN
    {0x00D9, "U"},   {0x00DA, "U"},  {0x00DB, "U"},
    {0x00DD, "Y"},
    {0x00DE, "Th"},  // THORN
    {0x00E1, "a"},   {0x00E2, "a"},  {0x00E3, "a"},
    {0x00E7, "c"},   // small c cedilla: GSM-7 has only the capital
    {0x00EA, "e"},   {0x00EB, "e"},
    {0x00ED, "i"},   {0x00EE, "i"},  {0x00EF, "i"},
    {0x00F0, "d"},   // eth
    {0x00F3, "o"},   {0x00F4, "o"},  {0x00F5, "o"},
    {0x00FA, "u"},   {0x00FB, "u"},
    {0x00FD, "y"},
    {0x00FE, "th"},  // thorn
    {0x00FF, "y"},
    {0x0110, "D"},   {0x0111, "d"},   // D WITH STROKE
    {0x0126, "H"},   {0x0127, "h"},   // H WITH STROKE
    {0x0130, "I"},   // Turkish dotted capital I
    {0x0131, "i"},   // Turkish dotless small i
    {0x0141, "L"},   {0x0142, "l"},   // L WITH STROKE
    {0x0152, "OE"},  {0x0153, "oe"},  // LIGATURE OE
    {0x0166, "T"},   {0x0167, "t"},   // T WITH STROKE
    {0x2011, "-"},   // NON-BREAKING HYPHEN (not in the Smart Encoding map)
    {0x2012, "-"},   // FIGURE DASH
};

// Lookups are binary searches: the tables must be strictly increasing.
constexpr bool StrictlyIncreasing(const Substitution* begin, const Substitution* end) {
  for (const Substitution* it = begin; it + 1 < end; ++it) {
    if (it->from >= (it + 1)->from) return false;
  }
  return true;
}
static_assert(std::is_sorted(kGsmBasic.begin(), kGsmBasic.end()));
static_assert(std::is_sorted(kGsmExtension.begin(), kGsmExtension.end()));
static_assert(StrictlyIncreasing(std::begin(kSmartEncoding), std::end(kSmartEncoding)));
static_assert(std::size(kSmartEncoding) == 271, "§1.14 lists 271 entries");
static_assert(StrictlyIncreasing(std::begin(kLatinToGsm), std::end(kLatinToGsm)));

template <std::size_t N>
const Substitution* Find(const Substitution (&table)[N], char32_t c) {
  const Substitution* end = table + N;
  const Substitution* it = std::lower_bound(
      table, end, c, [](const Substitution& s, char32_t v) { return s.from < v; });
  return it != end && it->from == c ? it : nullptr;
}

}  // namespace

GsmClass ClassifyGsm(char32_t c) {
  if (c < 0x80) {
    // ASCII, the common case: all of it is GSM-7 but ` and the controls
    // other than LF and CR; [ \ ] ^ { | } ~ need the escape.
    if (c == '\n' || c == '\r') return GsmClass::kBasic;
    if (c < 0x20 || c == '`' || c == 0x7F) return c == 0x0C ? GsmClass::kExtension : GsmClass::kNone;
    if (c == '[' || c == '\\' || c == ']' || c == '^' || c == '{' || c == '|' || c == '}' ||
        c == '~') {
      return GsmClass::kExtension;
    }
    return GsmClass::kBasic;
  }
  if (std::binary_search(kGsmBasic.begin(), kGsmBasic.end(), c)) return GsmClass::kBasic;
  if (std::binary_search(kGsmExtension.begin(), kGsmExtension.end(), c)) {
    return GsmClass::kExtension;
  }
  return GsmClass::kNone;
}

const Substitution* SmartEncoding(char32_t c) { return Find(kSmartEncoding, c); }

const Substitution* LatinToGsm(char32_t c) { return Find(kLatinToGsm, c); }

}  // namespace levier::dialogs::sms
