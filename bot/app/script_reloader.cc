#include "script_reloader.h"

#include <algorithm>
#include <fstream>
#include <future>
#include <sstream>

#include "commands.h"
#include "levier/dialogs/transcript.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"
#include "loaders.h"

namespace levier::app {
namespace {

struct Published {
  std::optional<store::ScriptPublication> publication;
  std::string files;
};

// The newest publication and, when `with_files`, its files (else "": a
// version's files are about 3 MB).
Result<Published> ReadNewestPublication(store::Store& store, bool with_files = true) {
  Published newest;
  std::promise<Status> done;
  store.SubmitRead(
      [&](store::ReadTransaction& read) {
        Result<std::optional<store::ScriptPublication>> latest = read.scripts().LatestPublication();
        if (!latest.ok()) return latest.status();
        newest.publication = *latest;
        if (!*latest || !with_files) return Status::Ok();
        Result<std::optional<std::string>> files = read.scripts().VersionFiles((*latest)->version);
        if (!files.ok()) return files.status();
        if (!*files) return Status::Internal("published version " + (*latest)->version + " is not stored");
        newest.files = std::move(**files);
        return Status::Ok();
      },
      [&](const Status& s) { done.set_value(s); });
  if (Status s = done.get_future().get(); !s.ok()) return s;
  return newest;
}

Result<std::shared_ptr<const dialogs::Script>> LoadPublished(const Published& newest) {
  Result<dialogs::Script> script = bot::ScriptFromStoredFiles(
      newest.files, "published script version " + newest.publication->version);
  if (!script.ok()) return script.status();
  return std::make_shared<const dialogs::Script>(std::move(*script));
}

// A unit that saves `transcripts` (after `then`, when given).
store::Store::Work SaveTranscriptsUnit(std::vector<store::StoredTranscript> transcripts,
                                       store::Store::Work then = nullptr) {
  return [transcripts = std::move(transcripts), then = std::move(then)](store::Transaction& txn) {
    if (then) {
      if (Status done = then(txn); !done.ok()) return done;
    }
    for (const store::StoredTranscript& t : transcripts) {
      if (Status saved = txn.scripts().SaveTranscript(t); !saved.ok()) return saved;
    }
    return Status::Ok();
  };
}

}  // namespace

Result<std::vector<store::StoredTranscript>> ReadTranscriptDirectory(
    const std::filesystem::path& dir, const std::string& by) {
  std::vector<store::StoredTranscript> transcripts;
  const std::filesystem::path folder = dir / "transcripts";
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return transcripts;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<dialogs::Transcript> parsed =
        dialogs::ParseTranscript(text.str(), entry.path().string());
    if (!parsed.ok()) return parsed.status();
    transcripts.push_back({entry.path().stem().string(), text.str(), by, NowUnixSeconds()});
  }
  std::sort(transcripts.begin(), transcripts.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return transcripts;
}

Result<std::shared_ptr<const dialogs::Script>> CurrentScriptAtStart(
    store::Store& store, std::shared_ptr<const dialogs::Script> from_directory,
    const kb::KnowledgeBase& kb, const std::filesystem::path& dir) {
  // The row first: when the directory holds the published version (the
  // usual case), its files are not read and parsed a second time.
  Result<Published> newest = ReadNewestPublication(store, /*with_files=*/false);
  if (!newest.ok()) return newest.status();
  if (!newest->publication) {
    if (Status s = RefuseCheckErrors(*from_directory, kb, dir.string(), false); !s.ok()) return s;
    Result<std::vector<store::StoredTranscript>> transcripts =
        ReadTranscriptDirectory(dir, "levier serve");
    if (!transcripts.ok()) return transcripts.status();
    Status seeded = SubmitAndWait(
        store, SaveTranscriptsUnit(std::move(*transcripts),
                                   bot::ScriptRegistry::PublishUnit(
                                       from_directory, "levier serve",
                                       "first start: the script of " + dir.string(),
                                       NowUnixSeconds())));
    if (!seeded.ok()) return seeded;
    log::Info("script_seeded", {{"version", from_directory->version()}});
    return from_directory;
  }
  const std::string& version = newest->publication->version;
  if (version == from_directory->version()) {
    if (Status s = RefuseCheckErrors(*from_directory, kb, dir.string(), false); !s.ok()) return s;
    return from_directory;
  }
  newest = ReadNewestPublication(store);
  if (!newest.ok()) return newest.status();
  Result<std::shared_ptr<const dialogs::Script>> published = LoadPublished(*newest);
  if (!published.ok()) {
    return Status::FailedPrecondition(
        published.status().message() + " (publish a loadable version with `levier dialogs import " +
        dir.string() + "`)");
  }
  if (Status s = RefuseCheckErrors(**published, kb, "published script version " +
                                                        (*published)->version(), false);
      !s.ok()) {
    return Status::FailedPrecondition(s.message() + " (publish a corrected version with `levier dialogs import " +
                                      dir.string() + "`)");
  }
  // The directory's version differs (equal versions returned above).
  log::Warn("dialogs_directory_not_published",
            {{"published", (*published)->version()},
             {"directory", from_directory->version()},
             {"detail", "the store's published version serves; `levier dialogs import " +
                            dir.string() + "` or SIGHUP publishes the directory"}});
  return *published;
}

Result<std::shared_ptr<const dialogs::Script>> ImportScriptDirectory(
    const std::filesystem::path& dir, const kb::KnowledgeBase& kb, store::Store& store,
    const std::string& by, const std::string& message) {
  Result<dialogs::Script> script = dialogs::Script::LoadFromDirectory(dir);
  if (!script.ok()) return script.status();
  int errors = 0;
  std::string first;
  for (const auto& finding : dialogs::CheckScript(*script, kb)) {
    if (finding.severity != dialogs::CheckFinding::Severity::kError) continue;
    if (++errors == 1) first = FormatFinding(finding);
    log::Error("script_refused", {{"reason", FormatFinding(finding)}});
  }
  if (errors > 0) {
    return Status::InvalidArgument(std::to_string(errors) + " check error(s), not published; first: " +
                                   first);
  }
  Result<std::vector<store::StoredTranscript>> transcripts = ReadTranscriptDirectory(dir, by);
  if (!transcripts.ok()) return transcripts.status();
  if (Status saved = SubmitAndWait(store, SaveTranscriptsUnit(std::move(*transcripts)));
      !saved.ok()) {
    return saved;
  }
  // Only the version is compared: no need for its files.
  Result<Published> newest = ReadNewestPublication(store, /*with_files=*/false);
  if (!newest.ok()) return newest.status();
  if (newest->publication && newest->publication->version == script->version()) {
    return Status::AlreadyExists("version " + script->version() + " is already the published one");
  }
  auto shared = std::make_shared<const dialogs::Script>(std::move(*script));
  if (Status s = SubmitAndWait(
          store, bot::ScriptRegistry::PublishUnit(shared, by, message, NowUnixSeconds()));
      !s.ok()) {
    return s;
  }
  return std::shared_ptr<const dialogs::Script>(shared);
}

ScriptReloader::ScriptReloader(std::filesystem::path dialogs_dir,
                               const kb::KnowledgeBaseRegistry& knowledge,
                               bot::ScriptRegistry& registry, store::Store& store)
    : dir_(std::move(dialogs_dir)), knowledge_(knowledge), registry_(registry), store_(store) {
  last_seen_ = NewestWrite();
}

std::filesystem::file_time_type ScriptReloader::NewestWrite() const {
  // Not file_time_type{}: libstdc++'s file clock has its epoch in 2174, so
  // every real modification time is negative.
  auto newest = std::filesystem::file_time_type::min();
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code time_ec;
    const auto t = it->last_write_time(time_ec);
    if (!time_ec && t > newest) newest = t;
  }
  return newest;
}

