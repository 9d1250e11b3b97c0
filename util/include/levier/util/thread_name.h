// Names the calling thread, so `top -H`, perf and gdb show what each of the
// server's threads does ("http-io", "store-writer"...) instead of "levier"
// five times.
#pragma once

#include <string_view>

namespace levier {

// Linux keeps at most 15 bytes; longer names are cut. Best effort: a failure
// changes nothing but the name.
void NameThisThread(std::string_view name);

}  // namespace levier
