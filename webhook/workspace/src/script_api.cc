// The script editor's endpoints (docs/api.md, "Workspace: the dialog
// script"): one shared draft, saved field by field with the revision it was
// read at, so two coordinators never overwrite each other without knowing;
// checked at once with the checks of `levier check`; previewed as each
// channel would show it; published with a message, or rolled back.
#include <boost/asio/post.hpp>
#include <functional>

#include "levier/util/log.h"
#include "levier/util/utf8.h"
#include "script_preview.h"
#include "workspace_impl.h"

namespace levier::workspace {

namespace {

constexpr int kVersionsShown = 50;
constexpr std::size_t kMaxMessageChars = 200;

// The body's "revision": a whole number >= 0; -1 when absent or not one.
std::int64_t RevisionOf(const json& body) {
  const auto it = body.find("revision");
  if (it == body.end() || !it->is_number_integer()) return -1;
  const std::int64_t revision = it->get<std::int64_t>();
  return revision < 0 ? -1 : revision;
}

// A publish or rollback message: one line of 1 to 200 characters.
std::optional<std::string> MessageOf(const json& body) {
  std::string message = StringField(body, "message", 4 * kMaxMessageChars);
  while (!message.empty() && (message.back() == ' ' || message.back() == '\t')) message.pop_back();
  const std::size_t start = message.find_first_not_of(" \t");
  if (start == std::string::npos || message.find('\n') != std::string::npos ||
      CountCodePoints(message) > kMaxMessageChars) {
    return std::nullopt;
  }
  return message.substr(start);
}

std::string DescribeEdit(const json& edit) {
  const std::string op = StringField(edit, "op", 32);
  if (op == "choices") return "script draft: choices of node '" + StringField(edit, "node", 64) + "'";
  return "script draft: " + op + " '" + StringField(edit, "key", 64) + "' (" +
         StringField(edit, "lang", 16) + ")";
}

}  // namespace

void Workspace::OnScriptingThread(std::function<void()> fn) {
  boost::asio::post(scripting_, std::move(fn));
}

void Workspace::ReadScriptState(const CallPtr& call, StateHandler then) {
  if (editing_.registry == nullptr || editing_.knowledge == nullptr) {
    return call->respond(Error(*call, Problem::kNoEditor));
  }
  auto state = std::make_shared<ScriptState>();
  store_.SubmitRead(
      [state](store::ReadTransaction& read) {
        Result<std::optional<store::ScriptDraft>> draft = read.scripts().LoadDraft();
        if (!draft.ok()) return draft.status();
        Result<std::optional<store::ScriptPublication>> published =
            read.scripts().LatestPublication();
        if (!published.ok()) return published.status();
        Result<std::vector<store::StoredTranscript>> transcripts = read.scripts().ListTranscripts();
        if (!transcripts.ok()) return transcripts.status();
        // A draft keeps only the files it changed, over the version it
        // started from: that version's files, when it is no longer current.
        if (*draft && (!*published || (*published)->version != (**draft).base_version)) {
          Result<std::optional<std::string>> base =
              read.scripts().VersionFiles((**draft).base_version);
          if (!base.ok()) return base.status();
          state->stored_base = std::move(*base);
        }
        state->draft = std::move(*draft);
        state->published = std::move(*published);
        state->transcripts = std::move(*transcripts);
        return Status::Ok();
      },
      [this, call, state, then = std::move(then)](const Status& status) {
        if (!status.ok()) {
          return OnIoThread(call, [this, call] { call->respond(Error(*call, Problem::kUnavailable)); });
        }
        OnScriptingThread([this, call, state, then] {
          const auto current = editing_.registry->Current();
          state->base_files = current->files();
          state->base_version = current->version();
          if (state->draft) {
            Result<ScriptFiles> changed = ParseScriptFiles(state->draft->files);
            Result<ScriptFiles> base = state->draft->base_version == current->version()
                                           ? Result<ScriptFiles>(current->files())
                                       : state->stored_base
                                           ? ParseScriptFiles(*state->stored_base)
                                           : Result<ScriptFiles>(Status::NotFound(
                                                 "base version " + state->draft->base_version));
            if (changed.ok() && base.ok()) {
              state->files = *base;
              for (auto& [name, content] : *changed) state->files[name] = std::move(content);
              state->base_files = std::move(*base);
              state->revision = state->draft->revision;
              state->base_version = state->draft->base_version;
              // An empty change set is written "{}": the same content as no draft.
              state->content_key = ScriptContentKey(
                  state->base_version, state->draft->files == "{}" ? "" : state->draft->files);
            } else {
              log::Error("script_draft_unreadable",
                         {{"reason", (changed.ok() ? base : changed).status().message()}});
              return OnIoThread(call, [this, call] {
                call->respond(Error(*call, Problem::kUnavailable));
              });
            }
          } else {
            state->files = state->base_files;
            state->content_key = ScriptContentKey(state->base_version, "");
          }
          then(state);
        });
      });
}

std::string ScriptContentKey(const std::string& base_version, const std::string& changed_files) {
  return base_version + "\n" + changed_files;
}

Workspace::LoadedScript Workspace::LoadAndCheck(const ScriptFiles& files, const std::string& key) {
  // The checks read the directory too (barriers, providers): a new one
  // invalidates them.
  const std::shared_ptr<const kb::KnowledgeBase> kb = editing_.knowledge->Current();
  if (key != cached_key_ || cached_findings_.is_null() || kb != cached_kb_) {
    cached_kb_ = kb;
    // The current version itself needs no loading: the registry has it.
    const auto current = editing_.registry->Current();
    Result<dialogs::Script> script =
        key == ScriptContentKey(current->version(), "")
            ? Result<dialogs::Script>(Status::AlreadyExists("current"))
            : dialogs::Script::LoadFromFiles(files, "");
    cached_key_ = key;
    cached_errors_ = 0;
    if (script.status().code() == StatusCode::kAlreadyExists) {
      cached_script_ = current;
    } else if (!script.ok()) {
      cached_script_ = nullptr;
      cached_findings_ = json::array({{{"severity", "error"},
                                       {"file", ""},
                                       {"node", ""},
                                       {"language", ""},
                                       {"message", script.status().message()}}});
      cached_errors_ = 1;
    } else {
      cached_script_ = std::make_shared<const dialogs::Script>(std::move(*script));
    }
    if (cached_script_ != nullptr) {
      const std::vector<dialogs::CheckFinding> findings =
          dialogs::CheckScript(*cached_script_, *kb, editing_.check);
      for (const auto& f : findings) {
        if (f.severity == dialogs::CheckFinding::Severity::kError) ++cached_errors_;
      }
      cached_findings_ = FindingsJson(findings);
    }
  }
  return LoadedScript{cached_script_, cached_findings_, cached_errors_};
}

void Workspace::GetScript(CallPtr call) {
  ReadScriptState(call, [this, call](std::shared_ptr<ScriptState> state) {
    json answer = EditorView(state->files);
    const LoadedScript loaded = LoadAndCheck(state->files, state->content_key);
    answer["findings"] = loaded.findings;
    answer["revision"] = state->revision;
    answer["base_version"] = state->base_version;
    answer["draft"] = state->draft ? json{{"updated_by", state->draft->updated_by},
                                          {"updated_at", FormatIso8601(state->draft->updated_at)}}
                                   : json();
    if (state->published) {
      answer["published"] = {{"version", state->published->version},
                             {"published_at", FormatIso8601(state->published->published_at)},
                             {"published_by", state->published->published_by},
                             {"message", state->published->message}};
    }
    OnIoThread(call, [this, call, answer = std::move(answer)] {
      call->respond(Json(*call, http::status::ok, answer));
    });
  });
}

void Workspace::EditScript(CallPtr call) {
  const std::int64_t revision = RevisionOf(call->body);
  if (revision < 0) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "revision"}, {"detail", "a whole number >= 0"}}));
  }
  ReadScriptState(call, [this, call, revision](std::shared_ptr<ScriptState> state) {
    if (state->revision != revision) {
      json who = state->draft ? json{{"revision", state->revision},
                                     {"updated_by", state->draft->updated_by},
                                     {"updated_at", FormatIso8601(state->draft->updated_at)}}
                              : json{{"revision", 0}};
      return OnIoThread(call, [this, call, who] {
        call->respond(Error(*call, Problem::kDraftChanged, who));
      });
    }
    ScriptFiles files = state->files;
    if (Status applied = ApplyEdit(call->body, &files); !applied.ok()) {
      return OnIoThread(call, [this, call, detail = applied.message()] {
        call->respond(Error(*call, Problem::kInvalidField, {{"field", "edit"}, {"detail", detail}}));
      });
    }
    // Only the files that differ from the base: a script's files are about
    // 3 MB (its classifier models), an edit changes a few kilobytes.
    ScriptFiles changed;
    for (const auto& [name, content] : files) {
      const auto base = state->base_files.find(name);
      if (base == state->base_files.end() || base->second != content) changed[name] = content;
    }
    const std::string changed_json = changed.empty() ? std::string() : DumpScriptFiles(changed);
    const LoadedScript loaded =
        LoadAndCheck(files, ScriptContentKey(state->base_version, changed_json));
    store::ScriptDraft draft{changed_json.empty() ? DumpScriptFiles(changed) : changed_json,
                             state->base_version, revision + 1, call->signed_in->account.email,
                             call->now};
    json answer{{"revision", revision + 1}, {"findings", loaded.findings}};
    OnIoThread(call, [this, call, draft = std::move(draft), answer = std::move(answer), revision] {
      Commit(
          call, DescribeEdit(call->body),
          [draft, revision](store::Transaction& txn) {
            return txn.scripts().SaveDraft(draft, revision);
          },
          [this, call, answer](const Status& status) {
            if (status.code() == StatusCode::kFailedPrecondition) {
              return Error(*call, Problem::kDraftChanged);
            }
            if (!status.ok()) return Error(*call, Problem::kUnavailable);
            return Json(*call, http::status::ok, answer);
          });
    });
  });
}

