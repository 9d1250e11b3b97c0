// Segment counts against the worked examples of platform-specs.md §2.4
// (each confirmed there with Twilio's own calculator, sms-segments-calculator
// 1.3.0), and FitForSms on the texts residents actually get.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "levier/dialogs/sms.h"

namespace levier::dialogs {
namespace LEVIER_UNITY_ID {

using ::testing::ElementsAre;

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(CountSmsSegmentsTest, Gsm160CharactersFitOneSegment) {
  SmsSegments s = CountSmsSegments(Repeat("a", 160));
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(s.code_units, 160u);
  EXPECT_EQ(s.segments, 1u);
  EXPECT_THAT(s.units_per_segment, ElementsAre(160u));
  EXPECT_TRUE(s.non_gsm.empty());
}

TEST(CountSmsSegmentsTest, Gsm161CharactersAre153Plus8) {
  SmsSegments s = CountSmsSegments(Repeat("a", 161));
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(s.segments, 2u);
  EXPECT_THAT(s.units_per_segment, ElementsAre(153u, 8u));
}

TEST(CountSmsSegmentsTest, EightyEuroSignsAre160SeptetsInOneSegment) {
  SmsSegments s = CountSmsSegments(Repeat("€", 80));
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(s.code_units, 160u);
  EXPECT_EQ(s.segments, 1u);
}

TEST(CountSmsSegmentsTest, EscapePairNeverStraddlesSegments) {
  SmsSegments s = CountSmsSegments(Repeat("€", 81));
  EXPECT_EQ(s.code_units, 162u);
  EXPECT_EQ(s.segments, 2u);
  EXPECT_THAT(s.units_per_segment, ElementsAre(152u, 10u));
}

TEST(CountSmsSegmentsTest, Ucs2SeventyCharactersFitOneSegment) {
  SmsSegments s = CountSmsSegments(Repeat("ç", 70));
  EXPECT_EQ(s.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(s.code_units, 70u);
  EXPECT_EQ(s.segments, 1u);
  EXPECT_THAT(s.non_gsm, ElementsAre("ç"));
}

TEST(CountSmsSegmentsTest, Ucs2SeventyOneCharactersAre67Plus4) {
  SmsSegments s = CountSmsSegments(Repeat("ç", 71));
  EXPECT_EQ(s.segments, 2u);
  EXPECT_THAT(s.units_per_segment, ElementsAre(67u, 4u));
}

TEST(CountSmsSegmentsTest, ThirtyFiveEmojiAre70UnitsInOneSegment) {
  SmsSegments s = CountSmsSegments(Repeat("😀", 35));
  EXPECT_EQ(s.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(s.code_units, 70u);
  EXPECT_EQ(s.segments, 1u);
}

TEST(CountSmsSegmentsTest, SurrogatePairNeverStraddlesSegments) {
  SmsSegments s = CountSmsSegments(Repeat("😀", 36));
  EXPECT_EQ(s.segments, 2u);
  EXPECT_THAT(s.units_per_segment, ElementsAre(66u, 6u));
}

TEST(CountSmsSegmentsTest, SmallCCedillaForcesUcs2EvenWithSmartEncoding) {
  const std::string text = "Où se loger à Besançon ?";
  EXPECT_EQ(CountSmsSegments(text).encoding, SmsEncoding::kUcs2);
  EXPECT_THAT(CountSmsSegments(text).non_gsm, ElementsAre("ç"));
  EXPECT_EQ(FitForSms(text, /*transliterate=*/false), text);
  EXPECT_EQ(FitForSms(text, /*transliterate=*/true), "Où se loger à Besancon ?");
}

TEST(CountSmsSegmentsTest, ExtensionCharactersCountTwoSeptets) {
  SmsSegments s = CountSmsSegments("[a]{b}~|^\\");
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(s.code_units, 8u * 2 + 2);
}

TEST(CountSmsSegmentsTest, CrLfIsTwoGsmCharacters) {
  SmsSegments s = CountSmsSegments("a\r\nb");
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(s.code_units, 4u);
}

TEST(CountSmsSegmentsTest, BacktickAndLowercaseCCedillaAreNotGsm) {
  EXPECT_EQ(CountSmsSegments("`").encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(CountSmsSegments("ç").encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(CountSmsSegments("Ç@$£¥èéùìòÉÄÖÑÜ§¿¡äöñüàÆæßØøÅåΔΦΓΛΩΠΨΣΘΞ").encoding,
            SmsEncoding::kGsm7);
}

TEST(CountSmsSegmentsTest, DecomposedAccentIsOneUcs2Grapheme) {
  SmsSegments s = CountSmsSegments("e\xCC\x81");  // e + COMBINING ACUTE ACCENT
  EXPECT_EQ(s.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(s.code_units, 2u);
  EXPECT_THAT(s.non_gsm, ElementsAre("e\xCC\x81"));
}

// A cluster of several code points (a letter and a combining accent) is never
// split across segments, and takes the general path; the same text with the
// letter precomposed is one code point per cluster and takes the fast path.
TEST(CountSmsSegmentsTest, MultiCodePointClusterMovesWholeToTheNextSegment) {
  std::string ecirc;
  for (int i = 0; i < 66; ++i) ecirc += "ê";
  std::string tail;
  for (int i = 0; i < 10; ++i) tail += "ê";
  const SmsSegments decomposed = CountSmsSegments(ecirc + "e\u0301" + tail);
  EXPECT_EQ(decomposed.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(decomposed.code_units, 78u);
  EXPECT_EQ(decomposed.units_per_segment, (std::vector<std::size_t>{66, 12}));
  const SmsSegments precomposed = CountSmsSegments(ecirc + "é" + tail);
  EXPECT_EQ(precomposed.code_units, 77u);
  EXPECT_EQ(precomposed.units_per_segment, (std::vector<std::size_t>{67, 10}));
  EXPECT_EQ(precomposed.non_gsm, (std::vector<std::string>{"ê"}));
}

// A literal U+FFFD takes the general path; it forces UCS-2 like any non-GSM
// character.
TEST(CountSmsSegmentsTest, LiteralReplacementCharacterIsOneUcs2Unit) {
  const SmsSegments s = CountSmsSegments("ok \xEF\xBF\xBD");
  EXPECT_EQ(s.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(s.code_units, 4u);
  EXPECT_EQ(s.non_gsm, (std::vector<std::string>{"\xEF\xBF\xBD"}));
}

TEST(CountSmsSegmentsTest, InvalidUtf8CountsAsReplacementCharacter) {
  SmsSegments s = CountSmsSegments("ab\xFF");
  EXPECT_EQ(s.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(s.code_units, 3u);
}

TEST(CountSmsSegmentsTest, EmptyTextIsOneEmptySegment) {
  SmsSegments s = CountSmsSegments("");
  EXPECT_EQ(s.segments, 1u);
  EXPECT_EQ(s.code_units, 0u);
  EXPECT_EQ(s.encoding, SmsEncoding::kGsm7);
}

TEST(CountSmsSegmentsTest, ThreeSegmentsEachCarryAHeader) {
  SmsSegments s = CountSmsSegments(Repeat("a", 307));
  EXPECT_THAT(s.units_per_segment, ElementsAre(153u, 153u, 1u));
}

TEST(FitForSmsTest, SmartEncodingTurnsTypographicPunctuationIntoGsm) {
  EXPECT_EQ(FitForSms("C’est noté – « oui » …", false), "C'est noté - \" oui \" ...");
  EXPECT_EQ(CountSmsSegments(FitForSms("C’est noté", false)).encoding, SmsEncoding::kGsm7);
}

TEST(FitForSmsTest, EverySpaceVariantBecomesOneSpace) {
  // NARROW NO-BREAK SPACE before "?" and NO-BREAK SPACE before ":".
  EXPECT_EQ(FitForSms("Où habitez-vous\u202F? Tél.\u00A0: 1", false),
            "Où habitez-vous ? Tél. : 1");
}

TEST(FitForSmsTest, TransliterationKeepsLettersGsmHas) {
  EXPECT_EQ(FitForSms("Été à l’école, où ça ? Ça va, Noël, cœur, Être", true),
            "Été à l'école, où ca ? Ça va, Noel, coeur, Etre");
}

TEST(FitForSmsTest, NoTransliterationWhenDisabled) {
  const std::string text = "Vous êtes où ?";
  EXPECT_EQ(FitForSms(text, false), text);
  EXPECT_EQ(FitForSms(text, true), "Vous etes où ?");
}

TEST(FitForSmsTest, TurkishPortugueseSpanishLetters) {
  EXPECT_EQ(FitForSms("Çalışmak için yardım: iş, ğ, İstanbul", true),
            "Çalismak icin yardim: is, g, Istanbul");
  EXPECT_EQ(FitForSms("Não consigo trabalhar, informação", true),
            "Nao consigo trabalhar, informacao");
  EXPECT_EQ(FitForSms("¿Dónde vive? Señora, pingüino", true), "¿Donde vive? Señora, pingüino");
}

TEST(FitForSmsTest, DecomposedInputIsComposedThenTransliterated) {
  EXPECT_EQ(FitForSms("e\xCC\x82tes", true), "etes");  // e + COMBINING CIRCUMFLEX
}

TEST(FitForSmsTest, OnlyWhenItLowersTheCost) {
  // An emoji keeps the message in UCS-2 whatever happens to the letters:
  // the text is sent as written.
  const std::string text = "Très bien 😀 vous êtes là";
  EXPECT_EQ(FitForSms(text, true), text);
}

TEST(FitForSmsTest, NeverTouchesArabicOrCyrillic) {
  const std::string arabic = "مرحبا، هذا ليفيي’ — أرسل STOP";
  const std::string ukrainian = "Привіт! Це Levier — «так» або «ні»…";
  EXPECT_EQ(FitForSms(arabic, true), arabic);
  EXPECT_EQ(FitForSms(ukrainian, true), ukrainian);
  EXPECT_EQ(FitForSms(ukrainian, false), ukrainian);
}

TEST(FitForSmsTest, GsmTextIsReturnedAsIs) {
  EXPECT_EQ(FitForSms("Bonjour, ici Levier. Répondez 1, 2 ou 3.", true),
            "Bonjour, ici Levier. Répondez 1, 2 ou 3.");
}

TEST(FitForSmsTest, TransliterationSavesASegment) {
  // 100 characters with one "ê": UCS-2 needs 2 segments, GSM-7 one.
  std::string text = Repeat("a", 99) + "ê";
  EXPECT_EQ(CountSmsSegments(text).segments, 2u);
  std::string fitted = FitForSms(text, true);
  EXPECT_EQ(fitted, Repeat("a", 99) + "e");
  EXPECT_EQ(CountSmsSegments(fitted).segments, 1u);
}

TEST(SmsEncodingNameTest, Names) {
  EXPECT_EQ(SmsEncodingName(SmsEncoding::kGsm7), "GSM-7");
  EXPECT_EQ(SmsEncodingName(SmsEncoding::kUcs2), "UCS-2");
}

}  // namespace
}  // namespace levier::dialogs
