// Private: RFC 4180 CSV reading and writing, with limits. Knows nothing of
// providers (csv_format.cc maps columns to fields).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "levier/kb/knowledge_base.h"
#include "levier/util/status.h"

namespace levier::kb::internal {

struct CsvRow {
  std::size_t line = 0;  // 1-based physical line where the row starts
  std::vector<std::string> cells;
};

// Splits `text` into rows: separator ';' or ',' chosen from the first line
// (whichever occurs outside quotes more often), "" escapes a quote inside a
// quoted cell, quoted cells may span lines, CRLF or LF, a leading UTF-8 BOM
// is skipped, blank lines are ignored. Errors name `file` and the line.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::string_view file,
                                     const LoadLimits& limits);

// One line (ending with "\r\n"), quoting cells that need it.
std::string CsvLine(const std::vector<std::string>& cells, char separator);

}  // namespace levier::kb::internal
