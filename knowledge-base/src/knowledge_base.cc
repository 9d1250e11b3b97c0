#include "levier/kb/knowledge_base.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "json_loader.h"
#include "json_reader.h"
#include "levier/kb/commune.h"
#include "levier/util/barriers.h"
#include "provider_validate.h"

namespace levier::kb {
namespace {

constexpr std::string_view kProvidersFile = "providers.json";
constexpr std::string_view kNeighbourhoodsFile = "neighbourhoods.json";

// Reads a whole file, refusing it before reading when it exceeds `max_bytes`.
Result<std::string> ReadFile(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound(path.string() + ": cannot read: " + ec.message());
  if (size > max_bytes) {
    return Status::ResourceExhausted(path.string() + ": file is " + std::to_string(size) +
                                     " bytes, limit is " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    return Status::Unavailable(path.string() + ": short read (file changed while loading?)");
  }
  return text;
}

std::string FileName(std::string_view origin, std::string_view file) {
  return origin.empty() ? std::string(file) : std::string(origin) + "/" + std::string(file);
}

}  // namespace

Result<KnowledgeBase> KnowledgeBase::LoadFromDirectory(const std::filesystem::path& dir) {
  return LoadFromDirectory(dir, LoadLimits{});
}

Result<KnowledgeBase> KnowledgeBase::LoadFromDirectory(const std::filesystem::path& dir,
                                                       const LoadLimits& limits) {
  Result<std::string> providers = ReadFile(dir / kProvidersFile, limits.max_file_bytes);
  if (!providers.ok()) return providers.status();
  Result<std::string> neighbourhoods = ReadFile(dir / kNeighbourhoodsFile, limits.max_file_bytes);
  if (!neighbourhoods.ok()) return neighbourhoods.status();
  return LoadFromJson(*providers, *neighbourhoods, dir.string(), limits);
}

Result<KnowledgeBase> KnowledgeBase::LoadFromJson(std::string_view providers_json,
                                                  std::string_view neighbourhoods_json,
                                                  std::string_view origin) {
  return LoadFromJson(providers_json, neighbourhoods_json, origin, LoadLimits{});
}

Result<KnowledgeBase> KnowledgeBase::LoadFromJson(std::string_view providers_json,
                                                  std::string_view neighbourhoods_json,
                                                  std::string_view origin,
                                                  const LoadLimits& limits) {
  auto providers =
      internal::ParseProviders(providers_json, FileName(origin, kProvidersFile), limits);
  if (!providers.ok()) return providers.status();
  auto neighbourhoods = internal::ParseNeighbourhoods(
      neighbourhoods_json, FileName(origin, kNeighbourhoodsFile), limits);
  if (!neighbourhoods.ok()) return neighbourhoods.status();
  return Build(std::move(*providers), std::move(*neighbourhoods), origin, limits);
}

Result<KnowledgeBase> KnowledgeBase::Build(std::vector<Provider> providers,
                                           std::vector<Neighbourhood> neighbourhoods,
                                           std::string_view origin, const LoadLimits& limits) {
  const std::string providers_file = FileName(origin, kProvidersFile);
  const std::string neighbourhoods_file = FileName(origin, kNeighbourhoodsFile);
  if (providers.size() > limits.max_entries) {
    return internal::Where(providers_file)
        .Exhausted(std::to_string(providers.size()) + " entries, limit is " +
                   std::to_string(limits.max_entries));
  }
  std::unordered_map<std::string_view, std::size_t> neighbourhood_index;
  for (std::size_t i = 0; i < neighbourhoods.size(); ++i) {
    internal::Where where(neighbourhoods_file, i);
    where.set_id(neighbourhoods[i].id);
    if (!internal::IsSlug(neighbourhoods[i].id)) return where.Invalid("id must be a slug");
    if (neighbourhoods[i].name.empty() || neighbourhoods[i].commune.empty()) {
      return where.Invalid("missing \"name\" or \"commune\"");
    }
    if (!neighbourhood_index.emplace(neighbourhoods[i].id, i).second) {
      return where.Invalid("duplicate id");
    }
  }
  std::unordered_map<std::string_view, std::size_t> provider_index;
  for (std::size_t i = 0; i < providers.size(); ++i) {
    Provider& p = providers[i];
    internal::Where where(providers_file, i);
    where.set_id(p.id);
    if (Status s = internal::ValidateProvider(&p, limits, where); !s.ok()) return s;
    if (auto [it, inserted] = provider_index.emplace(p.id, i); !inserted) {
      return where.Invalid("duplicate id, already used by entry " + std::to_string(it->second));
    }
    for (const std::string& n : p.neighbourhoods) {
      if (!neighbourhood_index.contains(n)) {
        return where.Invalid("unknown neighbourhood " + internal::Quote(n) + " (ids of " +
                             std::string(kNeighbourhoodsFile) + ")");
      }
    }
  }
  KnowledgeBase kb;
  kb.providers_ = std::move(providers);
  kb.neighbourhoods_ = std::move(neighbourhoods);
  kb.BuildIndex();
  return kb;
}

void KnowledgeBase::BuildIndex() {
  const auto codes = BarrierCodes();
  by_barrier_.assign(codes.size(), {});
  key_ids_.clear();
  commune_ids_.clear();
  language_bits_.clear();
  for (std::size_t i = 0; i < providers_.size(); ++i) {
    const Provider& p = providers_[i];
    if (!p.verified) continue;
    MatchKey key;
    key.provider = static_cast<std::uint32_t>(i);
    key.communes_begin = static_cast<std::uint32_t>(key_ids_.size());
    for (const std::string& c : p.communes) {
      auto [it, inserted] =
          commune_ids_.emplace(FoldCommuneName(c), static_cast<std::int32_t>(commune_ids_.size()));
      key_ids_.push_back(it->second);
    }
    key.communes_count = static_cast<std::uint16_t>(p.communes.size());
    key.neighbourhoods_begin = static_cast<std::uint32_t>(key_ids_.size());
    for (const std::string& n : p.neighbourhoods) {
      const auto it = std::find_if(neighbourhoods_.begin(), neighbourhoods_.end(),
                                   [&](const Neighbourhood& x) { return x.id == n; });
      key_ids_.push_back(static_cast<std::int32_t>(it - neighbourhoods_.begin()));
    }
    key.neighbourhoods_count = static_cast<std::uint16_t>(p.neighbourhoods.size());
    for (const std::string& lang : p.languages) {
      if (!language_bits_.contains(lang) && language_bits_.size() < 64) {
        language_bits_.emplace(lang, std::uint64_t{1} << language_bits_.size());
      }
      if (const auto it = language_bits_.find(lang); it != language_bits_.end())
        key.languages |= it->second;
    }
    key.min_age = static_cast<std::uint8_t>(p.eligibility.min_age);
    key.max_age = static_cast<std::uint8_t>(p.eligibility.max_age);
    key.flags = static_cast<std::uint8_t>(
        (p.eligibility.disability_required ? kKeyDisability : 0) |
        (p.eligibility.young_children_required ? kKeyChildren : 0) |
        (p.eligibility.priority_neighbourhood_only ? kKeyResidentsOnly : 0));
    for (std::size_t b = 0; b < codes.size(); ++b) {
      if (std::find(p.barriers.begin(), p.barriers.end(), codes[b]) != p.barriers.end()) {
        by_barrier_[b].push_back(key);
      }
    }
  }
}

std::span<const KnowledgeBase::MatchKey> KnowledgeBase::VerifiedFor(
    std::string_view barrier) const {
  const auto codes = BarrierCodes();
  const auto it = std::find(codes.begin(), codes.end(), barrier);
  if (it == codes.end() || by_barrier_.empty()) return {};
  return by_barrier_[static_cast<std::size_t>(it - codes.begin())];
}

std::int32_t KnowledgeBase::CommuneId(std::string_view folded_commune) const {
  const auto it = commune_ids_.find(folded_commune);
  return it == commune_ids_.end() ? -1 : it->second;
}

std::uint64_t KnowledgeBase::LanguageBit(std::string_view language) const {
  const auto it = language_bits_.find(language);
  return it == language_bits_.end() ? 0 : it->second;
}

const Provider* KnowledgeBase::FindProvider(std::string_view id) const {
  const auto it = std::find_if(providers_.begin(), providers_.end(),
                               [&](const Provider& p) { return p.id == id; });
  return it == providers_.end() ? nullptr : &*it;
}

const Neighbourhood* KnowledgeBase::FindNeighbourhood(std::string_view id) const {
  const auto it = std::find_if(neighbourhoods_.begin(), neighbourhoods_.end(),
                               [&](const Neighbourhood& n) { return n.id == id; });
  return it == neighbourhoods_.end() ? nullptr : &*it;
}

std::vector<const Provider*> KnowledgeBase::Match(std::string_view barrier,
                                                  std::string_view commune,
                                                  std::size_t limit) const {
  const std::string folded = FoldCommuneName(commune);
  const std::int32_t commune_id = folded.empty() ? -1 : CommuneId(folded);
  std::vector<const Provider*> local;  // serve `commune` explicitly
  std::vector<const Provider*> wide;   // serve the whole metropolis
  for (const MatchKey& key : VerifiedFor(barrier)) {
    const std::span<const std::int32_t> communes = KeyCommunes(key);
    if (communes.empty()) {
      wide.push_back(&providers_[key.provider]);
    } else if (commune_id >= 0 &&
               std::find(communes.begin(), communes.end(), commune_id) != communes.end()) {
      local.push_back(&providers_[key.provider]);
    }
  }
  local.insert(local.end(), wide.begin(), wide.end());
  if (local.size() > limit) local.resize(limit);
  return local;
}

}  // namespace levier::kb
