// CSV records (RFC 4180) of a UTF-8 text: the one reader behind every CSV
// import (cases, species lists, base values), so that quoting, BOM and line
// ends are handled the same everywhere.
//
// A UTF-8 BOM is dropped; CRLF, LF and CR end lines; quoted fields may span
// lines and contain "" for a quote. Broken quoting stops the parse with a
// problem naming the spreadsheet row where the record starts.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qf {

struct CsvProblem {
  int row = 0;          // 1-based spreadsheet row
  std::string message;  // Chinese
};

struct CsvTable {
  std::vector<std::vector<std::string>> records;
  std::vector<int> record_rows;  // spreadsheet row of each record (1-based)
  std::optional<CsvProblem> problem;
};

CsvTable read_csv(std::string_view text);

// A cell without the spaces spreadsheets pad it with: ASCII spaces, tabs and
// full-width spaces (U+3000) at either end.
std::string trim_cell(std::string_view s);

// The header row of an import whose columns are described by `columns`
// (each with `name` — matched ASCII case-insensitively — `label`, an
// accepted Chinese header, and `required`): every header cell must name a
// known column, none twice, and every required column must be present.
// Returns column name → position; each violation is appended to `problems`
// as {row 1, column, message} (Problem is the importer's own row-problem
// type with those three fields).
template <class Column, class Problem>
std::map<std::string, std::size_t> map_csv_header(const std::vector<std::string>& header,
                                                  const std::vector<Column>& columns,
                                                  std::vector<Problem>& problems) {
  std::map<std::string, std::size_t> index;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string name = trim_cell(header[c]);
    if (name.empty()) continue;  // a trailing comma
    std::string key = name;
    for (auto& ch : key)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    const Column* col = nullptr;
    for (const auto& k : columns)
      if (k.name == key || k.label == name) col = &k;
    if (!col) {
      std::string known;
      for (const auto& k : columns) known += (known.empty() ? "" : ", ") + std::string(k.name);
      problems.push_back({1, name, "未知的列「" + name + "」；可用的列：" + known});
    } else if (!index.emplace(std::string(col->name), c).second) {
      problems.push_back({1, std::string(col->name), "列「" + name + "」重复出现"});
    }
  }
  for (const auto& col : columns)
    if (col.required && !index.count(std::string(col.name)))
      problems.push_back(
          {1, std::string(col.name),
           "缺少必填列 " + std::string(col.name) + "（" + std::string(col.label) + "）"});
  return index;
}

}  // namespace qf
