#include "script_reloader.h"

#include <future>

#include "levier/util/log.h"
#include "levier/util/time_util.h"
#include "loaders.h"

namespace levier::app {

ScriptReloader::ScriptReloader(std::filesystem::path dialogs_dir,
                               std::shared_ptr<const kb::KnowledgeBase> kb,
                               bot::ScriptRegistry& registry, store::Store& store)
    : dir_(std::move(dialogs_dir)), kb_(std::move(kb)), registry_(registry), store_(store) {
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

Status ScriptReloader::Reload() {
  std::lock_guard lock(mutex_);
  last_seen_ = NewestWrite();
  Result<dialogs::Script> script = dialogs::Script::LoadFromDirectory(dir_);
  if (!script.ok()) {
    log::Error("script_reload_refused", {{"reason", script.status().message()}});
    return script.status();
  }
  int errors = 0;
  for (const auto& finding : dialogs::CheckScript(*script, *kb_)) {
    if (finding.severity != dialogs::CheckFinding::Severity::kError) continue;
    ++errors;
    log::Error("script_reload_refused", {{"reason", FormatFinding(finding)}});
  }
  if (errors > 0) {
    return Status::InvalidArgument(std::to_string(errors) + " check error(s): not published");
  }
  if (script->version() == registry_.Current()->version()) return Status::Ok();
  auto shared = std::make_shared<const dialogs::Script>(std::move(*script));
  std::promise<Status> persisted;
  store_.Submit(bot::ScriptRegistry::PersistUnit(shared, NowUnixSeconds()),
                [&](const Status& s) { persisted.set_value(s); });
  Status status = persisted.get_future().get();
  if (!status.ok()) {
    log::Error("script_reload_refused", {{"reason", status.ToString()}});
    return status;
  }
  registry_.Publish(shared);
  log::Info("script_published", {{"version", shared->version()}});
  return Status::Ok();
}

bool ScriptReloader::Poll() {
  {
    std::lock_guard lock(mutex_);
    if (NewestWrite() == last_seen_) return false;
  }
  (void)Reload();  // refusals are logged; the current version keeps serving
  return true;
}

}  // namespace levier::app
