#include "levier/util/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>

namespace levier {
namespace {

const std::uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

// ICU's macros take signed offsets; a string_view never exceeds PTRDIFF_MAX.
using Offset = std::ptrdiff_t;

// Decodes at `*i`, advancing it; negative for an ill-formed sequence.
UChar32 Next(std::string_view s, Offset* i) {
  const std::uint8_t* bytes = Bytes(s);
  const auto length = static_cast<Offset>(s.size());
  Offset at = *i;
  UChar32 c = 0;
  U8_NEXT(bytes, at, length, c);
  *i = at;
  return c;
}

}  // namespace

char32_t DecodeUtf8(std::string_view utf8, std::size_t* pos) {
  Offset i = static_cast<Offset>(*pos);
  const UChar32 c = Next(utf8, &i);
  *pos = static_cast<std::size_t>(i);
  return c < 0 ? kReplacementCharacter : static_cast<char32_t>(c);
}

void AppendUtf8(char32_t c, std::string* out) {
  std::uint8_t buffer[U8_MAX_LENGTH];
  std::size_t n = 0;
  U8_APPEND_UNSAFE(buffer, n, c);
  out->append(reinterpret_cast<const char*>(buffer), n);
}

bool IsValidUtf8(std::string_view bytes) {
  for (Offset i = 0; i < static_cast<Offset>(bytes.size());) {
    if (Next(bytes, &i) < 0) return false;
  }
  return true;
}

std::string ScrubUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes) && bytes.find('\0') == std::string_view::npos) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  for (std::size_t pos = 0; pos < bytes.size();) {
    const char32_t c = DecodeUtf8(bytes, &pos);
    AppendUtf8(c == 0 ? kReplacementCharacter : c, &out);
  }
  return out;
}

std::string_view TruncateUtf8(std::string_view utf8, std::size_t max_bytes) {
  if (utf8.size() <= max_bytes) return utf8;
  // utf8[max_bytes] is the first byte left out: when it continues the
  // character before it, that character goes too. A character is at most
  // four bytes, so ICU (32-bit offsets) looks only at the last three kept.
  const std::size_t window = max_bytes < 3 ? 0 : max_bytes - 3;
  const std::uint8_t* bytes = Bytes(utf8) + window;
  auto cut = static_cast<std::int32_t>(max_bytes - window);
  U8_SET_CP_START(bytes, 0, cut);
  return utf8.substr(0, window + static_cast<std::size_t>(cut));
}

std::size_t CountCodePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (Offset i = 0; i < static_cast<Offset>(utf8.size()); ++n) (void)Next(utf8, &i);
  return n;
}

std::size_t CodePointOffset(std::string_view utf8, std::size_t n) {
  Offset i = 0;
  for (std::size_t k = 0; k < n && i < static_cast<Offset>(utf8.size()); ++k) (void)Next(utf8, &i);
  return static_cast<std::size_t>(i);
}

}  // namespace levier
