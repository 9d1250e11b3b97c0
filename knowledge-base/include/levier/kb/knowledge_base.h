// The curated directory of local providers ("structures" offering help to
// lift a barrier), loaded once from knowledge-base/data and then read-only.
//
// Thread-safety: a loaded KnowledgeBase is immutable; any number of threads
// may call its const methods concurrently. Reloading builds a new object.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"

namespace levier::kb {

// One provider as shown to residents. Texts shown to residents are per
// language ("fr", "en", ...); French is the reference and the fallback.
struct Provider {
  std::string id;                              // stable slug, e.g. "mission-locale-touraine"
  std::string name;                            // proper name, not translated
  std::map<std::string, std::string> summary;  // lang -> what they do, a few plain words
  std::vector<std::string> barriers;           // barrier codes (levier/util/barriers.h)
  std::vector<std::string> communes;           // communes served; empty = whole metropolis
  std::string address;                         // "" when not verified in a source
  std::string phone;                           // "" when not verified in a source
  std::string website;                         // "" when none
  std::string email;                           // "" when none
  std::string source;                          // where the facts come from (URLs)
  std::string source_date;                     // as given by the source
  std::string confidence;                      // "haute" | "moyenne" | "basse"
  bool verified = false;                       // false: kept in data, never shown to residents
  std::string notes;                           // curation notes for coordinators

  // Summary in `lang`, falling back to French, then to "".
  const std::string& SummaryIn(std::string_view lang) const;
};

// A priority neighbourhood (quartier prioritaire de la politique de la ville).
struct Neighbourhood {
  std::string id;       // slug, e.g. "sanitas"
  std::string name;     // "Sanitas"
  std::string commune;  // "Tours"
  std::string source;
};

// Bounds on what the loaders accept. The defaults are far above the real
// directory (tens of entries) and exist so a corrupt or hostile file fails
// fast with a clear error instead of exhausting memory.
struct LoadLimits {
  std::size_t max_file_bytes = 8 * 1024 * 1024;  // per JSON file
  std::size_t max_entries = 10'000;              // per list (providers, neighbourhoods)
  std::size_t max_depth = 8;                     // JSON nesting; the format needs 4
  std::size_t max_list_items = 64;               // barriers, communes, summary languages
  std::size_t max_short_string = 300;            // id, name, summary, address, phone...
  std::size_t max_long_string = 4'000;           // source, notes
};

class KnowledgeBase {
 public:
  // Loads `dir`/providers.json and `dir`/neighbourhoods.json.
  // Errors name the file and the entry (index and id) at fault: unknown barrier
  // code, duplicate id, missing name, verified entry without any contact.
  static Result<KnowledgeBase> LoadFromDirectory(const std::filesystem::path& dir);
  // Same, from already-read JSON texts (tests, fuzzing). `origin` names the
  // source in error messages.
  // Errors read "<origin>/providers.json: entry 3 (id \"x\"): ...".
  static Result<KnowledgeBase> LoadFromJson(std::string_view providers_json,
                                            std::string_view neighbourhoods_json,
                                            std::string_view origin);
  // Same as the two above with explicit limits (tests, tools).
  static Result<KnowledgeBase> LoadFromDirectory(const std::filesystem::path& dir,
                                                 const LoadLimits& limits);
  static Result<KnowledgeBase> LoadFromJson(std::string_view providers_json,
                                            std::string_view neighbourhoods_json,
                                            std::string_view origin, const LoadLimits& limits);

  const std::vector<Provider>& providers() const { return providers_; }
  const std::vector<Neighbourhood>& neighbourhoods() const { return neighbourhoods_; }
  // nullptr when unknown.
  const Provider* FindProvider(std::string_view id) const;

  // Verified providers for `barrier`, best first: those serving `commune`
  // explicitly, then those serving the whole metropolis. `commune` may be ""
  // (unknown). At most `limit` results. Unverified entries are never returned.
  // Deterministic: ties keep file order. Communes compare accent-, case- and
  // separator-insensitively (see commune.h). With `commune` == "" or a commune
  // nobody serves explicitly, only metropolis-wide providers are returned; an
  // unknown `barrier` returns nothing.
  std::vector<const Provider*> Match(std::string_view barrier, std::string_view commune,
                                     std::size_t limit) const;

 private:
  std::vector<Provider> providers_;
  std::vector<Neighbourhood> neighbourhoods_;
};

}  // namespace levier::kb
