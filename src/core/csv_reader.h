// CSV records (RFC 4180) of a UTF-8 text: the one reader behind every CSV
// import (cases, species lists, base values), so that quoting, BOM and line
// ends are handled the same everywhere.
//
// A UTF-8 BOM is dropped; CRLF, LF and CR end lines; quoted fields may span
// lines and contain "" for a quote. Broken quoting stops the parse with a
// problem naming the spreadsheet row where the record starts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qf {

struct CsvProblem {
  int row = 0;  // 1-based spreadsheet row
  std::string message;  // Chinese
};

struct CsvTable {
  std::vector<std::vector<std::string>> records;
  std::vector<int> record_rows;  // spreadsheet row of each record (1-based)
  std::optional<CsvProblem> problem;
};

CsvTable read_csv(std::string_view text);

}  // namespace qf
