// Which provider directory `levier serve` uses. As for the dialog script
// (script_reloader.h), the store is the source of truth: its newest
// directory version (store/directory.h) is current. knowledge-base/data
// seeds a first start; afterwards the files are published only by an
// explicit `levier kb publish` (not by SIGHUP, which reloads the dialogs:
// an operator reloading the script must not undo coordinators' work), and
// a server picks up a version saved elsewhere (`levier kb publish`, the
// workspace of another instance) within two seconds.
//
// Thread-safety: the functions block on the store: never call them on an I/O thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "levier/kb/knowledge_base.h"
#include "levier/kb/registry.h"
#include "levier/store/store.h"

namespace levier::app {

// The newest stored version, texts included, unless its id is `unless_id`
// (then nullopt, as when none is stored: a cheap poll reads only the id).
Result<std::optional<store::DirectoryVersion>> ReadLatestDirectory(store::Store& store,
                                                                   std::int64_t unless_id = -1);

// providers.json and neighbourhoods.json of `dir`, as text.
struct DirectoryFiles {
  std::string providers;
  std::string neighbourhoods;
};
Result<DirectoryFiles> ReadDirectoryFiles(const std::filesystem::path& dir);

struct LoadedDirectory {
  std::shared_ptr<const kb::KnowledgeBase> kb;
  std::int64_t version = 0;  // the stored version's id
};

// The store's current directory; on a first start (none stored) the files
// of `kb_dir`, saved as the first version. Files that differ from the
// stored version are logged with the command that publishes them.
Result<LoadedDirectory> CurrentDirectoryAtStart(store::Store& store,
                                                const std::filesystem::path& kb_dir);

// `levier kb publish`: saves the files of `kb_dir` as the newest version when they load and
// differ from the current one. AlreadyExists when they are the current one;
// the loader's error (naming the file and entry) when they do not load;
// FailedPrecondition, unless `force`, when the current version was saved in
// the workspace (the files would undo a coordinator's changes).
Result<LoadedDirectory> PublishDirectoryFiles(store::Store& store,
                                              const std::filesystem::path& kb_dir,
                                              const std::string& message, bool force = false);

// The newest stored version, loaded, when it is newer than `known`.
Result<std::optional<LoadedDirectory>> NewerDirectory(store::Store& store, std::int64_t known);

// For serve's timer: NewerDirectory into `registry`; failures are logged
// and the current directory keeps serving.
void FollowDirectory(store::Store& store, kb::KnowledgeBaseRegistry& registry);

}  // namespace levier::app
