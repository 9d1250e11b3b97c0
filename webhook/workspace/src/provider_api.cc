// The providers' page: the directory in service as a table with the watch,
// "verified" (stamped with the date and the account), "retired", the edit
// form and adding a provider. Every change saves a new version of the whole
// directory (store/directory.h) at the version the page read, so two
// coordinators never overwrite each other without knowing; the directory is
// validated as `levier kb check` loads it before anything is saved.
#include <utility>

#include "levier/kb/coverage.h"
#include "levier/kb/csv.h"
#include "levier/kb/provider_json.h"
#include "levier/util/json_dump.h"
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

// What the edit form may change. Verification and retirement have their
// own actions (stamped by the server), and the data·inclusion identifiers
// come from imports.
constexpr std::string_view kEditable[] = {
    "name",    "summary", "barriers",    "communes", "neighbourhoods", "languages",
    "address", "postcode", "address_commune", "phone", "website", "email", "hours",
    "description", "source", "source_date", "confidence", "notes"};

bool IsEditable(std::string_view key) {
  for (std::string_view k : kEditable) {
    if (k == key) return true;
  }
  return false;
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
                          // The summaries the form offers.
                          {"languages", ScriptLanguagesJson()},
                          {"today", Today(*call)},
                          {"providers", std::move(providers)},
                          {"neighbourhoods", std::move(neighbourhoods)},
                          {"barrier_labels", editing_.barrier_labels},
                          {"watch", kb::WatchReport(*kb, Today(*call))}}));
}

// The directory as the CSV coordinators edit in a spreadsheet and import back.
void Workspace::DownloadProvidersCsv(CallPtr call) {
  if (editing_.knowledge == nullptr) return call->respond(Error(*call, Problem::kNoEditor));
  const std::shared_ptr<const kb::KnowledgeBase> kb = editing_.knowledge->Current();
  call->respond(Download(*call, "text/csv; charset=utf-8", "levier-annuaire.csv",
                         kb::ExportProvidersCsv(kb->providers())));
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
  const std::string id = StringField(call->body, "id", 200);
  if (id.empty()) {
    return call->respond(
        Error(*call, Problem::kInvalidField, {{"field", "id"}, {"detail", "a provider's id"}}));
  }
  ChangeDirectory(call, [id, what, change](const kb::KnowledgeBase& current, const std::string&,
                                          const Call& c) {
    DirectoryEdit edit;
    edit.providers = current.providers();
    kb::Provider* target = nullptr;
    for (kb::Provider& p : edit.providers) {
      if (p.id == id) target = &p;
    }
    if (target == nullptr) {
      edit.refused = Problem::kNoSuchProvider;
      return edit;
    }
    change(*target, c);
    edit.what = "provider " + what + ": " + id;
    edit.answer["provider"] = json(kb::ProviderToJson(*target));
    return edit;
  });
}

// {"version": N, "provider": {"id": ..., editable fields}, "new": bool}: the
// edit form. An edited provider keeps its verification (the coordinator
// re-confirms it with "verified" when the facts changed); a new one starts
// unverified, so residents see it only once someone has verified it.
void Workspace::SaveProvider(CallPtr call) {
  const auto form = call->body.find("provider");
  if (form == call->body.end() || !form->is_object()) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "provider"}, {"detail", "the provider's fields"}}));
  }
  const std::string id = StringField(*form, "id", 200);
  if (id.empty()) {
    return call->respond(
        Error(*call, Problem::kInvalidField, {{"field", "id"}, {"detail", "a provider's id"}}));
  }
  for (const auto& [key, value] : form->items()) {
    if (key != "id" && !IsEditable(key)) {
      return call->respond(Error(*call, Problem::kInvalidField,
                                 {{"field", key}, {"detail", "not changed by the edit form"}}));
    }
  }
  const bool adding = BoolField(call->body, "new");
  ChangeDirectory(call, [id, adding, fields = *form](const kb::KnowledgeBase& current,
                                                     const std::string& neighbourhoods,
                                                     const Call& c) {
    DirectoryEdit edit;
    // Edited as the file's JSON, so the loader validates and reports every
    // field exactly as it does for providers.json.
    json doc = json::parse(kb::WriteProvidersJson(current.providers()), nullptr,
                           /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("providers") || !doc["providers"].is_array()) {
      edit.refused = Problem::kUnavailable;  // our own writer's output: never expected
      return edit;
    }
    json& entries = doc["providers"];
    json* entry = nullptr;
    for (json& e : entries) {
      if (e.value("id", "") == id) entry = &e;
    }
    if (adding && entry != nullptr) {
      edit.refused = Problem::kProviderExists;
      return edit;
    }
    if (!adding && entry == nullptr) {
      edit.refused = Problem::kNoSuchProvider;
      return edit;
    }
    if (!adding && !entry->value("retired", "").empty()) {
      edit.refused = Problem::kProviderRefused;
      edit.refusal["detail"] = "a retired provider is kept as it was when it was retired";
      return edit;
    }
    if (adding) {
      kb::Provider blank;
      blank.id = id;
      entries.push_back(json(kb::ProviderToJson(blank)));
      entry = &entries.back();
    }
    for (const auto& [key, value] : fields.items()) (*entry)[key] = value;
    (*entry)["updated"] = Today(c);
    Result<kb::KnowledgeBase> next = kb::KnowledgeBase::LoadFromJson(
        DumpJson(doc), neighbourhoods, "the directory");
    if (!next.ok()) {
      edit.refused = Problem::kProviderRefused;
      edit.refusal["detail"] = next.status().message();
      return edit;
    }
    edit.providers = next->providers();
    edit.what = std::string(adding ? "provider added: " : "provider saved: ") + id;
    if (const kb::Provider* p = next->FindProvider(id); p != nullptr) {
      edit.answer["provider"] = json(kb::ProviderToJson(*p));
    }
    return edit;
  });
}

