#include "csv_io.h"

namespace levier::kb::internal {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxColumns = 128;

char DetectSeparator(std::string_view text) {
  std::size_t semicolons = 0;
  std::size_t commas = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    semicolons += c == ';';
    commas += c == ',';
  }
  return semicolons >= commas ? ';' : ',';
}

std::string AtLine(std::string_view file, std::size_t line) {
  return std::string(file) + ": line " + std::to_string(line) + ": ";
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::string_view file,
                                     const LoadLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    return Status::ResourceExhausted(std::string(file) + ": file is " +
                                     std::to_string(text.size()) + " bytes, limit is " +
                                     std::to_string(limits.max_file_bytes));
  }
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  const char sep = DetectSeparator(text);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  std::size_t line = 1;
  row.line = 1;
  bool quoted = false;
  bool was_quoted = false;  // the current cell started with a quote
  bool row_has_content = false;
  const std::size_t max_cell = limits.max_description;

  auto end_cell = [&]() -> Status {
    if (row.cells.size() >= kMaxColumns) {
      return Status::ResourceExhausted(AtLine(file, row.line) + "more than " +
                                       std::to_string(kMaxColumns) + " cells");
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
    return Status::Ok();
  };
  auto end_row = [&]() -> Status {
    if (Status s = end_cell(); !s.ok()) return s;
    if (row_has_content) {
      if (rows.size() > limits.max_entries) {
        return Status::ResourceExhausted(std::string(file) + ": more than " +
                                         std::to_string(limits.max_entries) + " rows");
      }
      rows.push_back(std::move(row));
    }
    row = CsvRow{};
    row.line = line;
    row_has_content = false;
    return Status::Ok();
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
    } else if (c == '"') {
      if (!cell.empty() || was_quoted) {
        return Status::InvalidArgument(AtLine(file, line) +
                                       "a quote inside a cell that does not start with one");
      }
      quoted = was_quoted = row_has_content = true;
    } else if (c == sep) {
      row_has_content = true;
      if (Status s = end_cell(); !s.ok()) return s;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      if (Status s = end_row(); !s.ok()) return s;
    } else {
      if (was_quoted) {
        return Status::InvalidArgument(AtLine(file, line) +
                                       "text after the closing quote of a cell");
      }
      cell.push_back(c);
      row_has_content = row_has_content || (c != ' ' && c != '\t');
    }
    if (cell.size() > max_cell) {
      return Status::ResourceExhausted(AtLine(file, row.line) + "a cell is longer than " +
                                       std::to_string(max_cell) + " bytes");
    }
  }
  if (quoted)
    return Status::InvalidArgument(AtLine(file, row.line) + "a quoted cell is never closed");
  if (Status s = end_row(); !s.ok()) return s;
  return rows;
}

std::string CsvLine(const std::vector<std::string>& cells, char separator) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(separator);
    const std::string& c = cells[i];
    const bool quote = c.find_first_of(std::string("\"\r\n") + separator) != std::string::npos ||
                       (!c.empty() && (c.front() == ' ' || c.back() == ' '));
    if (!quote) {
      out += c;
      continue;
    }
    out.push_back('"');
    for (const char ch : c) {
      if (ch == '"') out.push_back('"');
      out.push_back(ch);
    }
    out.push_back('"');
  }
  out += "\r\n";
  return out;
}

}  // namespace levier::kb::internal
