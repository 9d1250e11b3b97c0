// UTF-8 in one place: decoding, validation, counting and cutting text on a
// character boundary. Every component that looks inside UTF-8 bytes uses
// these (built on ICU's utf8.h macros) instead of testing bits by hand, so
// text cut to a limit is still valid UTF-8 wherever it goes next (a JSON
// serialiser throws on a half character).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levier {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// The code point that starts at byte `*pos` of `utf8`; advances `*pos` past
// it. An ill-formed sequence (overlong, surrogate, beyond U+10FFFF, cut
// short, stray continuation byte) yields U+FFFD and advances past its
// maximal ill-formed part, at least one byte (Unicode's "best practice").
// REQUIRES: *pos < utf8.size().
char32_t DecodeUtf8(std::string_view utf8, std::size_t* pos);

// Appends the UTF-8 encoding of `c`. REQUIRES: `c` is a Unicode scalar value.
void AppendUtf8(char32_t c, std::string* out);

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing beyond U+10FFFF, no sequence cut short).
bool IsValidUtf8(std::string_view bytes);

// `bytes` as text any store accepts: each ill-formed part (as DecodeUtf8
// reads it) and each NUL byte becomes U+FFFD. Well-formed text without NUL
// comes back unchanged. For what a client chose and Levier records (the
// audit's request target): PostgreSQL refuses ill-formed text and NUL.
std::string ScrubUtf8(std::string_view bytes);

// The longest prefix of `utf8` of at most `max_bytes` bytes that does not
// end inside a multi-byte character. A prefix of valid UTF-8 stays valid.
std::string_view TruncateUtf8(std::string_view utf8, std::size_t max_bytes);

// Number of code points (each ill-formed part counts as one, as U+FFFD).
std::size_t CountCodePoints(std::string_view utf8);

// Byte offset of the end of the first `n` code points (utf8.size() when the
// text has fewer), so utf8.substr(0, offset) cuts on a character boundary.
std::size_t CodePointOffset(std::string_view utf8, std::size_t n);

}  // namespace levier
