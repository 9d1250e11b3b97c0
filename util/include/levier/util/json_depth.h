// Nesting depth of a JSON text, measured before parsing so a hostile file
// cannot make the parser recurse deeply or build a huge tree. Shared by the
// dialog script loader, transcripts, check options and the knowledge base.
#pragma once

#include <string_view>

namespace levier {

// Deepest nesting of objects and arrays; brackets inside strings are
// ignored, and a stray closing bracket never takes the count below zero (so
// "]]][[[" is 3 deep, not 0).
int JsonDepth(std::string_view text);

}  // namespace levier
