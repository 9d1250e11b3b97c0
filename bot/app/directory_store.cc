#include "directory_store.h"

#include <fstream>
#include <future>
#include <sstream>

#include "commands.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"

namespace levier::app {
namespace {

constexpr const char* kSeededBy = "levier serve";
constexpr const char* kPublishedBy = "levier kb publish";

// Versions made from files: the first start's seeding and `levier kb publish`.
// Any other was saved in the workspace by an account.
bool SavedFromFiles(const store::DirectoryVersion& v) {
  return v.saved_by == kSeededBy || v.saved_by == kPublishedBy;
}

Result<LoadedDirectory> Load(const store::DirectoryVersion& v) {
  Result<kb::KnowledgeBase> kb = kb::KnowledgeBase::LoadFromJson(
      v.providers, v.neighbourhoods, "directory version " + std::to_string(v.id));
  if (!kb.ok()) return kb.status();
  return LoadedDirectory{std::make_shared<const kb::KnowledgeBase>(std::move(*kb)), v.id};
}

// Loads `files` (from `dir`), then appends them after `expected_latest`.
Result<LoadedDirectory> Save(store::Store& store, const DirectoryFiles& files,
                             const std::filesystem::path& dir, std::int64_t expected_latest,
                             const std::string& by, const std::string& message) {
  Result<kb::KnowledgeBase> kb =
      kb::KnowledgeBase::LoadFromJson(files.providers, files.neighbourhoods, dir.string());
  if (!kb.ok()) return kb.status();
  store::DirectoryVersion version{0, files.providers, files.neighbourhoods, NowUnixSeconds(), by,
                                  message};
  std::int64_t id = 0;
  Status saved = SubmitAndWait(store, [&](store::Transaction& txn) {
    Result<std::int64_t> appended = txn.directory().AppendDirectory(version, expected_latest);
    if (!appended.ok()) return appended.status();
    id = *appended;
    return Status::Ok();
  });
  if (!saved.ok()) return saved;
  return LoadedDirectory{std::make_shared<const kb::KnowledgeBase>(std::move(*kb)), id};
}

}  // namespace

Result<std::optional<store::DirectoryVersion>> ReadLatestDirectory(store::Store& store,
                                                                   std::int64_t unless_id) {
  std::optional<store::DirectoryVersion> latest;
  std::promise<Status> done;
  store.SubmitRead(
      [&](store::ReadTransaction& read) {
        // The id first: the texts only when they are news.
        Result<std::optional<std::int64_t>> id = read.directory().LatestDirectoryId();
        if (!id.ok()) return id.status();
        if (!*id || **id == unless_id) return Status::Ok();
        Result<std::optional<store::DirectoryVersion>> version = read.directory().LatestDirectory();
        if (!version.ok()) return version.status();
        latest = std::move(*version);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  if (Status s = done.get_future().get(); !s.ok()) return s;
  return latest;
}

Result<DirectoryFiles> ReadDirectoryFiles(const std::filesystem::path& dir) {
  DirectoryFiles files;
  for (auto [name, text] : {std::pair{"providers.json", &files.providers},
                            std::pair{"neighbourhoods.json", &files.neighbourhoods}}) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) return Status::NotFound((dir / name).string() + ": cannot open");
    std::ostringstream s;
    s << in.rdbuf();
    *text = s.str();
  }
  return files;
}

Result<LoadedDirectory> CurrentDirectoryAtStart(store::Store& store,
                                                const std::filesystem::path& kb_dir) {
  Result<std::optional<store::DirectoryVersion>> latest = ReadLatestDirectory(store);
  if (!latest.ok()) return latest.status();
  Result<DirectoryFiles> files = ReadDirectoryFiles(kb_dir);
  if (!*latest) {
    if (!files.ok()) return files.status();
    Result<LoadedDirectory> seeded = Save(store, *files, kb_dir, 0, kSeededBy,
                                          "first start: the directory of " + kb_dir.string());
    if (seeded.ok()) log::Info("directory_seeded", {{"version", std::to_string(seeded->version)}});
    return seeded;
  }
  Result<LoadedDirectory> current = Load(**latest);
  if (!current.ok()) return current.status();
  if (files.ok() && (files->providers != (*latest)->providers ||
                     files->neighbourhoods != (*latest)->neighbourhoods)) {
    log::Warn("kb_directory_not_published",
              {{"published", std::to_string((*latest)->id)},
               {"detail", "the store's directory serves; `levier kb publish --kb " +
                              kb_dir.string() + "` publishes the files"}});
  }
  return current;
}

Result<LoadedDirectory> PublishDirectoryFiles(store::Store& store,
                                              const std::filesystem::path& kb_dir,
                                              const std::string& message, bool force) {
  Result<DirectoryFiles> files = ReadDirectoryFiles(kb_dir);
  if (!files.ok()) return files.status();
  Result<std::optional<store::DirectoryVersion>> latest = ReadLatestDirectory(store);
  if (!latest.ok()) return latest.status();
  if (*latest && (*latest)->providers == files->providers &&
      (*latest)->neighbourhoods == files->neighbourhoods) {
    return Status::AlreadyExists("the files of " + kb_dir.string() +
                                 " are the current directory (version " +
                                 std::to_string((*latest)->id) + ")");
  }
  if (*latest && !force && !SavedFromFiles(**latest)) {
    return Status::FailedPrecondition(
        "directory version " + std::to_string((*latest)->id) + " was saved in the workspace by " +
        (*latest)->saved_by + " (" + (*latest)->message + "): publishing the files of " +
        kb_dir.string() + " would undo it. Get it first with `levier kb export --from-store " +
        "--format levier --out DIR`, bring your changes into those files, then publish them " +
        "with --force");
  }
  return Save(store, *files, kb_dir, *latest ? (*latest)->id : 0, kPublishedBy, message);
}

Result<std::optional<LoadedDirectory>> NewerDirectory(store::Store& store, std::int64_t known) {
  Result<std::optional<store::DirectoryVersion>> latest = ReadLatestDirectory(store, known);
  if (!latest.ok()) return latest.status();
  if (!*latest || (*latest)->id <= known) return std::optional<LoadedDirectory>();
  Result<LoadedDirectory> loaded = Load(**latest);
  if (!loaded.ok()) return loaded.status();
  return std::optional<LoadedDirectory>(std::move(*loaded));
}

void FollowDirectory(store::Store& store, kb::KnowledgeBaseRegistry& registry) {
  Result<std::optional<LoadedDirectory>> newer = NewerDirectory(store, registry.version());
  if (!newer.ok()) {
    log::Error("directory_unloadable", {{"reason", newer.status().message()}});
    return;
  }
  if (!*newer) return;
  registry.Publish((*newer)->kb, (*newer)->version);
  log::Info("directory_published", {{"version", std::to_string((*newer)->version)}});
}

}  // namespace levier::app
