// The providers with coordinates as a GeoJSON FeatureCollection (RFC 7946),
// for the map of the offer. Providers without coordinates are left out: their
// position is never guessed.
//
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

// One Point feature per provider with latitude and longitude; properties: id,
// name, barriers, communes, neighbourhoods, address, phone, website, hours,
// verified. Unverified providers only when `include_unverified`.
nlohmann::json ProvidersGeoJson(const KnowledgeBase& kb, bool include_unverified = false);

}  // namespace levier::kb