void Workspace::DiscardDraft(CallPtr call) {
  const std::int64_t revision = RevisionOf(call->body);
  Commit(
      call, "script draft discarded",
      [revision](store::Transaction& txn) -> Status {
        Result<std::optional<store::ScriptDraft>> draft = txn.scripts().LoadDraft();
        if (!draft.ok()) return draft.status();
        if (!*draft) return Status::Ok();
        if ((*draft)->revision != revision) return Status::FailedPrecondition("draft changed");
        return txn.scripts().DiscardDraft();
      },
      [this, call](const Status& status) {
        if (status.code() == StatusCode::kFailedPrecondition) {
          return Error(*call, Problem::kDraftChanged);
        }
        if (!status.ok()) return Error(*call, Problem::kUnavailable);
        return Json(*call, http::status::ok, json{{"discarded", true}});
      });
}

void Workspace::ScriptChangesOf(CallPtr call) {
  ReadScriptState(call, [this, call](std::shared_ptr<ScriptState> state) {
    json changes = state->draft ? ScriptChanges(state->base_files, state->files)
                                : json::array();
    OnIoThread(call, [this, call, changes = std::move(changes), revision = state->revision] {
      call->respond(
          Json(*call, http::status::ok, json{{"revision", revision}, {"changes", changes}}));
    });
  });
}

