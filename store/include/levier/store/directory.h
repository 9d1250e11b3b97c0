// The provider directory (the knowledge base) as coordinators curate it.
// Every change is a new version of the whole directory: the first seeding
// from knowledge-base/data, an import, an edit, "verified", a retirement.
// A city's directory is tens of kilobytes, so whole versions are simpler and
// safer than per-row history: a version is exactly what a server loads and
// what `levier kb export` writes, and going back is appending an old one.
// The newest version is current.
//
// Thread-safety: as the transactions that hand these out (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::store {

struct DirectoryVersion {
  std::int64_t id = 0;         // increasing, chosen by the store
  std::string providers;       // providers.json ("levier-kb/2")
  std::string neighbourhoods;  // neighbourhoods.json
  UnixSeconds saved_at = 0;
  std::string saved_by;  // an account's e-mail, or "levier serve", "levier kb import"...
  std::string message;   // one line: "vérifié : mission-locale-touraine"
};

class DirectoryReads {
 public:
  virtual ~DirectoryReads() = default;
  // The newest version's id (a cheap poll); nullopt when none is stored.
  virtual Result<std::optional<std::int64_t>> LatestDirectoryId() = 0;
  virtual Result<std::optional<DirectoryVersion>> LatestDirectory() = 0;
  // Newest first, at most `limit`, without the texts (providers and
  // neighbourhoods are "").
  virtual Result<std::vector<DirectoryVersion>> ListDirectoryVersions(int limit) = 0;
};

class DirectoryWrites : public DirectoryReads {
 public:
  // Appends `version` (its id ignored) as the newest when the newest stored
  // is `expected_latest` (0: none yet); FailedPrecondition otherwise, nothing
  // written: someone else changed the directory since the caller read it.
  virtual Result<std::int64_t> AppendDirectory(const DirectoryVersion& version,
                                               std::int64_t expected_latest) = 0;
};

}  // namespace levier::store
