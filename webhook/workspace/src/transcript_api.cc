// The conversation tests in the script editor (docs/api.md, "The dialog
// script"): listed, run against the draft before publishing, and recorded
// from a preview: each message with what the draft answered, as
// `levier simulate --record` writes them.
#include <functional>

#include "levier/dialogs/transcript.h"
#include "levier/util/utf8.h"
#include "script_preview.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

// A test's name, its file stem on export: lowercase letters, digits, dashes.
bool IsTranscriptName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

json MismatchJson(const dialogs::ReplayMismatch& m) {
  return {{"line", m.line}, {"resident", m.resident}, {"field", m.field},
          {"expected", m.expected}, {"actual", m.actual}};
}

}  // namespace

void Workspace::ListTranscripts(CallPtr call) {
  ReadScriptState(call, [this, call](std::shared_ptr<ScriptState> state) {
    json list = json::array();
    for (const store::StoredTranscript& t : state->transcripts) {
      Result<dialogs::Transcript> parsed = dialogs::ParseTranscript(t.content, t.name);
      list.push_back({{"name", t.name},
                      {"title", parsed.ok() ? parsed->title : std::string()},
                      {"language", parsed.ok() ? parsed->language : std::string()},
                      {"lines", parsed.ok() ? parsed->lines.size() : 0},
                      {"updated_by", t.updated_by},
                      {"updated_at", FormatIso8601(t.updated_at)}});
    }
    OnIoThread(call, [this, call, list = std::move(list)] {
      call->respond(Json(*call, http::status::ok, json{{"transcripts", list}}));
    });
  });
}

void Workspace::RunTranscripts(CallPtr call) {
  ReadScriptState(call, [this, call](std::shared_ptr<ScriptState> state) {
    const LoadedScript loaded = LoadAndCheck(state->files, state->content_key);
    if (loaded.script == nullptr) {
      return OnIoThread(call, [this, call, findings = loaded.findings] {
        call->respond(Error(*call, Problem::kCheckErrors, {{"findings", findings}}));
      });
    }
    json results = json::array();
    int passed = 0;
    for (const store::StoredTranscript& t : state->transcripts) {
      json result{{"name", t.name}, {"title", ""}, {"mismatches", json::array()}};
      Result<dialogs::Transcript> parsed = dialogs::ParseTranscript(t.content, t.name);
      if (!parsed.ok()) {
        result["ok"] = false;
        result["error"] = parsed.status().message();
      } else {
        result["title"] = parsed->title;
        const dialogs::ReplayResult replay =
            dialogs::ReplayTranscript(*parsed, *loaded.script, *editing_.knowledge->Current());
        for (const dialogs::ReplayMismatch& m : replay.mismatches) {
          result["mismatches"].push_back(MismatchJson(m));
        }
        result["ok"] = replay.ok();
        passed += replay.ok() ? 1 : 0;
      }
      results.push_back(std::move(result));
    }
    json answer{{"revision", state->revision}, {"passed", passed},
                {"total", state->transcripts.size()}, {"results", std::move(results)}};
    OnIoThread(call, [this, call, answer = std::move(answer)] {
      call->respond(Json(*call, http::status::ok, answer));
    });
  });
}

void Workspace::RecordTranscript(CallPtr call) {
  const std::string name = StringField(call->body, "name", 64);
  const std::string title = StringField(call->body, "title", 200);
  const std::string lang = StringField(call->body, "lang", 16);
  const bool replace = BoolField(call->body, "replace");
  const auto invalid = [&](const char* field, const char* detail) {
    call->respond(Error(*call, Problem::kInvalidField, {{"field", field}, {"detail", detail}}));
  };
  if (!IsTranscriptName(name)) {
    return invalid("name", "1 to 64 lowercase letters, digits or dashes");
  }
  if (title.empty()) return invalid("title", "a title of 1 to 200 bytes");
  std::vector<std::string> messages;
  const auto given = call->body.find("messages");
  if (given == call->body.end() || !given->is_array() || given->empty() ||
      given->size() > kMaxPreviewMessages) {
    return invalid("messages", "1 to 40 messages");
  }
  for (const json& m : *given) {
    if (!m.is_string() || m.get_ref<const std::string&>().size() > 1000) {
      return invalid("messages", "texts of at most 1000 bytes");
    }
    messages.push_back(m.get<std::string>());
  }
  ReadScriptState(call, [this, call, name, title, lang, replace,
                         messages](std::shared_ptr<ScriptState> state) {
    for (const store::StoredTranscript& t : state->transcripts) {
      if (t.name == name && !replace) {
        return OnIoThread(call, [this, call] {
          call->respond(Error(*call, Problem::kTranscriptExists));
        });
      }
    }
    const LoadedScript loaded = LoadAndCheck(state->files, state->content_key);
    if (loaded.script == nullptr) {
      return OnIoThread(call, [this, call, findings = loaded.findings] {
        call->respond(Error(*call, Problem::kCheckErrors, {{"findings", findings}}));
      });
    }
    // Played once with no expectation, then every step's outcome becomes one.
    dialogs::Transcript transcript;
    transcript.title = title;
    transcript.language = lang;
    for (const std::string& m : messages) transcript.lines.push_back({m, 60, {}, 0});
    const dialogs::ReplayResult played =
        dialogs::ReplayTranscript(transcript, *loaded.script, *editing_.knowledge->Current());
    for (std::size_t i = 0; i < transcript.lines.size() && i < played.steps.size(); ++i) {
      transcript.lines[i].expect = dialogs::ExpectFromStep(played.steps[i]);
    }
    store::StoredTranscript stored{name, dialogs::WriteTranscript(transcript),
                                   call->signed_in->account.email, call->now};
    OnIoThread(call, [this, call, stored = std::move(stored), lines = messages.size()] {
      Commit(
          call, "conversation test recorded: " + stored.name,
          [stored](store::Transaction& txn) { return txn.scripts().SaveTranscript(stored); },
          [this, call, name = stored.name, lines](const Status& status) {
            if (!status.ok()) return Error(*call, Problem::kUnavailable);
            return Json(*call, http::status::created, json{{"name", name}, {"lines", lines}});
          });
    });
  });
}

}  // namespace levier::workspace