void Workspace::PreviewScript(CallPtr call) {
  const std::string lang = StringField(call->body, "lang", 16);
  std::vector<std::string> messages;
  const auto given = call->body.find("messages");
  bool valid = given != call->body.end() && given->is_array() && !given->empty() &&
               given->size() <= kMaxPreviewMessages;
  if (valid) {
    for (const json& m : *given) {
      if (!m.is_string() || m.get_ref<const std::string&>().size() > 1000) {
        valid = false;
        break;
      }
      messages.push_back(m.get<std::string>());
    }
  }
  if (!valid) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "messages"},
                                {"detail", "1 to " + std::to_string(kMaxPreviewMessages) +
                                               " messages of at most 1000 bytes"}}));
  }
  ReadScriptState(call, [this, call, lang, messages](std::shared_ptr<ScriptState> state) {
    const LoadedScript loaded = LoadAndCheck(state->files, state->content_key);
    if (loaded.script == nullptr) {
      return OnIoThread(call, [this, call, findings = loaded.findings] {
        call->respond(Error(*call, Problem::kCheckErrors, {{"findings", findings}}));
      });
    }
    json turns = PreviewConversation(*loaded.script, *editing_.knowledge->Current(), editing_.previews,
                                     lang, messages);
    OnIoThread(call, [this, call, turns = std::move(turns)] {
      call->respond(Json(*call, http::status::ok, json{{"turns", turns}}));
    });
  });
}

