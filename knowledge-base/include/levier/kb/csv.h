// The providers as a CSV file that coordinators edit in a spreadsheet:
// UTF-8, one row per provider, French headers (docs/knowledge-base.md lists
// every column). Lists inside a cell are separated by commas ("logement,
// sante"); yes/no cells read "oui" or "non".
//
// Import is all or nothing: the first bad row fails the whole file with an
// error naming the file and the line ("providers.csv: line 7 (id "x"): ..."),
// and nothing is returned, so nothing is half-imported.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb {

// The header row, in order.
const std::vector<std::string>& CsvHeaders();

// Parses a CSV (separator ';' or ',', detected from the header line; quotes
// per RFC 4180; optional UTF-8 byte order mark; CRLF or LF). Unknown or
// duplicate headers are errors; absent optional columns stay empty. Each row
// is validated like a providers.json entry; when `neighbourhoods` is given,
// "quartiers" must name their ids. `file` names the file in errors.
Result<std::vector<Provider>> ImportProvidersCsv(std::string_view text, std::string_view file,
                                                 const std::vector<Neighbourhood>* neighbourhoods,
                                                 const LoadLimits& limits = {});

// Every provider (verified or not), separator ';' (what French spreadsheets
// expect), with a UTF-8 byte order mark so they detect the encoding.
std::string ExportProvidersCsv(const std::vector<Provider>& providers);

}  // namespace levier::kb
