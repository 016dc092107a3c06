// Small independent readers of CSV (RFC 4180) and markdown pipe tables, so
// the tests check that the csv and md outputs are well-formed tables. They
// throw std::runtime_error on malformed input.
#ifndef NETPOL_TESTS_TABLE_PARSE_H_
#define NETPOL_TESTS_TABLE_PARSE_H_

#include <stdexcept>
#include <string>
#include <vector>

namespace netpol::testing {

/// Records of an RFC 4180 document (CRLF or LF line ends); every record must
/// have as many fields as the first.
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  bool at_record_start = true;
  while (i < text.size()) {
    at_record_start = false;
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        throw std::runtime_error("text after a closing quote");
      }
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
      if (text[i] == '"') throw std::runtime_error("quote inside an unquoted field");
      field += text[i++];
    }
    record.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      if (i == text.size()) record.push_back("");
      continue;
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    records.push_back(std::move(record));
    record.clear();
    at_record_start = true;
  }
  if (!at_record_start || !record.empty()) records.push_back(std::move(record));
  for (const auto& r : records) {
    if (r.size() != records.front().size()) throw std::runtime_error("records of different widths");
  }
  return records;
}

/// The header and body rows of a markdown pipe table (the separator row is
/// checked and dropped); cells trimmed, `\|` read as `|`. Every row must
/// have as many cells as the header.
inline std::vector<std::vector<std::string>> ParseMarkdownTable(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::size_t start = 0;
  std::size_t line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.size() < 2 || line.front() != '|' || line.back() != '|') {
      throw std::runtime_error("not a table row: " + line);
    }
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
        cell += '|';
        ++i;
      } else if (line[i] == '|') {
        const auto first = cell.find_first_not_of(' ');
        const auto last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
        cell.clear();
      } else {
        cell += line[i];
      }
    }
    if (line_number++ == 1) {
      for (const std::string& c : cells) {
        if (c.empty() || c.find_first_not_of("-:") != std::string::npos) {
          throw std::runtime_error("the second line is not a separator row: " + line);
        }
      }
      if (cells.size() != rows.front().size()) throw std::runtime_error("separator width");
      continue;
    }
    if (!rows.empty() && cells.size() != rows.front().size()) {
      throw std::runtime_error("row width differs from the header: " + line);
    }
    rows.push_back(std::move(cells));
  }
  if (line_number < 2) throw std::runtime_error("no separator row");
  return rows;
}

}  // namespace netpol::testing

#endif  // NETPOL_TESTS_TABLE_PARSE_H_
