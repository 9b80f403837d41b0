#include "report/table_export.h"

#include "report/xlsx_workbook.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <utility>

#include "core/check.h"
#include "core/clock.h"

namespace qf::report {
namespace {

// Excel keeps at most 32767 characters in a cell and 31 in a sheet name.
constexpr std::size_t kMaxCellChars = 32767;
constexpr std::size_t kMaxSheetNameChars = 31;

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// Replaces every ill-formed UTF-8 sequence with U+FFFD: stored data is
// valid, but a broken byte would make the workbook's XML unreadable and the
// whole file with it.
std::string valid_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const auto lead = static_cast<unsigned char>(in[i]);
    std::size_t n = utf8_length(lead);
    bool ok = n > 0 && i + n <= in.size();
    std::uint32_t cp = n == 1 ? lead : n == 2 ? lead & 0x1F : n == 3 ? lead & 0x0F : lead & 0x07;
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    // No overlong forms, surrogates or code points past U+10FFFF.
    ok = ok && !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
         !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
    if (ok) {
      out.append(in.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      i += 1;
    }
  }
  return out;
}

// The first max_chars characters of valid UTF-8 text.
std::string truncate_chars(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    i += std::max<std::size_t>(1, utf8_length(static_cast<unsigned char>(s[i])));
    ++chars;
  }
  return s.substr(0, std::min(i, s.size()));
}

