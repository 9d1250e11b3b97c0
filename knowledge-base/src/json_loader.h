// Private: turns the two JSON files of knowledge-base/data into validated
// Provider and Neighbourhood lists, and writes providers back. Every error
// names the file, and when it concerns an entry, its index (0-based, file
// order) and id.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb::internal {

// `file` is the name used in error messages, e.g. "data/providers.json".
// Returns the first error. When `all_errors` is given, entries with errors are
// skipped and every error is appended there (for `levier kb check`); the
// result is then an error only for a document-level problem.
Result<std::vector<Provider>> ParseProviders(std::string_view text, std::string_view file,
                                             const LoadLimits& limits,
                                             std::vector<Status>* all_errors = nullptr);
Result<std::vector<Neighbourhood>> ParseNeighbourhoods(std::string_view text, std::string_view file,
                                                       const LoadLimits& limits);

}  // namespace levier::kb::internal
