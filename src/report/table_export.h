// Table: a titled grid of typed cells, rendered as CSV or as an Excel
// workbook. The report layer builds Tables from the services' lists; this
// file knows nothing about cases or tips.
//
// CSV follows RFC 4180 (CRLF, fields quoted when they hold a comma, quote,
// CR or LF) and starts with a UTF-8 byte order mark: without it Excel on a
// Chinese Windows reads the file as GBK and shows mojibake. Text cells that
// a spreadsheet would evaluate (= + - @, tab, CR first) get a leading
// apostrophe, so an exported tip saying "=HYPERLINK(...)" stays text
// (OWASP "CSV injection").
//
// XLSX (libxlsxwriter): the title merged across the first row, a bold
// bordered header that stays frozen, column widths, number and date formats
// and an autofilter. Strings are stored as strings, never as formulas.
// Times are shown in China Standard Time (UTC+8), like the case numbers'
// years.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace qf::report {

enum class ColumnKind {
  kText,
  kNumber,    // a double; number_format decides the decimals
  kDate,      // a Timestamp shown as yyyy-mm-dd
  kDateTime,  // a Timestamp shown as yyyy-mm-dd hh:mm
};

struct Column {
  Column(std::string header, double width = 14, ColumnKind kind = ColumnKind::kText,
         std::string number_format = {})
      : header(std::move(header)),
        width(width),
        kind(kind),
        number_format(std::move(number_format)) {}

  std::string header;
  double width;  // Excel character units
  ColumnKind kind;
  std::string number_format;  // Excel format for kNumber; default "0.##"
};

// Epoch milliseconds (UTC); 0 is "unknown" and renders empty.
struct Timestamp {
  std::int64_t epoch_ms = 0;
};

// Empty, text, number or time. A cell whose type does not fit its column
// is rendered by its own type (a text note in a number column stays text).
using Cell = std::variant<std::monostate, std::string, double, Timestamp>;

struct Table {
  std::string title;       // first row of the workbook
  std::string sheet_name;  // the worksheet's tab; empty: the title
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

// The CSV rendering: BOM, header row, data rows (no title row: CSV readers
// take the first row as the header).
std::string to_csv(const Table& table);

// Writes the workbook to a new file (mode 0600) in `dir` and returns its
// path; the caller owns the file and removes it. Nothing is left behind on
// failure.
Result<std::filesystem::path> write_xlsx(const Table& table, const std::filesystem::path& dir);

// write_xlsx into the system temp directory, read back, file removed: for
// responses, so no export — masked or not — lingers on disk.
Result<std::string> to_xlsx_bytes(const Table& table);

// "2026-11-29" / "2026-11-29 08:30" in China Standard Time; "" for 0.
std::string format_local_date(std::int64_t epoch_ms);
std::string format_local_datetime(std::int64_t epoch_ms);

// Exposed for tests: the text a CSV cell carries after formula
// neutralisation (before quoting).
std::string neutralise_formula(std::string text);

}  // namespace qf::report
