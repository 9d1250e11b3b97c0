// UTF-8 helpers and script detection for the SMS code (sms_tables.h).
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "sms_tables.h"

namespace levier::dialogs::sms {

char32_t NextCodePoint(std::string_view utf8, std::size_t* pos) {
  constexpr char32_t kReplacement = 0xFFFD;
  const std::size_t i = *pos;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(utf8[k]); };
  const unsigned char lead = byte(i);
  *pos = i + 1;  // a malformed sequence consumes one byte
  if (lead < 0x80) return lead;
  std::size_t length = 0;
  char32_t c = 0;
  char32_t min = 0;  // smallest code point of that length: shorter is overlong
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    c = lead & 0x1Fu;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0Fu;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    c = lead & 0x07u;
    min = 0x10000;
  } else {
    return kReplacement;
  }
  if (i + length > utf8.size()) return kReplacement;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return kReplacement;
    c = (c << 6) | (byte(i + k) & 0x3Fu);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kReplacement;
  *pos = i + length;
  return c;
}

bool IsLatinScript(std::string_view utf8) {
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto c = static_cast<UChar32>(NextCodePoint(utf8, &pos));
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return false;
    if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

void AppendUtf8(char32_t c, std::string* out) {
  auto put = [out](char32_t v) { out->push_back(static_cast<char>(v)); };
  if (c < 0x80) {
    put(c);
  } else if (c < 0x800) {
    put(0xC0 | (c >> 6));
    put(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    put(0xE0 | (c >> 12));
    put(0x80 | ((c >> 6) & 0x3F));
    put(0x80 | (c & 0x3F));
  } else {
    put(0xF0 | (c >> 18));
    put(0x80 | ((c >> 12) & 0x3F));
    put(0x80 | ((c >> 6) & 0x3F));
    put(0x80 | (c & 0x3F));
  }
}

}  // namespace levier::dialogs::sms
