#include "levier/kb/commune.h"

#include <array>
#include <cstdint>

#include "levier/util/utf8.h"

namespace levier::kb {
namespace {

// ASCII spelling of U+00C0..U+00FF, indexed by (code point - 0xC0). nullptr
// keeps the character as it is (× and ÷ are not letters).
constexpr std::array<const char*, 64> kLatin1Fold = {
    "a", "a", "a", "a", "a", "a", "ae", "c",      // À Á Â Ã Ä Å Æ Ç
    "e", "e", "e", "e", "i", "i", "i",  "i",      // È É Ê Ë Ì Í Î Ï
    "d", "n", "o", "o", "o", "o", "o",  nullptr,  // Ð Ñ Ò Ó Ô Õ Ö ×
    "o", "u", "u", "u", "u", "y", "th", "ss",     // Ø Ù Ú Û Ü Ý Þ ß
    "a", "a", "a", "a", "a", "a", "ae", "c",      // à á â ã ä å æ ç
    "e", "e", "e", "e", "i", "i", "i",  "i",      // è é ê ë ì í î ï
    "d", "n", "o", "o", "o", "o", "o",  nullptr,  // ð ñ ò ó ô õ ö ÷
    "o", "u", "u", "u", "u", "y", "th", "y",      // ø ù ú û ü ý þ ÿ
};

constexpr char32_t kRightSingleQuote = 0x2019;  // ’, the typographic apostrophe

bool IsSeparator(char32_t cp) {
  return cp == ' ' || cp == '-' || cp == '_' || cp == '\'' || cp == '\t' || cp == kRightSingleQuote;
}

}  // namespace

std::string FoldCommuneName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_separator = false;  // emitted lazily so runs collapse and ends trim
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t next = i;
    const char32_t cp = DecodeUtf8(name, &next);
    const std::size_t len = next - i;
    if (IsSeparator(cp)) {
      pending_separator = !out.empty();
      i += len;
      continue;
    }
    if (pending_separator) {
      out.push_back('-');
      pending_separator = false;
    }
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    } else if (cp >= 0xC0 && cp <= 0xFF && kLatin1Fold[cp - 0xC0] != nullptr) {
      out += kLatin1Fold[cp - 0xC0];
    } else if (cp == 0x152 || cp == 0x153) {  // Œ œ
      out += "oe";
    } else if (cp == 0x178) {  // Ÿ
      out += "y";
    } else {
      out.append(name.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool SameCommune(std::string_view a, std::string_view b) {
  const std::string fa = FoldCommuneName(a);
  return !fa.empty() && fa == FoldCommuneName(b);
}

}  // namespace levier::kb
