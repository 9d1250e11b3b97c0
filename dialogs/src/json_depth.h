// Nesting depth of a JSON text, measured before parsing so a hostile file
// cannot make the parser recurse deeply. Private to levier::dialogs.
#pragma once

#include <string_view>

namespace levier::dialogs {

// Deepest nesting of objects and arrays; brackets inside strings are ignored.
int JsonDepth(std::string_view text);

}  // namespace levier::dialogs