std::string format_local(std::int64_t epoch_ms, const char* pattern) {
  if (epoch_ms == 0) return {};
  std::time_t secs = static_cast<std::time_t>((epoch_ms + kChinaOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

// Shortest text that reads back as the same double: 2 → "2", 0.1 → "0.1".
std::string format_number(double v) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// Excel's serial date (days since 1899-12-30) of an instant, in China
// Standard Time: the sheet shows the wall-clock time of the district.
double excel_serial(std::int64_t epoch_ms) {
  return static_cast<double>(epoch_ms + kChinaOffsetMs) / 86400000.0 + 25569.0;
}

std::string csv_field(std::string text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_cell(const Cell& cell, const Column& column) {
  if (const auto* text = std::get_if<std::string>(&cell))
    return csv_field(neutralise_formula(valid_utf8(*text)));
  if (const auto* number = std::get_if<double>(&cell)) return format_number(*number);
  if (const auto* time = std::get_if<Timestamp>(&cell))
    return column.kind == ColumnKind::kDate ? format_local_date(time->epoch_ms)
                                            : format_local_datetime(time->epoch_ms);
  return {};
}

// Sheet names may not hold []:*?/\ nor start or end with an apostrophe.
std::string sheet_name(const std::string& title) {
  std::string name;
  for (char c : valid_utf8(title))
    if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) name += c;
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  name = truncate_chars(name, kMaxSheetNameChars);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name.empty() ? "Sheet1" : name;
}

// Removes the output file unless the export succeeded. Declared before the
// XlsxWorkbook so the workbook is closed (and its file written) first.
class FileRemover {
 public:
  explicit FileRemover(std::filesystem::path p) : path_(std::move(p)) {}
  FileRemover(const FileRemover&) = delete;
  FileRemover& operator=(const FileRemover&) = delete;
  ~FileRemover() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  std::filesystem::path release() { return std::exchange(path_, {}); }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string neutralise_formula(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    text.insert(0, 1, '\'');
  return text;
}

std::string format_local_date(std::int64_t epoch_ms) { return format_local(epoch_ms, "%Y-%m-%d"); }

std::string format_local_datetime(std::int64_t epoch_ms) {
  return format_local(epoch_ms, "%Y-%m-%d %H:%M");
}

std::string to_csv(const Table& table) {
  QF_CHECK(!table.columns.empty());
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    out += csv_field(neutralise_formula(valid_utf8(table.columns[c].header)));
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    QF_CHECK(row.size() == table.columns.size());
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      out += csv_cell(row[c], table.columns[c]);
    }
    out += "\r\n";
  }
  return out;
}

Result<std::filesystem::path> write_xlsx(const Table& table, const std::filesystem::path& dir) {
  QF_CHECK(!table.columns.empty());
  const auto ncols = static_cast<lxw_col_t>(table.columns.size());
  if (table.rows.size() + 2 > LXW_ROW_MAX)
    return fail(ErrorCode::kInvalidInput, "导出行数超过 Excel 的上限");

  // A fresh, private name: mkstemps creates the file 0600, libxlsxwriter
  // then rewrites it in place.
  std::string path = (dir / "qingfeng-export-XXXXXX.xlsx").string();
  int fd = mkstemps(path.data(), 5);
  if (fd < 0) return fail(ErrorCode::kInternal, "无法创建导出临时文件: " + path);
  ::close(fd);
  FileRemover remover(path);

  // constant_memory streams each finished row to a temp file in `dir`, so a
  // 50,000-row export does not hold every cell in memory. It needs rows in
  // order, which is how they are written below.
  std::string tmpdir = dir.string();
  lxw_workbook_options options{};
  options.constant_memory = 1;
  options.tmpdir = tmpdir.data();
  XlsxWorkbook wb(workbook_new_opt(path.c_str(), &options));
  if (!wb.get()) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法创建工作簿");

  // libxlsxwriter takes the properties as char* (it copies them).
  std::string title = valid_utf8(table.title), company = "清风行动";
  lxw_doc_properties properties{};
  properties.title = title.data();
  properties.company = company.data();
  if (auto e = workbook_set_properties(wb.get(), &properties); e != LXW_NO_ERROR)
    return tl::unexpected(xlsx_error(e, "文档属性"));

  const std::string name = sheet_name(table.sheet_name.empty() ? table.title : table.sheet_name);
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
  if (!ws) ws = workbook_add_worksheet(wb.get(), nullptr);
  if (!ws) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法添加工作表");

  lxw_format* title_format = workbook_add_format(wb.get());
  format_set_bold(title_format);
  format_set_font_size(title_format, 14);
  format_set_align(title_format, LXW_ALIGN_CENTER);
  format_set_align(title_format, LXW_ALIGN_VERTICAL_CENTER);

  lxw_format* header_format = workbook_add_format(wb.get());
  format_set_bold(header_format);
  format_set_border(header_format, LXW_BORDER_THIN);
  format_set_bg_color(header_format, 0xD9E1F2);
  format_set_align(header_format, LXW_ALIGN_CENTER);
  format_set_align(header_format, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(header_format);

  lxw_format* date_format = workbook_add_format(wb.get());
  format_set_num_format(date_format, "yyyy-mm-dd");
  lxw_format* datetime_format = workbook_add_format(wb.get());
  format_set_num_format(datetime_format, "yyyy-mm-dd hh:mm");
  std::map<std::string, lxw_format*> number_formats;
  auto number_format = [&](const Column& c) {
    const std::string code = c.number_format.empty() ? "0.##" : c.number_format;
    auto& f = number_formats[code];
    if (!f) {
      f = workbook_add_format(wb.get());
      format_set_num_format(f, code.c_str());
    }
    return f;
  };

  auto check = [](lxw_error e, const char* step) -> Status {
    if (e != LXW_NO_ERROR) return tl::unexpected(xlsx_error(e, step));
    return {};
  };

  for (lxw_col_t c = 0; c < ncols; ++c)
    if (auto ok = check(worksheet_set_column(ws, c, c, table.columns[c].width, nullptr), "列宽");
        !ok)
      return tl::unexpected(ok.error());

  // Row 0: the title across every column; row 1: the header.
  if (auto ok = check(worksheet_set_row(ws, 0, 24, nullptr), "标题"); !ok)
    return tl::unexpected(ok.error());
  const std::string shown_title = truncate_chars(title, kMaxCellChars);
  lxw_error e =
      ncols > 1 ? worksheet_merge_range(ws, 0, 0, 0, ncols - 1, shown_title.c_str(), title_format)
                : worksheet_write_string(ws, 0, 0, shown_title.c_str(), title_format);
  if (auto ok = check(e, "标题"); !ok) return tl::unexpected(ok.error());
  for (lxw_col_t c = 0; c < ncols; ++c) {
    const std::string header = truncate_chars(valid_utf8(table.columns[c].header), kMaxCellChars);
    if (auto ok = check(worksheet_write_string(ws, 1, c, header.c_str(), header_format), "表头");
        !ok)
      return tl::unexpected(ok.error());
  }

  // The title and the header stay in view; the filter covers header and data.
  worksheet_freeze_panes(ws, 2, 0);
  const auto last_row = static_cast<lxw_row_t>(table.rows.size() + 1);
  if (auto ok = check(worksheet_autofilter(ws, 1, 0, last_row, ncols - 1), "筛选"); !ok)
    return tl::unexpected(ok.error());

  lxw_row_t r = 2;
  for (const auto& row : table.rows) {
    QF_CHECK(row.size() == table.columns.size());
    for (lxw_col_t c = 0; c < ncols; ++c) {
      const Cell& cell = row[c];
      const Column& column = table.columns[c];
      e = LXW_NO_ERROR;
      if (const auto* text = std::get_if<std::string>(&cell)) {
        if (!text->empty()) {
          const std::string shown = truncate_chars(valid_utf8(*text), kMaxCellChars);
          e = worksheet_write_string(ws, r, c, shown.c_str(), nullptr);
        }
      } else if (const auto* number = std::get_if<double>(&cell)) {
        if (std::isfinite(*number))
          e = worksheet_write_number(ws, r, c, *number, number_format(column));
      } else if (const auto* time = std::get_if<Timestamp>(&cell)) {
        if (time->epoch_ms != 0)
          e = worksheet_write_number(
              ws, r, c, excel_serial(time->epoch_ms),
              column.kind == ColumnKind::kDate ? date_format : datetime_format);
      }
      if (auto ok = check(e, "数据"); !ok) return tl::unexpected(ok.error());
    }
    ++r;
  }

  if (auto ok = wb.save(); !ok) return tl::unexpected(ok.error());
  return remover.release();
}

Result<std::string> to_xlsx_bytes(const Table& table) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return fail(ErrorCode::kInternal, "找不到临时目录: " + ec.message());
  auto path = write_xlsx(table, dir);
  if (!path) return tl::unexpected(path.error());
  FileRemover remover(*path);
  std::ifstream in(*path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return fail(ErrorCode::kInternal, "无法读取导出临时文件");
  return bytes;
}

}  // namespace qf::report
