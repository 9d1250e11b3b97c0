// The dialog script as the workspace's editor sees it: a map of files
// (relative path -> content, as script_versions keeps them), edited one
// field at a time, shown as nodes with their texts in every language, and
// compared with the published version. Private to webhook/workspace.
//
// Pure functions, no I/O; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "levier/dialogs/script.h"
#include "levier/util/status.h"

namespace levier::workspace {

using ScriptFiles = std::map<std::string, std::string>;

// Bounds on one edit.
struct EditLimits {
  std::size_t max_text_bytes = 1000;
  std::size_t max_keywords = 100;
  std::size_t max_keyword_bytes = 100;
  std::size_t max_choices = 20;
};

// Files from and to the JSON text script_versions and the draft keep.
Result<ScriptFiles> ParseScriptFiles(std::string_view json);
std::string DumpScriptFiles(const ScriptFiles& files);

// Applies one edit to `files`:
//   {"op": "text", "lang": "ar", "key": "greeting", "value": "..."}  ("" removes it)
//   {"op": "keywords", "lang": "fr", "key": "kw_other", "words": ["..."]}
//   {"op": "choices", "node": "ask_barrier", "choices": [{"label", "keywords",
//     "barrier", "next", "set"}, ...]}  (the node's whole list, in order)
// InvalidArgument naming what is wrong; `files` unchanged then. Files keep
// their key order and layout, so an export diffs cleanly in git.
Status ApplyEdit(const nlohmann::json& edit, ScriptFiles* files,
                 const EditLimits& limits = EditLimits{});

// What the editor shows: {"start", "default_language", "languages":
// [{"code", "name", "direction"}], "nodes": [flow.json's nodes as written],
// "shared_texts" and "commands" (flow.json's), "texts": {lang: {id: text}},
// "keywords": {lang: {id: [words]}}}.
nlohmann::json EditorView(const ScriptFiles& files);

// What publishing `after` would change against `before`, one entry per
// changed field: {"file", "what": "text" | "keywords" | "node" | "file",
// "lang", "key" (text or keyword id, or node id), "before", "after"}.
nlohmann::json ScriptChanges(const ScriptFiles& before, const ScriptFiles& after);

// Findings as JSON: {"severity": "error" | "warning", "file", "node",
// "language", "message"}; a load failure is one error.
nlohmann::json FindingsJson(const std::vector<dialogs::CheckFinding>& findings);

}  // namespace levier::workspace
