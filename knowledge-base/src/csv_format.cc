// Columns of the coordinators' CSV (csv.h) and their conversion to Provider
// fields. The header names are part of the documented file format
// (docs/knowledge-base.md), not text shown to residents.
#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "csv_io.h"
#include "json_reader.h"
#include "levier/kb/csv.h"
#include "provider_validate.h"

namespace levier::kb {
namespace {

using internal::Quote;
using internal::Where;

using Getter = std::function<std::string(const Provider&)>;
// Sets the field from the cell; returns "" or what is wrong with the cell.
using Setter = std::function<std::string(Provider&, const std::string&)>;

struct Column {
  std::string header;
  bool required;
  Getter get;
  Setter set;
};

constexpr std::string_view kSummaryPrefix = "resume_";

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> SplitList(const std::string& cell) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= cell.size()) {
    const std::size_t comma = cell.find(',', start);
    const std::string item = Trim(std::string_view(cell).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Column Text(std::string header, std::string Provider::*field, bool required = false) {
  return {std::move(header), required, [field](const Provider& p) { return p.*field; },
          [field](Provider& p, const std::string& v) {
            p.*field = v;
            return std::string();
          }};
}

Column List(std::string header, std::vector<std::string> Provider::*field, bool required = false) {
  return {std::move(header), required, [field](const Provider& p) { return JoinList(p.*field); },
          [field](Provider& p, const std::string& v) {
            p.*field = SplitList(v);
            return std::string();
          }};
}

Column YesNo(std::string header, std::function<bool&(Provider&)> field, bool required = false) {
  return {std::move(header), required,
          [field](const Provider& p) { return field(const_cast<Provider&>(p)) ? "oui" : "non"; },
          [field](Provider& p, const std::string& v) {
            const std::string t = Trim(v);
            if (t == "oui" || t == "Oui" || t == "OUI") {
              field(p) = true;
            } else if (t == "non" || t == "Non" || t == "NON" || t.empty()) {
              field(p) = false;
            } else {
              return std::string("must be \"oui\" or \"non\", not ") + Quote(t);
            }
            return std::string();
          }};
}

Column Age(std::string header, int Eligibility::*field) {
  return {std::move(header), false,
          [field](const Provider& p) {
            const int v = p.eligibility.*field;
            return v > 0 ? std::to_string(v) : std::string();
          },
          [field](Provider& p, const std::string& v) {
            const std::string t = Trim(v);
            if (t.empty()) {
              p.eligibility.*field = 0;
              return std::string();
            }
            int n = 0;
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
            if (ec != std::errc() || end != t.data() + t.size()) {
              return "must be a whole number of years, not " + Quote(t);
            }
            p.eligibility.*field = n;
            return std::string();
          }};
}

Column Coordinate(std::string header, std::optional<double> Provider::*field) {
  return {std::move(header), false,
          [field](const Provider& p) {
            if (!(p.*field)) return std::string();
            char buf[32];
            const auto [end, ec] =
                std::to_chars(buf, buf + sizeof buf, *(p.*field));  // shortest exact
            return ec == std::errc() ? std::string(buf, end) : std::string();
          },
          [field](Provider& p, const std::string& v) {
            std::string t = Trim(v);
            if (t.empty()) {
              (p.*field).reset();
              return std::string();
            }
            std::replace(t.begin(), t.end(), ',', '.');  // French decimal comma
            double d = 0;
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
            if (ec != std::errc() || end != t.data() + t.size())
              return "must be a number, not " + Quote(v);
            p.*field = d;
            return std::string();
          }};
}

const std::vector<Column>& Columns() {
  static const std::vector<Column> kColumns = {
      Text("identifiant", &Provider::id, true),
      Text("nom", &Provider::name, true),
      List("freins", &Provider::barriers, true),
      List("communes", &Provider::communes),
      List("quartiers", &Provider::neighbourhoods),
      List("langues", &Provider::languages),
      Age("age_min", &Eligibility::min_age),
      Age("age_max", &Eligibility::max_age),
      YesNo("handicap_reconnu_requis",
            [](Provider& p) -> bool& { return p.eligibility.disability_required; }),
      YesNo("reserve_habitants_quartiers",
            [](Provider& p) -> bool& { return p.eligibility.priority_neighbourhood_only; }),
      YesNo("enfants_en_bas_age_requis",
            [](Provider& p) -> bool& { return p.eligibility.young_children_required; }),
      Text("adresse", &Provider::address),
      Text("code_postal", &Provider::postcode),
      Text("commune_adresse", &Provider::address_commune),
      Coordinate("latitude", &Provider::latitude),
      Coordinate("longitude", &Provider::longitude),
      Text("telephone", &Provider::phone),
      Text("site_web", &Provider::website),
      Text("courriel", &Provider::email),
      Text("horaires", &Provider::hours),
      List("thematiques", &Provider::thematiques),
      List("publics", &Provider::publics),
      List("zone_eligibilite", &Provider::zone_eligibilite),
      Text("description", &Provider::description),
      Text("siret", &Provider::siret),
      Text("structure_id", &Provider::structure_id),
      Text("structure_nom", &Provider::structure_name),
      Text("id_externe", &Provider::external_id),
      Text("id_structure_externe", &Provider::external_structure_id),
      Text("source_externe", &Provider::external_source),
      Text("source", &Provider::source, true),
      Text("date_source", &Provider::source_date),
      Text("confiance", &Provider::confidence, true),
      YesNo(
          "verifiee", [](Provider& p) -> bool& { return p.verified; }, true),
      Text("mise_a_jour", &Provider::updated),
      Text("derniere_verification", &Provider::last_verified),
      Text("verifiee_par", &Provider::verified_by),
      Text("retiree_le", &Provider::retired),
      Text("notes", &Provider::notes),
  };
  return kColumns;
}

// Where each header of the file goes: a fixed column, or a summary language.
struct Binding {
  const Column* column = nullptr;
  std::string summary_lang;
};

Result<std::vector<Binding>> BindHeaders(const internal::CsvRow& header, std::string_view file) {
  std::vector<Binding> bindings;
  std::set<std::string> seen;
  const std::string where =
      std::string(file) + ": line " + std::to_string(header.line) + " (headers): ";
  for (const std::string& raw : header.cells) {
    const std::string name = Trim(raw);
    if (!seen.insert(name).second)
      return Status::InvalidArgument(where + "column " + Quote(name) + " appears twice");
    Binding b;
    const auto& cols = Columns();
    const auto it =
        std::find_if(cols.begin(), cols.end(), [&](const Column& c) { return c.header == name; });
    if (it != cols.end()) {
      b.column = &*it;
    } else if (name.starts_with(kSummaryPrefix) &&
               internal::IsLanguageTag(name.substr(kSummaryPrefix.size()))) {
      b.summary_lang = name.substr(kSummaryPrefix.size());
    } else {
      return Status::InvalidArgument(where + "unknown column " + Quote(name) +
                                     " (see docs/knowledge-base.md for the column names)");
    }
    bindings.push_back(std::move(b));
  }
  for (const Column& c : Columns()) {
    if (c.required && !seen.contains(c.header)) {
      return Status::InvalidArgument(where + "missing column " + Quote(c.header));
    }
  }
  if (!seen.contains("resume_fr"))
    return Status::InvalidArgument(where + "missing column \"resume_fr\"");
  return bindings;
}

}  // namespace

const std::vector<std::string>& CsvHeaders() {
  static const std::vector<std::string> kHeaders = [] {
    std::vector<std::string> h;
    for (const Column& c : Columns()) {
      h.push_back(c.header);
      if (c.header == "nom") {
        h.emplace_back("resume_fr");
        h.emplace_back("resume_en");
      }
    }
    return h;
  }();
  return kHeaders;
}

Result<std::vector<Provider>> ImportProvidersCsv(std::string_view text, std::string_view file,
                                                 const std::vector<Neighbourhood>* neighbourhoods,
                                                 const LoadLimits& limits) {
  Result<std::vector<internal::CsvRow>> rows = internal::ParseCsv(text, file, limits);
  if (!rows.ok()) return rows.status();
  if (rows->empty())
    return Status::InvalidArgument(std::string(file) + ": empty file (no header line)");
  Result<std::vector<Binding>> bindings = BindHeaders(rows->front(), file);
  if (!bindings.ok()) return bindings.status();
  std::vector<Provider> providers;
  std::unordered_map<std::string, std::size_t> line_of_id;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const internal::CsvRow& row = (*rows)[r];
    Where where(file, row.line, "line");
    if (row.cells.size() != bindings->size()) {
      return where.Invalid(std::to_string(row.cells.size()) + " cells, the header has " +
                           std::to_string(bindings->size()) + " (a separator or a quote missing?)");
    }
    Provider p;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      const Binding& b = (*bindings)[c];
      if (b.column == nullptr) {
        if (const std::string v = Trim(row.cells[c]); !v.empty()) p.summary[b.summary_lang] = v;
        continue;
      }
      if (b.column->header == "identifiant") where.set_id(Trim(row.cells[c]));
      const std::string cell = b.column->header == "notes" || b.column->header == "description"
                                   ? row.cells[c]
                                   : Trim(row.cells[c]);
      if (std::string error = b.column->set(p, cell); !error.empty()) {
        return where.Invalid("column " + Quote(b.column->header) + " " + error);
      }
    }
    if (Status s = internal::ValidateProvider(&p, limits, where); !s.ok()) return s;
    if (auto [it, inserted] = line_of_id.emplace(p.id, row.line); !inserted) {
      return where.Invalid("duplicate id, already used on line " + std::to_string(it->second));
    }
    if (neighbourhoods != nullptr) {
      for (const std::string& n : p.neighbourhoods) {
        if (std::none_of(neighbourhoods->begin(), neighbourhoods->end(),
                         [&](const Neighbourhood& x) { return x.id == n; })) {
          return where.Invalid("column \"quartiers\": unknown neighbourhood " + Quote(n));
        }
      }
    }
    providers.push_back(std::move(p));
  }
  return providers;
}

std::string ExportProvidersCsv(const std::vector<Provider>& providers) {
  std::set<std::string> extra_langs;
  for (const Provider& p : providers) {
    for (const auto& [lang, text] : p.summary) {
      if (lang != "fr" && lang != "en") extra_langs.insert(lang);
    }
  }
  std::vector<std::string> headers = CsvHeaders();
  for (const std::string& lang : extra_langs) headers.push_back(std::string(kSummaryPrefix) + lang);
  std::string out = "\xEF\xBB\xBF" + internal::CsvLine(headers, ';');
  for (const Provider& p : providers) {
    std::vector<std::string> cells;
    for (const Column& c : Columns()) {
      cells.push_back(c.get(p));
      if (c.header == "nom") {
        cells.push_back(p.summary.contains("fr") ? p.summary.at("fr") : "");
        cells.push_back(p.summary.contains("en") ? p.summary.at("en") : "");
      }
    }
    for (const std::string& lang : extra_langs) {
      cells.push_back(p.summary.contains(lang) ? p.summary.at(lang) : "");
    }
    out += internal::CsvLine(cells, ';');
  }
  return out;
}

}  // namespace levier::kb
