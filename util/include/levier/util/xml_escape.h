// Text made safe inside XML and HTML (TwiML, SVG, the printable cards):
// & < > " ' become entities; everything else, UTF-8 included, is kept.
// Thread-safe: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace levier {

std::string XmlEscape(std::string_view text);

}  // namespace levier
