// JSON text of a value that may hold bytes from outside (a request, a
// resident's message, an imported file). nlohmann's dump() throws
// type_error.316 on invalid UTF-8 in a string; these never throw for that:
// each invalid byte becomes U+FFFD. Use them for every dump() in Levier.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

namespace levier {

// `Json` is nlohmann::json or nlohmann::ordered_json; `indent` as dump()'s
// (-1: one line).
template <typename Json>
std::string DumpJson(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace levier
