#include "json_loader.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

#include "json_reader.h"
#include "levier/util/barriers.h"

namespace levier::kb::internal {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 14> kProviderKeys = {
    "id",      "name",  "summary", "barriers",    "communes",   "address",  "phone",
    "website", "email", "source",  "source_date", "confidence", "verified", "notes"};
constexpr std::array<std::string_view, 4> kNeighbourhoodKeys = {"id", "name", "commune", "source"};
constexpr std::array<std::string_view, 3> kConfidenceLevels = {"haute", "moyenne", "basse"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Stable ASCII slug: lower-case letters, digits and single inner hyphens.
bool IsSlug(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char prev = 0;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && prev != '-');
    if (!ok) return false;
    prev = c;
  }
  return true;
}

// "fr", "en", "ar", "pt-BR"...: the keys dialog scripts use for languages.
bool IsLanguageTag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 12) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

// Digits and the usual separators only: the number is sent as is by SMS.
bool IsPhone(std::string_view phone) {
  const auto digits =
      std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits >= 3 && std::all_of(phone.begin(), phone.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '.';
         });
}

Status ReadIdAndCheckKeys(const json& entry, const auto& allowed_keys, const LoadLimits& limits,
                          Where& where, std::string* id) {
  if (!entry.is_object()) return where.Invalid("must be a JSON object");
  if (Status s = ReadString(entry, "id", true, false, limits, where, id); !s.ok()) return s;
  if (!IsSlug(*id)) {
    return where.Invalid("id " + Quote(*id) + " must use only a-z, 0-9 and single inner '-'");
  }
  where.set_id(*id);
  for (const auto& [key, value] : entry.items()) {
    if (!Contains(allowed_keys, key)) return where.Invalid("unknown field " + Quote(key));
  }
  return Status::Ok();
}

Status ReadSummary(const json& entry, const LoadLimits& limits, const Where& where, Provider* p) {
  const auto it = entry.find("summary");
  if (it == entry.end()) return where.Invalid("missing \"summary\"");
  if (!it->is_object()) return where.Invalid("\"summary\" must be an object {language: text}");
  if (it->size() > limits.max_list_items)
    return where.Exhausted("\"summary\" has too many languages");
  for (const auto& [lang, text] : it->items()) {
    if (!IsLanguageTag(lang))
      return where.Invalid("\"summary\" has a bad language tag " + Quote(lang));
    std::string s;
    const std::string field = "summary." + lang;
    if (Status st = CheckString(text, field, limits.max_short_string, false, where, &s); !st.ok()) {
      return st;
    }
    if (s.empty()) return where.Invalid("empty " + Quote(field));
    p->summary.emplace(lang, std::move(s));
  }
  if (!p->summary.contains("fr"))
    return where.Invalid("missing \"summary.fr\" (French is required)");
  return Status::Ok();
}

Status ReadContacts(const json& entry, const LoadLimits& limits, const Where& where, Provider* p) {
  for (auto [field, out] : {std::pair{"address", &p->address}, std::pair{"phone", &p->phone},
                            std::pair{"website", &p->website}, std::pair{"email", &p->email}}) {
    if (Status s = ReadString(entry, field, false, false, limits, where, out); !s.ok()) return s;
  }
  if (!p->phone.empty() && !IsPhone(p->phone)) {
    return where.Invalid("\"phone\" " + Quote(p->phone) +
                         " must hold only digits, spaces, '+' or '.' (explanations go in summary)");
  }
  if (!p->website.empty() && !p->website.starts_with("https://") &&
      !p->website.starts_with("http://")) {
    return where.Invalid("\"website\" must start with https:// or http://");
  }
  if (!p->email.empty() && p->email.find('@') == std::string::npos) {
    return where.Invalid("\"email\" " + Quote(p->email) + " has no '@'");
  }
  return Status::Ok();
}

