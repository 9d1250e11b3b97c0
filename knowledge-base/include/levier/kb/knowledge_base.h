// The curated directory of local providers ("structures" offering a service
// that helps lift a barrier), loaded once from knowledge-base/data and then
// read-only. The model follows data·inclusion v1 (one Provider = one service
// of a structure, with the structure's contact facts) plus what Levier needs:
// barrier codes, languages, neighbourhoods served, opening hours, eligibility,
// verification state. Format and fields: docs/knowledge-base.md.
//
// Thread-safety: a loaded KnowledgeBase is immutable; any number of threads
// may call its const methods concurrently. Reloading builds a new object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/opening_hours.h"
#include "levier/util/status.h"

namespace levier::kb {

// Who may use a service. Every criterion is a hard filter in matching when
// the resident's profile says they do not meet it (see match.h).
struct Eligibility {
  int min_age = 0;                           // 0 = no lower bound
  int max_age = 0;                           // 0 = no upper bound
  bool disability_required = false;          // recognised disability (RQTH, AAH...) required
  bool priority_neighbourhood_only = false;  // residents of `neighbourhoods` only (any priority
                                             // neighbourhood when that list is empty)
  bool young_children_required = false;      // families with young children only

  bool operator==(const Eligibility&) const = default;
};

// One provider (a service and its structure). Texts shown to residents are per
// language ("fr", "en", ...); French is the reference and the fallback.
struct Provider {
  // --- Identity and what residents see.
  std::string id;                              // stable slug, e.g. "mission-locale-touraine"
  std::string name;                            // the structure's proper name, not translated
  std::map<std::string, std::string> summary;  // lang -> what they do, a few plain words
  std::vector<std::string> barriers;           // barrier codes (levier/util/barriers.h)
  std::string address;                         // "" when not verified in a source
  std::string phone;                           // "" when not verified in a source
  std::string website;                         // "" when none
  std::string email;                           // "" when none

  // --- Where and whom it serves.
  std::vector<std::string> communes;        // communes served; empty = whole metropolis
  std::vector<std::string> neighbourhoods;  // priority neighbourhood ids it focuses on
  std::vector<std::string> languages;       // language tags spoken; empty = unknown
  Eligibility eligibility;
  std::string hours;     // OpenStreetMap opening_hours subset (opening_hours.h); "" = unknown
  OpeningHours opening;  // `hours`, parsed by the loader

  // --- data·inclusion v1 fields (export, import round trip).
  std::vector<std::string> thematiques;  // v1 sub-thematic slugs; empty = derived from barriers
  std::vector<std::string> publics;      // v1 public slugs; empty = derived from eligibility
  std::vector<std::string> zone_eligibilite;  // INSEE/SIREN codes, as imported; else empty
  std::string description;         // longer description (not sent to residents); may be ""
  std::string postcode;            // 5 digits or ""
  std::string address_commune;     // commune of `address`, or ""
  std::optional<double> latitude;  // WGS84, only when a source gives it
  std::optional<double> longitude;
  std::string siret;                  // 14 digits or ""
  std::string structure_id;           // groups services of one structure; "" = its own structure
  std::string structure_name;         // "" = `name`
  std::string external_id;            // data·inclusion service id when imported, else ""
  std::string external_structure_id;  // data·inclusion structure id when imported, else ""
  std::string external_source;        // data·inclusion producer ("dora"...) when imported, else ""

  // --- Provenance and verification.
  std::string source;         // where the facts come from (URLs)
  std::string source_date;    // as given by the source
  std::string confidence;     // "haute" | "moyenne" | "basse"
  bool verified = false;      // false: kept in data, never shown to residents
  std::string updated;        // YYYY-MM-DD of the last edit of the entry, or ""
  std::string last_verified;  // YYYY-MM-DD a coordinator last confirmed the facts, or ""
  std::string verified_by;    // who confirmed them then (an account's e-mail), or ""
  std::string retired;        // YYYY-MM-DD it was retired, or "": a retired entry is kept
                              // (referrals point to it) but never verified, so never shown
  std::string notes;          // curation notes for coordinators

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

// Bounds on what the loaders and importers accept. The defaults are far above
// the real directory (tens of entries) and exist so a corrupt or hostile file
// fails fast with a clear error instead of exhausting memory.
struct LoadLimits {
  std::size_t max_file_bytes = 8 * 1024 * 1024;  // per JSON or CSV file
  std::size_t max_entries = 100'000;             // per list (providers, neighbourhoods, rows)
  std::size_t max_depth = 8;                     // JSON nesting; the format needs 4
  std::size_t max_list_items = 64;               // barriers, communes, summary languages
  std::size_t max_short_string = 300;            // id, name, summary, address, phone...
  std::size_t max_long_string = 4'000;           // source, notes
  std::size_t max_description = 10'000;          // description (data·inclusion's own bound)
};

class KnowledgeBase {
 public:
  // Loads `dir`/providers.json and `dir`/neighbourhoods.json ("levier-kb/1"
  // or "levier-kb/2"). Errors name the file and the entry (index and id) at
  // fault: unknown barrier code, duplicate id, missing name, verified entry
  // without any contact, bad opening hours, unknown neighbourhood...
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
  // From entries built in memory (importers, benchmarks). Validates every
  // provider as the loader does (`origin` names them in errors), parses hours,
  // checks neighbourhood references and builds the matching index.
  static Result<KnowledgeBase> Build(std::vector<Provider> providers,
                                     std::vector<Neighbourhood> neighbourhoods,
                                     std::string_view origin, const LoadLimits& limits = {});

