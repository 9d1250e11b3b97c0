// `levier kb check | export | import | coverage | watch | publish`: the
// coordinators' tools for the provider directory. They work on the files of
// a directory (--kb); `publish` makes those files the directory a server
// uses (kept in its database), and export, coverage and watch read that
// one instead with --from-store. Each command prints one line per problem
// naming the file and entry, and sets the exit code: 0 success, 1 problems
// found (or import refused), 2 bad usage.
#include "kb_command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "commands.h"
#include "config.h"
#include "directory_store.h"
#include "levier/kb/check.h"
#include "levier/kb/coverage.h"
#include "levier/kb/csv.h"
#include "levier/kb/data_inclusion.h"
#include "levier/kb/geojson.h"
#include "levier/kb/json_schema.h"
#include "levier/kb/knowledge_base.h"
#include "levier/kb/provider_json.h"
#include "levier/util/json_dump.h"
#include "levier/util/time_util.h"

namespace levier::app {
namespace {

namespace fs = std::filesystem;

struct KbOptions {
  ConfigFlags flags;
  std::string today;  // YYYY-MM-DD; "" = today (UTC)
  std::string format;
  std::string out;         // directory (export) or file (coverage); "" = stdout
  std::string csv;         // import --csv
  std::string structures;  // import --structures
  std::string services;    // import --services
  std::string labels;      // coverage --labels
  std::string message;  // publish -m
  bool include_unverified = false;
  bool dry_run = false;
  bool from_store = false;  // the database's current directory, not the files
  bool force = false;       // publish over a version saved in the workspace
};

std::string Today(const KbOptions& o) {
  return o.today.empty() ? FormatIso8601(NowUnixSeconds()).substr(0, 10) : o.today;
}

Result<std::string> KbDir(const KbOptions& o) {
  Result<Config> config = ResolveConfig(o.flags, [](const char* n) { return std::getenv(n); });
  if (!config.ok()) return config.status();
  return config->kb_dir;
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes through a temporary file and a rename, so a reader never sees half a file.
Status WriteAtomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return Status::Unavailable(tmp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::Unavailable(path.string() + ": cannot replace: " + ec.message());
  return Status::Ok();
}

int Fail(std::string_view command, const Status& s, int code = 1) {
  std::cerr << "levier kb " << command << ": " << s.message() << "\n";
  return code;
}

int RunCheck(const KbOptions& o) {
  Result<std::string> dir = KbDir(o);
  if (!dir.ok()) return Fail("check", dir.status(), 2);
  int errors = 0;
  int warnings = 0;
  for (const kb::KbFinding& f : kb::CheckDirectory(*dir, Today(o))) {
    const bool error = f.severity == kb::KbFinding::Severity::kError;
    (error ? errors : warnings)++;
    std::cout << (error ? "error" : "warning") << " [" << f.code << "]: " << f.message << "\n";
  }
  std::cout << *dir << ": " << errors << " error(s), " << warnings << " warning(s)\n";
  return errors > 0 ? 1 : 0;
}

// The texts of the directory a command works on: the files of --kb, or
// with --from-store the database's current version.
struct DirectoryTexts {
  std::string providers;
  std::string neighbourhoods;
  std::string origin;
};

Result<DirectoryTexts> ReadDirectory(const KbOptions& o) {
  if (!o.from_store) {
    Result<std::string> dir = KbDir(o);
    if (!dir.ok()) return dir.status();
    Result<DirectoryFiles> files = ReadDirectoryFiles(*dir);
    if (!files.ok()) return files.status();
    return DirectoryTexts{std::move(files->providers), std::move(files->neighbourhoods), *dir};
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenCommandStore(o.flags, "levier kb", &exit_code);
  if (store == nullptr) return Status::Unavailable("the database did not open (see above)");
  Result<std::optional<store::DirectoryVersion>> latest = ReadLatestDirectory(*store);
  store->Stop();
  if (!latest.ok()) return latest.status();
  if (!*latest) {
    return Status::NotFound("the database holds no directory yet: `levier serve` seeds it, "
                            "or `levier kb publish`");
  }
  return DirectoryTexts{std::move((*latest)->providers), std::move((*latest)->neighbourhoods),
                        "directory version " + std::to_string((*latest)->id)};
}

Result<kb::KnowledgeBase> LoadKb(const KbOptions& o) {
  Result<DirectoryTexts> texts = ReadDirectory(o);
  if (!texts.ok()) return texts.status();
  return kb::KnowledgeBase::LoadFromJson(texts->providers, texts->neighbourhoods, texts->origin);
}

// `levier kb publish`: the files of --kb become the directory a server uses.
int RunPublish(const KbOptions& o) {
  Result<std::string> dir = KbDir(o);
  if (!dir.ok()) return Fail("publish", dir.status(), 2);
  int exit_code = 0;
  std::unique_ptr<store::Store> store = OpenCommandStore(o.flags, "levier kb publish", &exit_code);
  if (store == nullptr) return exit_code;
  Result<LoadedDirectory> published =
      PublishDirectoryFiles(*store, *dir, o.message.empty() ? "published from " + *dir : o.message,
                            o.force);
  store->Stop();
  if (published.status().code() == StatusCode::kAlreadyExists) {
    std::cout << "unchanged: " << published.status().message() << "\n";
    return 0;
  }
  if (!published.ok()) return Fail("publish", published.status());
  std::cout << "published directory version " << published->version << " ("
            << published->kb->providers().size() << " providers) from " << *dir
            << "; a running server uses it within 2 seconds\n";
  return 0;
}

int RunExport(const KbOptions& o) {
  if (o.format != "data-inclusion" && o.format != "csv" && o.format != "geojson" &&
      o.format != "levier") {
    return Fail("export", Status::InvalidArgument(
                              "--format must be levier, data-inclusion, csv or geojson"), 2);
  }
  Result<DirectoryTexts> texts = ReadDirectory(o);
  if (!texts.ok()) return Fail("export", texts.status());
  Result<kb::KnowledgeBase> kb =
      kb::KnowledgeBase::LoadFromJson(texts->providers, texts->neighbourhoods, texts->origin);
  if (!kb.ok()) return Fail("export", kb.status());
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) return Fail("export", Status::Unavailable(o.out + ": " + ec.message()));
  const fs::path out(o.out);
  if (o.format == "levier") {
    // The files themselves, byte for byte: what `levier kb publish` takes back.
    for (const auto& [text, name] : {std::pair{&texts->providers, "providers.json"},
                                     std::pair{&texts->neighbourhoods, "neighbourhoods.json"}}) {
      if (Status s = WriteAtomically(out / name, *text); !s.ok()) return Fail("export", s);
    }
    std::cout << "wrote " << kb->providers().size() << " providers (" << texts->origin << ") to "
              << o.out << "\n";
    return 0;
  }
  if (o.format == "data-inclusion") {
    const kb::DataInclusionFiles files =
        kb::ExportDataInclusion(*kb, {o.include_unverified, Today(o)});
    // Checked before writing: a record the official schema refuses is a bug here.
    for (const auto& [records, schema, name] :
         {std::tuple{&files.structures, &kb::DataInclusionStructureSchema(), "structures.json"},
          std::tuple{&files.services, &kb::DataInclusionServiceSchema(), "services.json"}}) {
      for (std::size_t i = 0; i < records->size(); ++i) {
        if (auto errors = kb::ValidateJsonSchema(*schema, (*records)[i]); !errors.empty()) {
          return Fail("export", Status::Internal(std::string(name) + ": record " +
                                                 std::to_string(i) + ": " + errors.front()));
        }
      }
    }
    for (const auto& [records, name] : {std::pair{&files.structures, "structures.json"},
                                        std::pair{&files.services, "services.json"}}) {
      if (Status s = WriteAtomically(out / name, DumpJson(*records, 2) + "\n"); !s.ok())
        return Fail("export", s);
    }
    std::cout << "wrote " << files.structures.size() << " structures and " << files.services.size()
              << " services to " << o.out << "\n";
    return 0;
  }
  if (o.format == "csv") {
    if (Status s = WriteAtomically(out / "providers.csv", kb::ExportProvidersCsv(kb->providers()));
        !s.ok()) {
      return Fail("export", s);
    }
    std::cout << "wrote " << kb->providers().size() << " providers to "
              << (out / "providers.csv").string() << "\n";
    return 0;
  }
  if (o.format == "geojson") {
    const nlohmann::json geo = kb::ProvidersGeoJson(*kb, o.include_unverified);
    if (Status s = WriteAtomically(out / "providers.geojson", DumpJson(geo, 2) + "\n"); !s.ok())
      return Fail("export", s);
    std::cout << "wrote " << geo["features"].size() << " located providers to "
              << (out / "providers.geojson").string() << "\n";
    return 0;
  }
  return Fail("export", Status::InvalidArgument("--format must be data-inclusion, csv or geojson"),
              2);
}

int RunImport(const KbOptions& o) {
  Result<std::string> dir = KbDir(o);
  if (!dir.ok()) return Fail("import", dir.status(), 2);
  // The current directory supplies the neighbourhoods (and, for data·inclusion,
  // the providers the import adds to).
  Result<kb::KnowledgeBase> current = kb::KnowledgeBase::LoadFromDirectory(*dir);
  if (!current.ok()) return Fail("import", current.status());
  std::vector<kb::Provider> providers;
  if (o.format == "csv") {
    if (o.csv.empty()) return Fail("import", Status::InvalidArgument("--csv FILE is required"), 2);
    Result<std::string> text = ReadText(o.csv);
    if (!text.ok()) return Fail("import", text.status());
    auto rows = kb::ImportProvidersCsv(*text, o.csv, &current->neighbourhoods());
    if (!rows.ok())
      return Fail("import",
                  Status(rows.status().code(), rows.status().message() + " (nothing imported)"));
    providers = std::move(*rows);
  } else if (o.format == "data-inclusion") {
    if (o.structures.empty() || o.services.empty()) {
      return Fail("import",
                  Status::InvalidArgument("--structures FILE and --services FILE are required"), 2);
    }
    Result<std::string> structures = ReadText(o.structures);
    if (!structures.ok()) return Fail("import", structures.status());
    Result<std::string> services = ReadText(o.services);
    if (!services.ok()) return Fail("import", services.status());
    auto imported = kb::ImportDataInclusion(*structures, o.structures, *services, o.services);
    if (!imported.ok()) {
      return Fail("import", Status(imported.status().code(),
                                   imported.status().message() + " (nothing imported)"));
    }
    for (const std::string& line : imported->skipped) std::cerr << "skipped: " << line << "\n";
    providers = current->providers();
    for (kb::Provider& p : imported->providers) providers.push_back(std::move(p));
  } else {
    return Fail("import", Status::InvalidArgument("--format must be csv or data-inclusion"), 2);
  }
  Result<kb::KnowledgeBase> next =
      kb::KnowledgeBase::Build(providers, current->neighbourhoods(), *dir);
  if (!next.ok())
    return Fail("import",
                Status(next.status().code(), next.status().message() + " (nothing imported)"));
  if (o.dry_run) {
    std::cout << "dry run: " << providers.size() << " providers would be written to " << *dir
              << "\n";
    return 0;
  }
  if (Status s =
          WriteAtomically(fs::path(*dir) / "providers.json", kb::WriteProvidersJson(providers));
      !s.ok()) {
    return Fail("import", s);
  }
  std::cout << "wrote " << providers.size() << " providers to "
            << (fs::path(*dir) / "providers.json").string() << "\n";
  return 0;
}

int RunCoverage(const KbOptions& o) {
  Result<kb::KnowledgeBase> kb = LoadKb(o);
  if (!kb.ok()) return Fail("coverage", kb.status());
  std::string text;
  if (o.format == "json") {
    text = DumpJson(kb::CoverageJson(kb::ComputeCoverage(*kb)), 2) + "\n";
  } else if (o.format == "csv") {
    text = kb::CoverageCsv(kb::ComputeCoverage(*kb));
  } else if (o.format == "svg") {
    kb::CoverageLabels labels;
    if (!o.labels.empty()) {
      Result<kb::CoverageLabels> loaded = kb::LoadCoverageLabels(o.labels);
      if (!loaded.ok()) return Fail("coverage", loaded.status());
      labels = std::move(*loaded);
    }
    text = kb::RenderCoverageSvg(*kb, labels);
  } else {
    return Fail("coverage", Status::InvalidArgument("--format must be json, csv or svg"), 2);
  }
  if (o.out.empty()) {
    std::cout << text;
    return 0;
  }
  if (Status s = WriteAtomically(o.out, text); !s.ok()) return Fail("coverage", s);
  return 0;
}

int RunWatch(const KbOptions& o) {
  Result<kb::KnowledgeBase> kb = LoadKb(o);
  if (!kb.ok()) return Fail("watch", kb.status());
  std::cout << DumpJson(kb::WatchReport(*kb, Today(o)), 2) << "\n";
  return 0;
}

void AddCommon(CLI::App* cmd, KbOptions& o) {
  cmd->add_option("--config", o.flags.config_file, "JSON config file");
  cmd->add_option("--kb", o.flags.kb, "knowledge base directory (knowledge-base/data)");
  cmd->add_option("--db", o.flags.db, "database: an SQLite file or a postgresql:// URI (publish, --from-store)");
}

}  // namespace

CLI::App* AddKbCommands(CLI::App& app, int* exit_code) {
  CLI::App* kb =
      app.add_subcommand("kb", "knowledge base: check, import, export, coverage, watch, publish");
  kb->require_subcommand(1);
  *exit_code = 0;
  auto options = std::make_shared<KbOptions>();
  KbOptions& o = *options;

  CLI::App* check =
      kb->add_subcommand("check", "unknown codes, missing contacts, bad hours, entries to confirm");
  AddCommon(check, o);
  check->add_option("--today", o.today, "reference date YYYY-MM-DD (default: today)");
  check->callback([options, exit_code] { *exit_code = RunCheck(*options); });

  CLI::App* exp =
      kb->add_subcommand("export", "write the directory as data·inclusion, CSV or GeoJSON");
  AddCommon(exp, o);
  exp->add_option("--format", o.format, "levier (providers.json, neighbourhoods.json), data-inclusion, csv or geojson")
      ->required();
  exp->add_flag("--from-store", o.from_store, "the database's current directory (--db, --config)");
  exp->add_option("--out", o.out, "output directory")->required();
  exp->add_flag("--include-unverified", o.include_unverified,
                "also entries not shown to residents");
  exp->add_option("--today", o.today, "date_maj of entries without an update date");
  exp->callback([options, exit_code] { *exit_code = RunExport(*options); });

  CLI::App* imp = kb->add_subcommand(
      "import", "replace providers.json from a CSV, or add data·inclusion services");
  AddCommon(imp, o);
  imp->add_option("--format", o.format, "csv or data-inclusion")->required();
  imp->add_option("--csv", o.csv, "the coordinators' CSV file (the whole directory)");
  imp->add_option("--structures", o.structures, "data·inclusion structures.json");
  imp->add_option("--services", o.services, "data·inclusion services.json");
  imp->add_flag("--dry-run", o.dry_run, "check only, write nothing");
  imp->callback([options, exit_code] { *exit_code = RunImport(*options); });

  CLI::App* coverage =
      kb->add_subcommand("coverage", "verified providers per barrier and neighbourhood");
  AddCommon(coverage, o);
  coverage->add_option("--format", o.format, "json, csv or svg")->required();
  coverage->add_option("--out", o.out, "output file (default: standard output)");
  coverage->add_flag("--from-store", o.from_store, "the database's current directory (--db, --config)");
  coverage->add_option("--labels", o.labels,
                       "SVG labels file (knowledge-base/data/coverage-labels.fr.json)");
  coverage->callback([options, exit_code] { *exit_code = RunCoverage(*options); });

  CLI::App* watch = kb->add_subcommand("watch", "entries to confirm and gaps, as JSON");
  AddCommon(watch, o);
  watch->add_option("--today", o.today, "reference date YYYY-MM-DD (default: today)");
  watch->add_flag("--from-store", o.from_store, "the database's current directory (--db, --config)");
  watch->callback([options, exit_code] { *exit_code = RunWatch(*options); });

  CLI::App* publish = kb->add_subcommand(
      "publish", "make the files of --kb the directory a server uses (kept in its database)");
  AddCommon(publish, o);
  publish->add_option("-m,--message", o.message, "one line saying what changed");
  publish->add_flag("--force", o.force,
                    "replace a directory saved in the workspace (its changes are then undone)");
  publish->callback([options, exit_code] { *exit_code = RunPublish(*options); });
  return kb;
}

}  // namespace levier::app