Status ScriptReloader::Reload(const std::string& by) {
  std::lock_guard lock(mutex_);
  last_seen_ = NewestWrite();
  Result<std::shared_ptr<const dialogs::Script>> imported =
      ImportScriptDirectory(dir_, *knowledge_.Current(), store_, by, "reloaded from " + dir_.string());
  if (imported.status().code() == StatusCode::kAlreadyExists) {
    return Status::Ok();  // already the store's current version
  }
  if (!imported.ok()) {
    log::Error("script_reload_refused", {{"reason", imported.status().message()}});
    return imported.status();
  }
  registry_.Publish(*imported);
  log::Info("script_published", {{"version", (*imported)->version()}, {"by", by}});
  return Status::Ok();
}

bool ScriptReloader::Poll() {
  {
    std::lock_guard lock(mutex_);
    if (NewestWrite() == last_seen_) return false;
  }
  (void)Reload("serve --watch");  // refusals are logged; the current version keeps serving
  return true;
}

bool ScriptReloader::FollowStore() {
  std::lock_guard lock(mutex_);
  // Every two seconds: only the newest publication's row; its files only
  // when it is a version this server does not run.
  Result<Published> newest = ReadNewestPublication(store_, /*with_files=*/false);
  if (!newest.ok() || !newest->publication) return false;
  if (newest->publication->id == last_publication_) return false;
  last_publication_ = newest->publication->id;
  if (newest->publication->version == registry_.Current()->version()) return false;
  newest = ReadNewestPublication(store_);
  if (!newest.ok() || !newest->publication) return false;
  last_publication_ = newest->publication->id;
  Result<std::shared_ptr<const dialogs::Script>> script = LoadPublished(*newest);
  if (!script.ok()) {
    log::Error("published_script_unloadable", {{"reason", script.status().message()}});
    return false;
  }
  registry_.Publish(*script);
  log::Info("script_published", {{"version", (*script)->version()},
                                  {"by", newest->publication->published_by}});
  return true;
}

}  // namespace levier::app
