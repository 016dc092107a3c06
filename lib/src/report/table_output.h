// Tables as CSV (RFC 4180) and as markdown pipe tables: the shared shape of
// the `csv` and `md` formats of graph (netpol-analyzer's src,dst,conn
// layout), diff, lint and check.
#ifndef NETPOL_REPORT_TABLE_OUTPUT_H_
#define NETPOL_REPORT_TABLE_OUTPUT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "netpol/api.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN
namespace report {

using TableRow = std::vector<std::string>;

/// A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a
/// comma, a quote, CR or LF; else as is.
std::string CsvField(std::string_view text);

/// A cell of a markdown table: `|` escaped as `\|`, line breaks as `<br>`.
std::string MarkdownCell(std::string_view text);

/// Header line then one line per row, fields separated by commas, lines
/// ended by LF (as netpol-analyzer and most tools write CSV; RFC 4180
/// readers accept it).
void WriteCsvTable(const TableRow& header, const std::vector<TableRow>& rows, std::ostream& out);

/// `| a | b |`, a `|---|---|` separator, then one line per row.
void WriteMarkdownTable(const TableRow& header, const std::vector<TableRow>& rows,
                        std::ostream& out);

}  // namespace report
NETPOL_NAMESPACE_END

#endif  // NETPOL_REPORT_TABLE_OUTPUT_H_
