#include "levier/kb/knowledge_base.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "json_loader.h"
#include "levier/kb/commune.h"

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

bool Serves(const Provider& p, std::string_view folded_commune) {
  return std::any_of(p.communes.begin(), p.communes.end(),
                     [&](const std::string& c) { return FoldCommuneName(c) == folded_commune; });
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
  const std::string base = origin.empty() ? std::string() : std::string(origin) + "/";
  auto providers =
      internal::ParseProviders(providers_json, base + std::string(kProvidersFile), limits);
  if (!providers.ok()) return providers.status();
  auto neighbourhoods = internal::ParseNeighbourhoods(
      neighbourhoods_json, base + std::string(kNeighbourhoodsFile), limits);
  if (!neighbourhoods.ok()) return neighbourhoods.status();
  KnowledgeBase kb;
  kb.providers_ = std::move(*providers);
  kb.neighbourhoods_ = std::move(*neighbourhoods);
  return kb;
}

const Provider* KnowledgeBase::FindProvider(std::string_view id) const {
  const auto it = std::find_if(providers_.begin(), providers_.end(),
                               [&](const Provider& p) { return p.id == id; });
  return it == providers_.end() ? nullptr : &*it;
}

std::vector<const Provider*> KnowledgeBase::Match(std::string_view barrier,
                                                  std::string_view commune,
                                                  std::size_t limit) const {
  const std::string folded = FoldCommuneName(commune);
  std::vector<const Provider*> local;  // serve `commune` explicitly
  std::vector<const Provider*> wide;   // serve the whole metropolis
  for (const Provider& p : providers_) {
    if (!p.verified) continue;
    if (std::find(p.barriers.begin(), p.barriers.end(), barrier) == p.barriers.end()) continue;
    if (p.communes.empty()) {
      wide.push_back(&p);
    } else if (!folded.empty() && Serves(p, folded)) {
      local.push_back(&p);
    }
  }
  local.insert(local.end(), wide.begin(), wide.end());
  if (local.size() > limit) local.resize(limit);
  return local;
}

}  // namespace levier::kb
