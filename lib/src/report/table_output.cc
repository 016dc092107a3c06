#include "report/table_output.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {
namespace {

void WriteCsvLine(const TableRow& row, std::ostream& out) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out << ',';
    out << CsvField(row[i]);
  }
  out << '\n';
}

void WriteMarkdownLine(const TableRow& row, std::ostream& out) {
  out << '|';
  for (const std::string& cell : row) out << ' ' << MarkdownCell(cell) << " |";
  out << '\n';
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string MarkdownCell(std::string_view text) {
  std::string cell;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '|') {
      cell += "\\|";
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      cell += "<br>";
    } else if (c == '\n') {
      cell += "<br>";
    } else {
      cell += c;
    }
  }
  return cell;
}

void WriteCsvTable(const TableRow& header, const std::vector<TableRow>& rows, std::ostream& out) {
  WriteCsvLine(header, out);
  for (const TableRow& row : rows) WriteCsvLine(row, out);
}

void WriteMarkdownTable(const TableRow& header, const std::vector<TableRow>& rows,
                        std::ostream& out) {
  WriteMarkdownLine(header, out);
  out << '|';
  for (const std::string& cell : header) out << std::string(cell.size() + 2, '-') << '|';
  out << '\n';
  for (const TableRow& row : rows) WriteMarkdownLine(row, out);
}

}  // namespace report
NETPOL_NAMESPACE_END
