#include "provider_validate.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#include "levier/kb/json_schema.h"
#include "levier/util/barriers.h"

namespace levier::kb::internal {
namespace {

constexpr std::array<std::string_view, 3> kConfidenceLevels = {"haute", "moyenne", "basse"};
constexpr int kMaxAge = 120;

bool AllDigits(std::string_view s, std::size_t n) {
  return s.size() == n &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool HasControlChar(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'));
  });
}

// A data·inclusion zone_eligibilite code: commune (5), département (2-3),
// EPCI SIREN (9 digits) or "france".
bool IsZoneCode(std::string_view code) {
  const bool word = std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
  return code == "france" || (word && (code.size() == 5 || code.size() == 2 || code.size() == 3)) ||
         AllDigits(code, 9);
}

Status CheckText(std::string_view value, std::string_view field, std::size_t max_len,
                 bool long_text, const Where& where) {
  if (value.size() > max_len) {
    return where.Exhausted(Quote(field) + " is " + std::to_string(value.size()) +
                           " bytes, limit is " + std::to_string(max_len));
  }
  if (HasControlChar(value, long_text))
    return where.Invalid(Quote(field) + " has a control character");
  return Status::Ok();
}

// Items: non-empty, distinct, short, and accepted by `valid` (which names the
// problem in `what` when it refuses).
template <typename Valid>
Status CheckList(const std::vector<std::string>& items, std::string_view field,
                 const LoadLimits& limits, const Where& where, std::string_view what, Valid valid) {
  if (items.size() > limits.max_list_items) {
    return where.Exhausted(Quote(field) + " has " + std::to_string(items.size()) +
                           " items, limit is " + std::to_string(limits.max_list_items));
  }
  std::set<std::string_view> seen;
  for (const std::string& item : items) {
    if (item.empty()) return where.Invalid(Quote(field) + " has an empty item");
    if (Status s = CheckText(item, field, limits.max_short_string, false, where); !s.ok()) return s;
    if (!seen.insert(item).second)
      return where.Invalid(Quote(field) + " lists " + Quote(item) + " twice");
    if (!valid(item)) return where.Invalid(std::string(what) + " " + Quote(item));
  }
  return Status::Ok();
}

Status CheckSummary(const Provider& p, const LoadLimits& limits, const Where& where) {
  if (p.summary.size() > limits.max_list_items)
    return where.Exhausted("\"summary\" has too many languages");
  for (const auto& [lang, text] : p.summary) {
    if (!IsLanguageTag(lang))
      return where.Invalid("\"summary\" has a bad language tag " + Quote(lang));
    const std::string field = "summary." + lang;
    if (Status s = CheckText(text, field, limits.max_short_string, false, where); !s.ok()) return s;
    if (text.empty()) return where.Invalid("empty " + Quote(field));
  }
  if (!p.summary.contains("fr"))
    return where.Invalid("missing \"summary.fr\" (French is required)");
  return Status::Ok();
}

Status CheckLists(const Provider& p, const LoadLimits& limits, const Where& where) {
  if (p.barriers.empty()) return where.Invalid("\"barriers\" must list at least one barrier code");
  if (Status s = CheckList(p.barriers, "barriers", limits, where, "unknown barrier code",
                           [](const std::string& c) { return IsBarrierCode(c); });
      !s.ok()) {
    return s;
  }
  const auto any = [](const std::string&) { return true; };
  if (Status s = CheckList(p.communes, "communes", limits, where, "", any); !s.ok()) return s;
  if (Status s = CheckList(p.neighbourhoods, "neighbourhoods", limits, where,
                           "neighbourhood ids are slugs, not",
                           [](const std::string& id) { return IsSlug(id); });
      !s.ok()) {
    return s;
  }
  if (Status s = CheckList(p.languages, "languages", limits, where, "bad language tag",
                           [](const std::string& t) { return IsLanguageTag(t); });
      !s.ok()) {
    return s;
  }
  if (Status s = CheckList(
          p.thematiques, "thematiques", limits, where, "unknown data·inclusion thématique",
          [](const std::string& t) { return InDataInclusionEnum("Thematique", t); });
      !s.ok()) {
    return s;
  }
  if (Status s = CheckList(p.publics, "publics", limits, where, "unknown data·inclusion public",
                           [](const std::string& t) { return InDataInclusionEnum("Public", t); });
      !s.ok()) {
    return s;
  }
  if (p.publics.size() > 1 &&
      std::find(p.publics.begin(), p.publics.end(), "tous-publics") != p.publics.end()) {
    return where.Invalid("\"publics\": \"tous-publics\" must be alone");
  }
  return CheckList(p.zone_eligibilite, "zone_eligibilite", limits, where,
                   "zone codes are INSEE/SIREN codes or \"france\", not",
                   [](const std::string& c) { return IsZoneCode(c); });
}

Status CheckTexts(const Provider& p, const LoadLimits& limits, const Where& where) {
  const std::pair<std::string_view, const std::string*> short_fields[] = {
      {"name", &p.name},
      {"address", &p.address},
      {"phone", &p.phone},
      {"website", &p.website},
      {"email", &p.email},
      {"hours", &p.hours},
      {"postcode", &p.postcode},
      {"address_commune", &p.address_commune},
      {"siret", &p.siret},
      {"structure_id", &p.structure_id},
      {"structure_name", &p.structure_name},
      {"external_id", &p.external_id},
      {"external_structure_id", &p.external_structure_id},
      {"external_source", &p.external_source},
      {"source_date", &p.source_date},
      {"confidence", &p.confidence},
      {"updated", &p.updated},
      {"last_verified", &p.last_verified},
      {"verified_by", &p.verified_by},
      {"retired", &p.retired}};
  for (const auto& [field, value] : short_fields) {
    if (Status s = CheckText(*value, field, limits.max_short_string, false, where); !s.ok())
      return s;
  }
  if (Status s = CheckText(p.source, "source", limits.max_long_string, true, where); !s.ok())
    return s;
  if (Status s = CheckText(p.notes, "notes", limits.max_long_string, true, where); !s.ok())
    return s;
  return CheckText(p.description, "description", limits.max_description, true, where);
}

Status CheckFormats(const Provider& p, const Where& where) {
  if (!p.phone.empty() && !IsPhone(p.phone)) {
    return where.Invalid("\"phone\" " + Quote(p.phone) +
                         " must hold only digits, spaces, '+' or '.' (explanations go in summary)");
  }
  if (!p.website.empty() && !p.website.starts_with("https://") &&
      !p.website.starts_with("http://")) {
    return where.Invalid("\"website\" must start with https:// or http://");
  }
  if (!p.email.empty() && p.email.find('@') == std::string::npos) {
    return where.Invalid("\"email\" " + Quote(p.email) + " has no '@'");
  }
  if (!p.postcode.empty() && !AllDigits(p.postcode, 5)) {
    return where.Invalid("\"postcode\" " + Quote(p.postcode) + " must be 5 digits");
  }
  if (!p.siret.empty() && !AllDigits(p.siret, 14)) {
    return where.Invalid("\"siret\" " + Quote(p.siret) + " must be 14 digits");
  }
  if (!p.structure_id.empty() && !IsSlug(p.structure_id)) {
    return where.Invalid("\"structure_id\" " + Quote(p.structure_id) +
                         " must use only a-z, 0-9 and single inner '-'");
  }
  for (const auto& [field, value] :
       {std::pair{"updated", &p.updated}, std::pair{"last_verified", &p.last_verified},
        std::pair{"retired", &p.retired}}) {
    if (!value->empty() && !IsIsoDate(*value)) {
      return where.Invalid(Quote(field) + " " + Quote(*value) + " must be a date YYYY-MM-DD");
    }
  }
  if (p.latitude.has_value() != p.longitude.has_value()) {
    return where.Invalid("\"latitude\" and \"longitude\" go together");
  }
  if (p.latitude &&
      (*p.latitude < -90 || *p.latitude > 90 || *p.longitude < -180 || *p.longitude > 180)) {
    return where.Invalid("coordinates out of range (latitude -90..90, longitude -180..180)");
  }
  const Eligibility& e = p.eligibility;
  if (e.min_age < 0 || e.min_age > kMaxAge || e.max_age < 0 || e.max_age > kMaxAge) {
    return where.Invalid("eligibility ages must be between 0 and 120 (0 = no bound)");
  }
  if (e.min_age > 0 && e.max_age > 0 && e.max_age < e.min_age) {
    return where.Invalid("eligibility \"max_age\" is below \"min_age\"");
  }
  return Status::Ok();
}

}  // namespace

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