void Workspace::PublishScript(CallPtr call) {
  const std::int64_t revision = RevisionOf(call->body);
  const std::optional<std::string> message = MessageOf(call->body);
  if (!message) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "message"}, {"detail", "one line of 1 to 200 characters"}}));
  }
  ReadScriptState(call, [this, call, revision, message = *message](std::shared_ptr<ScriptState> state) {
    const auto answer_now = [this, call](Problem problem, json extra = json::object()) {
      OnIoThread(call, [this, call, problem, extra] { call->respond(Error(*call, problem, extra)); });
    };
    if (!state->draft) return answer_now(Problem::kNothingToPublish);
    if (state->revision != revision) {
      return answer_now(Problem::kDraftChanged, {{"revision", state->revision},
                                                 {"updated_by", state->draft->updated_by}});
    }
    if (state->published && state->published->version != state->base_version) {
      return answer_now(Problem::kPublishedChanged, {{"published", state->published->version}});
    }
    const LoadedScript loaded = LoadAndCheck(state->files, state->content_key);
    if (loaded.script == nullptr || loaded.errors > 0) {
      return answer_now(Problem::kCheckErrors, {{"findings", loaded.findings}});
    }
    if (loaded.script->version() == state->base_version) {
      return answer_now(Problem::kNothingToPublish);
    }
    std::shared_ptr<const dialogs::Script> script = loaded.script;
    const std::string base = state->base_version;
    const std::string email = call->signed_in->account.email;
    store::Store::Work publish =
        bot::ScriptRegistry::PublishUnit(script, email, message, call->now);
    OnIoThread(call, [this, call, script, base, revision, message, publish = std::move(publish)] {
      Commit(
          call, "script published: version " + script->version() + ": " + message,
          [publish, base, revision](store::Transaction& txn) -> Status {
            // Checked again inside the unit: nobody published or saved meanwhile.
            Result<std::optional<store::ScriptDraft>> draft = txn.scripts().LoadDraft();
            if (!draft.ok()) return draft.status();
            if (!*draft || (*draft)->revision != revision) {
              return Status::FailedPrecondition("draft");
            }
            Result<std::optional<store::ScriptPublication>> latest =
                txn.scripts().LatestPublication();
            if (!latest.ok()) return latest.status();
            if (*latest && (*latest)->version != base) return Status::AlreadyExists("published");
            if (Status published = publish(txn); !published.ok()) return published;
            return txn.scripts().DiscardDraft();
          },
          [this, call, script](const Status& status) {
            if (status.code() == StatusCode::kFailedPrecondition) {
              return Error(*call, Problem::kDraftChanged);
            }
            if (status.code() == StatusCode::kAlreadyExists) {
              return Error(*call, Problem::kPublishedChanged);
            }
            if (!status.ok()) return Error(*call, Problem::kUnavailable);
            // New conversations use it from now on; those in progress finish on theirs.
            editing_.registry->Publish(script);
            log::Info("script_published",
                      {{"version", script->version()}, {"by", "workspace"}});
            return Json(*call, http::status::ok,
                        json{{"version", script->version()},
                             {"published_at", FormatIso8601(call->now)}});
          });
    });
  });
}

