// For the store's backends only: text from outside (a platform's error, its
// message id) as every backend can keep it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "levier/util/utf8.h"

namespace levier::store::backend {

// `text` made valid UTF-8 without NUL (PostgreSQL refuses anything else,
// and a send whose failure cannot be recorded would be retried for ever),
// then cut on a character boundary to at most `max_bytes`.
inline std::string StoredText(std::string_view text, std::size_t max_bytes) {
  return std::string(TruncateUtf8(ScrubUtf8(text), max_bytes));
}

}  // namespace levier::store::backend
