#include "report/place_import_template.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "report/xlsx_workbook.h"
#include "service/place_service.h"

namespace qf::report {
namespace {

// The example row, by column name; dates are written as Excel dates.
const std::map<std::string_view, std::string_view>& example() {
  static const std::map<std::string_view, std::string_view> row = {
      {"place_type", "养殖场(户)"},
      {"name", "示例梅花鹿养殖场"},
      {"address", "中卫市沙坡头区宣和镇"},
      {"township", "宣和镇"},
      {"operator", "张三"},
      {"contact_phone", "13900000000"},
      {"licence_no", "宁林繁字〔2025〕001号"},
      {"licence_issuer", "中卫市林业和草原局"},
      {"licensed_species", "梅花鹿:20"},
  };
  return row;
}

Status write_template(const std::filesystem::path& file) {
  auto book = create_report_workbook(file, "场所名录导入模板");
  if (!book) return tl::unexpected(book.error());
  lxw_workbook* wb = book->workbook.get();
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  format_set_border(date, LXW_BORDER_THIN);
  lxw_format* number = workbook_add_format(wb);
  format_set_num_format(number, "0.00####");
  format_set_border(number, LXW_BORDER_THIN);

  lxw_worksheet* sheet = workbook_add_worksheet(wb, "场所名录");
  lxw_worksheet* help = workbook_add_worksheet(wb, "列说明");
  if (!sheet || !help) return fail(ErrorCode::kInternal, "无法创建 Excel 工作表");
  const auto& columns = service::place_import_columns();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto& col = columns[c];
    const auto at = static_cast<lxw_col_t>(c);
    const std::string label(col.label);
    if (auto e = worksheet_write_string(sheet, 0, at, label.c_str(), book->header); e)
      return tl::unexpected(xlsx_error(e, "表头"));
    worksheet_set_column(sheet, at, at, col.name == "name" || col.name == "address" ? 24 : 14,
                         nullptr);
    lxw_error e = LXW_NO_ERROR;
    if (col.name == "licence_valid_from" || col.name == "licence_valid_to") {
      lxw_datetime d{col.name == "licence_valid_from" ? 2025 : 2027,
                     col.name == "licence_valid_from" ? 1 : 12,
                     col.name == "licence_valid_from" ? 1 : 31,
                     0,
                     0,
                     0};
      e = worksheet_write_datetime(sheet, 1, at, &d, date);
    } else if (col.name == "lon" || col.name == "lat") {
      e = worksheet_write_number(sheet, 1, at, col.name == "lon" ? 105.32 : 37.45, number);
    } else if (auto v = example().find(col.name); v != example().end()) {
      e = worksheet_write_string(sheet, 1, at, std::string(v->second).c_str(), book->text);
    } else {
      e = worksheet_write_blank(sheet, 1, at, book->text);
    }
    if (e) return tl::unexpected(xlsx_error(e, "示例行"));
  }
  worksheet_freeze_panes(sheet, 1, 0);

  const char* titles[] = {"列名", "中文列标题", "必填", "说明"};
  for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(help, 0, c, titles[c], book->header);
  worksheet_set_column(help, 0, 1, 20, nullptr);
  worksheet_set_column(help, 2, 2, 6, nullptr);
  worksheet_set_column(help, 3, 3, 70, nullptr);
  for (std::size_t r = 0; r < columns.size(); ++r) {
    const auto& col = columns[r];
    const auto row = static_cast<lxw_row_t>(r + 1);
    worksheet_write_string(help, row, 0, std::string(col.name).c_str(), book->text);
    worksheet_write_string(help, row, 1, std::string(col.label).c_str(), book->text);
    worksheet_write_string(help, row, 2, col.required ? "是" : "", book->text);
    worksheet_write_string(help, row, 3, std::string(col.help).c_str(), book->text);
  }
  return book->workbook.save();
}

}  // namespace

Result<std::string> place_import_template_xlsx() {
  static std::atomic<unsigned> serial{0};
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return fail(ErrorCode::kInternal, "找不到临时目录: " + ec.message());
  const auto path = dir / ("qingfeng-place-template-" + std::to_string(::getpid()) + "-" +
                           std::to_string(serial++) + ".xlsx");
  auto written = write_template(path);
  if (!written) {
    std::filesystem::remove(path, ec);
    return tl::unexpected(written.error());
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool ok = in.good() || in.eof();
  in.close();
  std::filesystem::remove(path, ec);
  if (!ok) return fail(ErrorCode::kInternal, "无法读取模板临时文件");
  return bytes;
}

}  // namespace qf::report
