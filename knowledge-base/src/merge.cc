#include "levier/kb/merge.h"

#include <map>
#include <set>

#include "levier/kb/provider_json.h"

namespace levier::kb {
namespace {

// The fields two entries differ in, in the documented order; "updated" is
// the edit's own stamp, not a change.
std::vector<std::string> ChangedFields(const Provider& before, const Provider& after) {
  const nlohmann::ordered_json a = ProviderToJson(before);
  const nlohmann::ordered_json b = ProviderToJson(after);
  std::vector<std::string> fields;
  for (const auto& [key, value] : a.items()) {
    if (key == "updated") continue;
    const auto other = b.find(key);
    if (other == b.end() || *other != value) fields.push_back(key);
  }
  for (const auto& [key, value] : b.items()) {
    if (!a.contains(key)) fields.push_back(key);
  }
  return fields;
}

void KeepCuration(const Provider& from, Provider& to) {
  to.verified = from.verified;
  to.last_verified = from.last_verified;
  to.verified_by = from.verified_by;
  to.retired = from.retired;
  to.confidence = from.confidence;
  to.notes = from.notes;
}

}  // namespace

DirectoryMerge MergeProviders(const std::vector<Provider>& current,
                              const std::vector<Provider>& incoming, const MergeOptions& options) {
  std::map<std::string, const Provider*> by_id;
  for (const Provider& p : incoming) by_id.emplace(p.id, &p);
  DirectoryMerge merge;
  std::set<std::string> known;
  for (const Provider& old : current) {
    known.insert(old.id);
    const auto found = by_id.find(old.id);
    if (found == by_id.end()) {
      if (!options.retire_missing || !old.retired.empty()) {
        merge.providers.push_back(old);
        if (options.retire_missing) ++merge.unchanged;
        continue;
      }
      Provider retired = old;
      retired.verified = false;
      retired.retired = options.today;
      retired.updated = options.today;
      merge.retired.push_back({old.id, old.name, {"retired"}});
      merge.providers.push_back(std::move(retired));
      continue;
    }
    Provider next = *found->second;
    if (options.keep_curation) KeepCuration(old, next);
    std::vector<std::string> fields = ChangedFields(old, next);
    if (fields.empty()) {
      merge.providers.push_back(old);
      ++merge.unchanged;
      continue;
    }
    next.updated = options.today;
    merge.changed.push_back({next.id, next.name, std::move(fields)});
    merge.providers.push_back(std::move(next));
  }
  for (const Provider& p : incoming) {
    if (known.count(p.id) > 0) continue;
    Provider added = p;
    if (added.updated.empty()) added.updated = options.today;
    merge.added.push_back({added.id, added.name, {}});
    merge.providers.push_back(std::move(added));
  }
  return merge;
}

}  // namespace levier::kb