void Workspace::ChangeDirectory(CallPtr call, DirectoryChange change) {
  if (editing_.knowledge == nullptr) return call->respond(Error(*call, Problem::kNoEditor));
  const std::int64_t expected = VersionOf(call->body);
  if (expected == 0) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "version"}, {"detail", "the directory version read"}}));
  }
  auto latest = std::make_shared<std::optional<store::DirectoryVersion>>();
  store_.SubmitRead(
      [latest](store::ReadTransaction& read) {
        Result<std::optional<store::DirectoryVersion>> v = read.directory().LatestDirectory();
        if (!v.ok()) return v.status();
        *latest = std::move(*v);
        return Status::Ok();
      },
      [this, call, latest, expected, change = std::move(change)](const Status& status) {
        // Loading and validating a directory takes milliseconds: not on the I/O thread.
        OnScriptingThread([this, call, latest, expected, change, status] {
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
          DirectoryEdit edit = change(*loaded, current.neighbourhoods, *call);
          if (edit.refused) return answer_now(*edit.refused, edit.refusal);
          std::string text = kb::WriteProvidersJson(edit.providers);
          Result<kb::KnowledgeBase> next =
              kb::KnowledgeBase::LoadFromJson(text, current.neighbourhoods, "the directory");
          if (!next.ok()) {
            return answer_now(Problem::kProviderRefused, {{"detail", next.status().message()}});
          }
          if (edit.preview_only) {
            json answer = std::move(edit.answer);
            answer["version"] = current.id;
            return OnIoThread(call, [this, call, answer] {
              call->respond(Json(*call, http::status::ok, answer));
            });
          }
          auto kb = std::make_shared<const kb::KnowledgeBase>(std::move(*next));
          auto saved_id = std::make_shared<std::int64_t>(0);
          store::DirectoryVersion version{0, std::move(text), current.neighbourhoods, call->now,
                                          call->signed_in->account.email, edit.what};
          store::Store::Work save = [version, expected, saved_id](store::Transaction& txn) {
            Result<std::int64_t> appended = txn.directory().AppendDirectory(version, expected);
            if (!appended.ok()) return appended.status();
            *saved_id = *appended;
            return Status::Ok();
          };
          OnIoThread(call, [this, call, kb, saved_id, what = edit.what,
                            answer = std::move(edit.answer), save = std::move(save)] {
            Commit(call, what, save, [this, call, kb, saved_id, answer](const Status& s) {
              if (s.code() == StatusCode::kFailedPrecondition) {
                return Error(*call, Problem::kDirectoryChanged);
              }
              if (!s.ok()) return Error(*call, Problem::kUnavailable);
              editing_.knowledge->Publish(kb, *saved_id);
              log::Info("directory_published",
                        {{"version", std::to_string(*saved_id)},
                         {"by", call->signed_in->account.email}});
              json body = answer;
              body["version"] = *saved_id;
              return Json(*call, http::status::ok, body);
            });
          });
        });
      });
}

}  // namespace levier::workspace