Status ReadProvider(const json& entry, const LoadLimits& limits, Where& where, Provider* p) {
  if (Status s = ReadIdAndCheckKeys(entry, kProviderKeys, limits, where, &p->id); !s.ok()) return s;
  if (Status s = ReadString(entry, "name", true, false, limits, where, &p->name); !s.ok()) return s;
  if (Status s = ReadSummary(entry, limits, where, p); !s.ok()) return s;

  if (Status s = ReadStringList(entry, "barriers", limits, where, &p->barriers); !s.ok()) return s;
  if (p->barriers.empty()) return where.Invalid("\"barriers\" must list at least one barrier code");
  for (const std::string& code : p->barriers) {
    if (!IsBarrierCode(code)) return where.Invalid("unknown barrier code " + Quote(code));
  }
  if (Status s = ReadStringList(entry, "communes", limits, where, &p->communes); !s.ok()) return s;
  if (Status s = ReadContacts(entry, limits, where, p); !s.ok()) return s;

  if (Status s = ReadString(entry, "source", true, true, limits, where, &p->source); !s.ok())
    return s;
  if (Status s = ReadString(entry, "source_date", false, false, limits, where, &p->source_date);
      !s.ok()) {
    return s;
  }
  if (Status s = ReadString(entry, "notes", false, true, limits, where, &p->notes); !s.ok())
    return s;
  if (Status s = ReadString(entry, "confidence", true, false, limits, where, &p->confidence);
      !s.ok()) {
    return s;
  }
  if (!Contains(kConfidenceLevels, p->confidence)) {
    return where.Invalid("\"confidence\" must be \"haute\", \"moyenne\" or \"basse\", not " +
                         Quote(p->confidence));
  }

  const auto verified = entry.find("verified");
  if (verified == entry.end() || !verified->is_boolean()) {
    return where.Invalid("\"verified\" must be true or false");
  }
  p->verified = verified->get<bool>();
  if (p->verified) {
    // The rule of docs/knowledge-base.md: only shown when a resident can reach them
    // through facts we trust.
    if (p->address.empty() && p->phone.empty() && p->website.empty()) {
      return where.Invalid("verified entry without any contact (address, phone or website)");
    }
    if (p->confidence == "basse") return where.Invalid("verified entry with confidence \"basse\"");
  }
  return Status::Ok();
}

Status ReadNeighbourhood(const json& entry, const LoadLimits& limits, Where& where,
                         Neighbourhood* n) {
  if (Status s = ReadIdAndCheckKeys(entry, kNeighbourhoodKeys, limits, where, &n->id); !s.ok()) {
    return s;
  }
  if (Status s = ReadString(entry, "name", true, false, limits, where, &n->name); !s.ok()) return s;
  if (Status s = ReadString(entry, "commune", true, false, limits, where, &n->commune); !s.ok()) {
    return s;
  }
  return ReadString(entry, "source", true, true, limits, where, &n->source);
}

// Shared by both files: parse the document, read each entry with `read`,
// reject duplicate ids.
template <typename T, typename ReadFn>
Result<std::vector<T>> ParseList(std::string_view text, std::string_view file,
                                 std::string_view list_key, const LoadLimits& limits, ReadFn read) {
  Result<json> entries = ParseDocument(text, file, list_key, limits);
  if (!entries.ok()) return entries.status();
  std::vector<T> out;
  out.reserve(entries->size());
  std::unordered_map<std::string, std::size_t> first_index;  // id -> entry index
  for (std::size_t i = 0; i < entries->size(); ++i) {
    Where where(file, i);
    T item;
    if (Status s = read((*entries)[i], limits, where, &item); !s.ok()) return s;
    if (auto [it, inserted] = first_index.emplace(item.id, i); !inserted) {
      return where.Invalid("duplicate id, already used by entry " + std::to_string(it->second));
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<std::vector<Provider>> ParseProviders(std::string_view text, std::string_view file,
                                             const LoadLimits& limits) {
  return ParseList<Provider>(text, file, "providers", limits, ReadProvider);
}

Result<std::vector<Neighbourhood>> ParseNeighbourhoods(std::string_view text, std::string_view file,
                                                       const LoadLimits& limits) {
  return ParseList<Neighbourhood>(text, file, "neighbourhoods", limits, ReadNeighbourhood);
}

}  // namespace levier::kb::internal
