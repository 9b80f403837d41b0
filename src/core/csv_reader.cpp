#include "core/csv_reader.h"

namespace qf {

CsvTable read_csv(std::string_view text) {
  CsvTable out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  int row = 1;
  while (i < text.size()) {
    // One record.
    const int record_row = row;
    record.clear();
    for (;;) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          field += text[i++];
        }
        if (!closed) {
          out.problem = CsvProblem{record_row, "引号未闭合：从这一行开始的单元格缺少结尾的双引号"};
          return out;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
          out.problem =
              CsvProblem{record_row, "双引号之后应是逗号或换行（单元格内的双引号应写成两个）"};
          return out;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
          field += text[i++];
      }
      record.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      break;  // end of line or of text
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    out.records.push_back(record);
    out.record_rows.push_back(record_row);
    ++row;
  }
  return out;
}

std::string trim_cell(std::string_view s) {
  auto is_space = [&](std::size_t i) { return s[i] == ' ' || s[i] == '\t'; };
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && is_space(0))
      s.remove_prefix(1);
    else if (s.starts_with(kIdeographicSpace))
      s.remove_prefix(kIdeographicSpace.size());
    else
      break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.size() - 1))
      s.remove_suffix(1);
    else if (s.ends_with(kIdeographicSpace))
      s.remove_suffix(kIdeographicSpace.size());
    else
      break;
  }
  return std::string(s);
}

}  // namespace qf