  const std::vector<Provider>& providers() const { return providers_; }
  const std::vector<Neighbourhood>& neighbourhoods() const { return neighbourhoods_; }
  // nullptr when unknown.
  const Provider* FindProvider(std::string_view id) const;
  const Neighbourhood* FindNeighbourhood(std::string_view id) const;

  // Verified providers for `barrier`, best first: those serving `commune`
  // explicitly, then those serving the whole metropolis. `commune` may be ""
  // (unknown). At most `limit` results. Unverified entries are never returned.
  // Deterministic: ties keep file order. Communes compare accent-, case- and
  // separator-insensitively (see commune.h). With `commune` == "" or a commune
  // nobody serves explicitly, only metropolis-wide providers are returned; an
  // unknown `barrier` returns nothing. Eligibility is not considered (no
  // profile): see MatchProfile in match.h for the full matcher.
  std::vector<const Provider*> Match(std::string_view barrier, std::string_view commune,
                                     std::size_t limit) const;

  // --- Matching index, built once by Build and read-only after. Compact
  // and contiguous per barrier, so a match over tens of thousands of services
  // reads memory sequentially (docs/performance.md, "Matching").
  struct MatchKey {
    std::uint32_t provider = 0;              // index in providers()
    std::uint32_t communes_begin = 0;        // range in key_ids(): interned folded communes
    std::uint32_t neighbourhoods_begin = 0;  // range in key_ids(): indexes in neighbourhoods()
    std::uint16_t communes_count = 0;        // 0 = metropolis-wide
    std::uint16_t neighbourhoods_count = 0;
    std::uint64_t languages = 0;  // LanguageBit() of each language spoken
    std::uint8_t min_age = 0;     // as in Eligibility (0 = no bound)
    std::uint8_t max_age = 0;
    std::uint8_t flags = 0;  // kKey* below
  };
  static constexpr std::uint8_t kKeyDisability = 1;     // disability_required
  static constexpr std::uint8_t kKeyChildren = 2;       // young_children_required
  static constexpr std::uint8_t kKeyResidentsOnly = 4;  // priority_neighbourhood_only

  // Keys of the verified providers listing `barrier`, in file order; empty
  // for an unknown code.
  std::span<const MatchKey> VerifiedFor(std::string_view barrier) const;
  std::span<const std::int32_t> KeyCommunes(const MatchKey& k) const {
    return {key_ids_.data() + k.communes_begin, k.communes_count};
  }
  std::span<const std::int32_t> KeyNeighbourhoods(const MatchKey& k) const {
    return {key_ids_.data() + k.neighbourhoods_begin, k.neighbourhoods_count};
  }
  // Interned id of a folded commune name, -1 when no provider names it.
  std::int32_t CommuneId(std::string_view folded_commune) const;
  // The bit of `language` in MatchKey::languages; 0 when no provider speaks it
  // or when it is beyond the 64 first distinct languages of the directory
  // (the matcher then reads Provider::languages).
  std::uint64_t LanguageBit(std::string_view language) const;

 private:
  void BuildIndex();

  std::vector<Provider> providers_;
  std::vector<Neighbourhood> neighbourhoods_;
  std::vector<std::vector<MatchKey>> by_barrier_;  // BarrierCodes() order
  std::vector<std::int32_t> key_ids_;              // communes and neighbourhoods of the keys
  std::map<std::string, std::int32_t, std::less<>> commune_ids_;
  std::map<std::string, std::uint64_t, std::less<>> language_bits_;
};

}  // namespace levier::kb
