// What an imported file does to the directory: which providers it adds,
// which it changes (and which fields), which it retires. The workspace shows
// this as a preview before anything is applied, then applies exactly it.
//
// Providers are matched by id. A provider is never deleted: one missing from
// the file is retired only when the caller asks (the file is then the whole
// directory, as `levier kb export --format csv` writes it).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

struct MergeOptions {
  std::string today;  // YYYY-MM-DD: "updated" of what changes, "retired" of what retires
  // Providers in the directory but not in the file are retired.
  bool retire_missing = false;
  // A changed provider keeps the directory's curation (verified, last_verified,
  // verified_by, retired, confidence, notes): for sources that do not carry
  // it (data·inclusion), so an import never verifies nor un-verifies anything.
  bool keep_curation = false;
};

struct ProviderChange {
  std::string id;
  std::string name;
  std::vector<std::string> fields;  // changed fields (ProviderToJson keys); empty when added
};

struct DirectoryMerge {
  std::vector<Provider> providers;  // the directory once applied: same order, new ones last
  std::vector<ProviderChange> added;
  std::vector<ProviderChange> changed;
  std::vector<ProviderChange> retired;
  std::size_t unchanged = 0;  // in the file and identical, or retired already and missing
  bool empty() const { return added.empty() && changed.empty() && retired.empty(); }
};

// `incoming` must not repeat an id (the importers refuse that); the result is
// validated by the caller (KnowledgeBase::Build), as every change is.
DirectoryMerge MergeProviders(const std::vector<Provider>& current,
                              const std::vector<Provider>& incoming, const MergeOptions& options);

}  // namespace levier::kb
