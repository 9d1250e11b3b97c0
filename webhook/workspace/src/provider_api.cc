// The providers' page: the directory in service as a table with the watch,
// "verified" (stamped with the date and the account) and "retired". Every
// change saves a new version of the whole directory (store/directory.h) at
// the version the page read, so two coordinators never overwrite each
// other without knowing; the directory is validated as `levier kb check`
// loads it before anything is saved.
#include <utility>

#include "levier/kb/coverage.h"
#include "levier/kb/provider_json.h"
#include "levier/util/log.h"
#include "levier/util/time_util.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

std::string Today(const Call& call) { return FormatIso8601(call.now).substr(0, 10); }

// The version the page read: a positive integer field "version".
std::int64_t VersionOf(const json& body) {
  const auto it = body.find("version");
  if (it == body.end() || !it->is_number_integer()) return 0;
  const std::int64_t v = it->get<std::int64_t>();
  return v > 0 ? v : 0;
}

}  // namespace

void Workspace::ListProviders(CallPtr call) {
  if (editing_.knowledge == nullptr) return call->respond(Error(*call, Problem::kNoEditor));
  const std::shared_ptr<const kb::KnowledgeBase> kb = editing_.knowledge->Current();
  json providers = json::array();
  for (const kb::Provider& p : kb->providers()) providers.push_back(json(kb::ProviderToJson(p)));
  json neighbourhoods = json::array();
  for (const kb::Neighbourhood& n : kb->neighbourhoods()) {
    neighbourhoods.push_back({{"id", n.id}, {"name", n.name}, {"commune", n.commune}});
  }
  call->respond(Json(*call, http::status::ok,
                     json{{"version", editing_.knowledge->version()},
                          {"today", Today(*call)},
                          {"providers", std::move(providers)},
                          {"neighbourhoods", std::move(neighbourhoods)},
                          {"barrier_labels", editing_.barrier_labels},
                          {"watch", kb::WatchReport(*kb, Today(*call))}}));
}

void Workspace::VerifyProvider(CallPtr call) {
  ChangeProvider(call, "verified", [](kb::Provider& p, const Call& c) {
    p.verified = true;
    p.last_verified = Today(c);
    p.verified_by = c.signed_in->account.email;
    p.updated = Today(c);
  });
}

void Workspace::RetireProvider(CallPtr call) {
  ChangeProvider(call, "retired", [](kb::Provider& p, const Call& c) {
    p.verified = false;
    p.retired = Today(c);
    p.updated = Today(c);
  });
}

void Workspace::ChangeProvider(CallPtr call, std::string what,
                               std::function<void(kb::Provider&, const Call&)> change) {
  if (editing_.knowledge == nullptr) return call->respond(Error(*call, Problem::kNoEditor));
  const std::int64_t expected = VersionOf(call->body);
  const std::string id = StringField(call->body, "id", 200);
  if (expected == 0) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "version"}, {"detail", "the directory version read"}}));
  }
  if (id.empty()) {
    return call->respond(
        Error(*call, Problem::kInvalidField, {{"field", "id"}, {"detail", "a provider's id"}}));
  }
  auto latest = std::make_shared<std::optional<store::DirectoryVersion>>();
  store_.SubmitRead(
      [latest](store::ReadTransaction& read) {
        Result<std::optional<store::DirectoryVersion>> v = read.directory().LatestDirectory();
        if (!v.ok()) return v.status();
        *latest = std::move(*v);
        return Status::Ok();
      },
      [this, call, latest, expected, id, what = std::move(what),
       change = std::move(change)](const Status& status) {
        // Loading and validating a directory takes milliseconds: not on the I/O thread.
        OnScriptingThread([this, call, latest, expected, id, what, change, status] {
          const auto answer_now = [call, this](Problem problem, json extra = json::object()) {
            OnIoThread(call, [this, call, problem, extra] {
              call->respond(Error(*call, problem, extra));
            });
          };
          if (!status.ok() || !latest->has_value()) return answer_now(Problem::kUnavailable);
          const store::DirectoryVersion& current = **latest;
          if (current.id != expected) {
            return answer_now(Problem::kDirectoryChanged, {{"version", current.id}});
          }
          const std::string origin = "directory version " + std::to_string(current.id);
          Result<kb::KnowledgeBase> loaded =
              kb::KnowledgeBase::LoadFromJson(current.providers, current.neighbourhoods, origin);
          if (!loaded.ok()) return answer_now(Problem::kUnavailable);
          std::vector<kb::Provider> providers = loaded->providers();
          kb::Provider* target = nullptr;
          for (kb::Provider& p : providers) {
            if (p.id == id) target = &p;
          }
          if (target == nullptr) return answer_now(Problem::kNoSuchProvider);
          change(*target, *call);
          std::string text = kb::WriteProvidersJson(providers);
          Result<kb::KnowledgeBase> next =
              kb::KnowledgeBase::LoadFromJson(text, current.neighbourhoods, "the directory");
          if (!next.ok()) {
            return answer_now(Problem::kProviderRefused, {{"detail", next.status().message()}});
          }
          auto kb = std::make_shared<const kb::KnowledgeBase>(std::move(*next));
          auto saved_id = std::make_shared<std::int64_t>(0);
          store::DirectoryVersion version{0, std::move(text), current.neighbourhoods, call->now,
                                          call->signed_in->account.email, what + ": " + id};
          store::Store::Work save = [version, expected, saved_id](store::Transaction& txn) {
            Result<std::int64_t> appended = txn.directory().AppendDirectory(version, expected);
            if (!appended.ok()) return appended.status();
            *saved_id = *appended;
            return Status::Ok();
          };
          OnIoThread(call, [this, call, kb, saved_id, id, what, save = std::move(save)] {
            Commit(call, "provider " + what + ": " + id, save,
                   [this, call, kb, saved_id, id](const Status& s) {
                     if (s.code() == StatusCode::kFailedPrecondition) {
                       return Error(*call, Problem::kDirectoryChanged);
                     }
                     if (!s.ok()) return Error(*call, Problem::kUnavailable);
                     editing_.knowledge->Publish(kb, *saved_id);
                     log::Info("directory_published",
                               {{"version", std::to_string(*saved_id)},
                                {"by", call->signed_in->account.email}});
                     const kb::Provider* p = kb->FindProvider(id);
                     return Json(*call, http::status::ok,
                                 json{{"version", *saved_id},
                                      {"provider", p == nullptr ? json() : json(kb::ProviderToJson(*p))}});
                   });
          });
        });
      });
}

}  // namespace levier::workspace
