// Importing a CSV (as `levier kb export --format csv` writes it, edited in a
// spreadsheet) or data·inclusion's two files into the directory: first a
// preview of what would be added, changed and retired, then the same
// import applied, at the directory version the preview was made on. A file
// with one bad line changes nothing and the refusal names the line.
#include <utility>
#include <vector>

#include "levier/kb/csv.h"
#include "levier/kb/data_inclusion.h"
#include "levier/kb/merge.h"
#include "levier/util/time_util.h"
#include "workspace_impl.h"

namespace levier::workspace {
namespace {

json ChangesJson(const std::vector<kb::ProviderChange>& changes) {
  json list = json::array();
  for (const kb::ProviderChange& c : changes) {
    json item = {{"id", c.id}, {"name", c.name}};
    if (!c.fields.empty()) item["fields"] = c.fields;
    list.push_back(std::move(item));
  }
  return list;
}

// The name the refusals give the file: the one the browser sent, bounded,
// else a plain default.
std::string FileName(const json& body, const char* fallback) {
  std::string name = StringField(body, "file_name", 100);
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return name.empty() ? fallback : name;
}

}  // namespace

// {"version": N, "format": "csv", "csv": TEXT} or {"version": N, "format":
// "data-inclusion", "structures": TEXT, "services": TEXT}, with
// "retire_missing" (the file is the whole directory) and "apply" (false: a
// preview, nothing saved).
void Workspace::ImportProviders(CallPtr call) {
  const std::string format = StringField(call->body, "format", 20);
  if (format != "csv" && format != "data-inclusion") {
    return call->respond(Error(*call, Problem::kInvalidField,
                               {{"field", "format"}, {"detail", "\"csv\" or \"data-inclusion\""}}));
  }
  const std::vector<const char*> needed =
      format == "csv" ? std::vector<const char*>{"csv"}
                      : std::vector<const char*>{"structures", "services"};
  for (const char* field : needed) {
    if (StringField(call->body, field, kMaxImportBytes).empty()) {
      return call->respond(Error(*call, Problem::kInvalidField,
                                 {{"field", field}, {"detail", "the file's text, at most 1 MiB"}}));
    }
  }
  kb::MergeOptions options;
  options.today = FormatIso8601(call->now).substr(0, 10);
  options.retire_missing = BoolField(call->body, "retire_missing");
  options.keep_curation = format == "data-inclusion";  // the source says nothing of it
  const bool apply = BoolField(call->body, "apply");
  ChangeDirectory(call, [format, options, apply](const kb::KnowledgeBase& current,
                                                 const std::string&, const Call& c) {
    DirectoryEdit edit;
    const auto refuse = [&edit](const Status& status) {
      edit.refused = Problem::kImportRefused;
      edit.refusal["detail"] = status.message();
      return edit;
    };
    std::vector<kb::Provider> incoming;
    json skipped = json::array();
    if (format == "csv") {
      Result<std::vector<kb::Provider>> rows =
          kb::ImportProvidersCsv(StringField(c.body, "csv", kMaxImportBytes),
                                 FileName(c.body, "the file"), &current.neighbourhoods());
      if (!rows.ok()) return refuse(rows.status());
      incoming = std::move(*rows);
    } else {
      Result<kb::DataInclusionImport> imported = kb::ImportDataInclusion(
          StringField(c.body, "structures", kMaxImportBytes), "structures",
          StringField(c.body, "services", kMaxImportBytes), "services");
      if (!imported.ok()) return refuse(imported.status());
      incoming = std::move(imported->providers);
      for (const std::string& line : imported->skipped) skipped.push_back(line);
    }
    kb::DirectoryMerge merge = kb::MergeProviders(current.providers(), incoming, options);
    edit.answer = {{"added", ChangesJson(merge.added)},
                   {"changed", ChangesJson(merge.changed)},
                   {"retired", ChangesJson(merge.retired)},
                   {"unchanged", merge.unchanged},
                   {"skipped", std::move(skipped)},
                   {"applied", apply && !merge.empty()}};
    edit.preview_only = !apply || merge.empty();
    edit.what = "providers imported (" + format + "): " + std::to_string(merge.added.size()) +
                " added, " + std::to_string(merge.changed.size()) + " changed, " +
                std::to_string(merge.retired.size()) + " retired";
    edit.providers = std::move(merge.providers);
    return edit;
  });
}

}  // namespace levier::workspace