void Workspace::ListScriptVersions(CallPtr call) {
  auto listed = std::make_shared<std::vector<store::ScriptPublication>>();
  store_.SubmitRead(
      [listed](store::ReadTransaction& read) {
        Result<std::vector<store::ScriptPublication>> rows =
            read.scripts().ListPublications(kVersionsShown);
        if (!rows.ok()) return rows.status();
        *listed = std::move(*rows);
        return Status::Ok();
      },
      [this, call, listed](const Status& status) {
        OnIoThread(call, [this, call, listed, status] {
          if (!status.ok()) return call->respond(Error(*call, Problem::kUnavailable));
          json list = json::array();
          for (const store::ScriptPublication& p : *listed) {
            list.push_back({{"id", p.id},
                            {"version", p.version},
                            {"published_at", FormatIso8601(p.published_at)},
                            {"published_by", p.published_by},
                            {"message", p.message},
                            {"current", list.empty()}});
          }
          call->respond(Json(*call, http::status::ok, json{{"versions", list}}));
        });
      });
}

void Workspace::RollbackScript(CallPtr call) {
  if (editing_.registry == nullptr) return call->respond(Error(*call, Problem::kNoEditor));
  const std::string version = StringField(call->body, "version", 64);
  const std::optional<std::string> message = MessageOf(call->body);
  if (!message) {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "message"}, {"detail", "one line of 1 to 200 characters"}}));
  }
  struct Found {
    std::optional<std::string> files;
    std::optional<store::ScriptPublication> latest;
  };
  auto found = std::make_shared<Found>();
  store_.SubmitRead(
      [found, version](store::ReadTransaction& read) {
        Result<std::optional<std::string>> files = read.scripts().VersionFiles(version);
        if (!files.ok()) return files.status();
        Result<std::optional<store::ScriptPublication>> latest = read.scripts().LatestPublication();
        if (!latest.ok()) return latest.status();
        found->files = std::move(*files);
        found->latest = std::move(*latest);
        return Status::Ok();
      },
      [this, call, found, version, message = *message](const Status& status) {
        OnScriptingThread([this, call, found, version, message, status] {
          const auto answer_now = [this, call](Problem problem) {
            OnIoThread(call, [this, call, problem] { call->respond(Error(*call, problem)); });
          };
          if (!status.ok()) return answer_now(Problem::kUnavailable);
          if (!found->files) return answer_now(Problem::kNoSuchVersion);
          if (found->latest && found->latest->version == version) {
            return answer_now(Problem::kNothingToPublish);
          }
          Result<dialogs::Script> loaded =
              bot::ScriptFromStoredFiles(*found->files, "stored script version " + version);
          if (!loaded.ok()) return answer_now(Problem::kNoSuchVersion);
          auto script = std::make_shared<const dialogs::Script>(std::move(*loaded));
          const std::string text = "rollback to " + version + ": " + message;
          store::Store::Work publish = bot::ScriptRegistry::PublishUnit(
              script, call->signed_in->account.email, text, call->now);
          OnIoThread(call, [this, call, script, text, publish = std::move(publish)] {
            Commit(call, "script " + text, publish, [this, call, script](const Status& s) {
              if (!s.ok()) return Error(*call, Problem::kUnavailable);
              editing_.registry->Publish(script);
              log::Info("script_published", {{"version", script->version()}, {"by", "rollback"}});
              return Json(*call, http::status::ok, json{{"version", script->version()}});
            });
          });
        });
      });
}

}  // namespace levier::workspace
