#include "levier/kb/geojson.h"

namespace levier::kb {

nlohmann::json ProvidersGeoJson(const KnowledgeBase& kb, bool include_unverified) {
  using nlohmann::json;
  json features = json::array();
  for (const Provider& p : kb.providers()) {
    if (!p.latitude || !p.longitude || (!p.verified && !include_unverified)) continue;
    features.push_back(
        {{"type", "Feature"},
         {"id", p.id},
         {"geometry", {{"type", "Point"}, {"coordinates", {*p.longitude, *p.latitude}}}},
         {"properties",
          {{"id", p.id},
           {"name", p.name},
           {"barriers", p.barriers},
           {"communes", p.communes},
           {"neighbourhoods", p.neighbourhoods},
           {"address", p.address},
           {"phone", p.phone},
           {"website", p.website},
           {"hours", p.hours},
           {"verified", p.verified}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", features}};
}

}  // namespace levier::kb
