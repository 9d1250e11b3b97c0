// Writing providers back to knowledge-base/data/providers.json (format
// "levier-kb/2"), e.g. after `levier kb import`. Reading is the loader's job
// (knowledge_base.h); what this writes, the loader reads back unchanged.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

// One entry, fields in the documented order; empty optional fields are kept
// (as "" or []) so coordinators see every field they may fill.
nlohmann::ordered_json ProviderToJson(const Provider& p);

// The whole providers.json document, indented by 2, ending with a newline.
std::string WriteProvidersJson(const std::vector<Provider>& providers);

}  // namespace levier::kb
