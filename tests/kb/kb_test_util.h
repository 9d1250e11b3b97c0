// Builders for small inline knowledge bases used by the kb tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace levier::kb::kbtest {

// A provider entry that loads: verified, with an address, serving `communes`.
inline nlohmann::json ValidProvider(const std::string& id, const std::vector<std::string>& barriers,
                                    const std::vector<std::string>& communes = {}) {
  return {{"id", id},
          {"name", "Structure " + id},
          {"summary", {{"fr", "Aide pour " + id}, {"en", "Help for " + id}}},
          {"barriers", barriers},
          {"communes", communes},
          {"address", "1 rue de l'Exemple, Tours"},
          {"phone", ""},
          {"website", ""},
          {"email", ""},
          {"source", "https://example.org/" + id},
          {"source_date", "2024"},
          {"confidence", "haute"},
          {"verified", true},
          {"notes", ""}};
}

// The same entry with no contact and low confidence: loads, never shown.
inline nlohmann::json UnverifiedProvider(const std::string& id,
                                         const std::vector<std::string>& barriers,
                                         const std::vector<std::string>& communes = {}) {
  nlohmann::json p = ValidProvider(id, barriers, communes);
  p["address"] = "";
  p["confidence"] = "basse";
  p["verified"] = false;
  return p;
}

inline std::string ProvidersDoc(const std::vector<nlohmann::json>& entries) {
  return nlohmann::json{{"format", "levier-kb/1"}, {"providers", entries}}.dump();
}

inline std::string NeighbourhoodsDoc(const std::vector<nlohmann::json>& entries) {
  return nlohmann::json{{"format", "levier-kb/1"}, {"neighbourhoods", entries}}.dump();
}

inline nlohmann::json ValidNeighbourhood(const std::string& id, const std::string& commune) {
  return {{"id", id},
          {"name", "Quartier " + id},
          {"commune", commune},
          {"source", "https://example.org"}};
}

}  // namespace levier::kb::kbtest

namespace levier::kb::kbtest {

inline std::string ProvidersDocV2(const std::vector<nlohmann::json>& entries) {
  return nlohmann::json{{"format", "levier-kb/2"}, {"providers", entries}}.dump();
}

inline std::string NeighbourhoodsDocV2(const std::vector<nlohmann::json>& entries) {
  return nlohmann::json{{"format", "levier-kb/2"}, {"neighbourhoods", entries}}.dump();
}

}  // namespace levier::kb::kbtest
