// Private: turns the two JSON files of knowledge-base/data into validated
// Provider and Neighbourhood lists. Every error names the file, and when it
// concerns an entry, its index (0-based, file order) and id.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb::internal {

// `file` is the name used in error messages, e.g. "data/providers.json".
Result<std::vector<Provider>> ParseProviders(std::string_view text, std::string_view file,
                                             const LoadLimits& limits);
Result<std::vector<Neighbourhood>> ParseNeighbourhoods(std::string_view text, std::string_view file,
                                                       const LoadLimits& limits);

}  // namespace levier::kb::internal