bool IsLanguageTag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 12) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

bool IsPhone(std::string_view phone) {
  const auto digits =
      std::count_if(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits >= 3 && std::all_of(phone.begin(), phone.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '.';
         });
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!AllDigits(s.substr(0, 4), 4) || !AllDigits(s.substr(5, 2), 2) ||
      !AllDigits(s.substr(8, 2), 2)) {
    return false;
  }
  const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int m = (s[5] - '0') * 10 + (s[6] - '0');
  const int d = (s[8] - '0') * 10 + (s[9] - '0');
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

Status ValidateProvider(Provider* p, const LoadLimits& limits, const Where& where) {
  if (!IsSlug(p->id)) {
    return where.Invalid("id " + Quote(p->id) + " must use only a-z, 0-9 and single inner '-'");
  }
  if (p->name.empty()) return where.Invalid("missing \"name\"");
  if (p->source.empty()) return where.Invalid("missing \"source\"");
  if (Status s = CheckTexts(*p, limits, where); !s.ok()) return s;
  if (Status s = CheckSummary(*p, limits, where); !s.ok()) return s;
  if (Status s = CheckLists(*p, limits, where); !s.ok()) return s;
  if (Status s = CheckFormats(*p, where); !s.ok()) return s;
  Result<OpeningHours> hours = OpeningHours::Parse(p->hours);
  if (!hours.ok()) return where.Invalid("\"hours\": " + hours.status().message());
  p->opening = std::move(*hours);
  if (std::find(kConfidenceLevels.begin(), kConfidenceLevels.end(), p->confidence) ==
      kConfidenceLevels.end()) {
    return where.Invalid("\"confidence\" must be \"haute\", \"moyenne\" or \"basse\", not " +
                         Quote(p->confidence));
  }
  if (p->verified && !p->retired.empty()) {
    return where.Invalid("retired entry marked verified (a retired entry is never shown)");
  }
  if (p->verified) {
    // The rule of docs/knowledge-base.md: only shown when a resident can reach
    // them through facts we trust.
    if (p->address.empty() && p->phone.empty() && p->website.empty()) {
      return where.Invalid("verified entry without any contact (address, phone or website)");
    }
    if (p->confidence == "basse") return where.Invalid("verified entry with confidence \"basse\"");
  }
  return Status::Ok();
}

}  // namespace levier::kb::internal
