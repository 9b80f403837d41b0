#include "report/xlsx_workbook.h"

#include <sys/stat.h>

namespace qf::report {

Error xlsx_error(lxw_error e, const std::string& step) {
  return Error{
      ErrorCode::kInternal, "生成 Excel 文件失败（" + step + "）：" + lxw_strerror(e), {}, 0};
}

Status XlsxWorkbook::save() {
  if (auto e = workbook_close(std::exchange(wb_, nullptr)); e != LXW_NO_ERROR)
    return tl::unexpected(xlsx_error(e, "保存"));
  return {};
}

Result<ReportWorkbook> create_report_workbook(const std::filesystem::path& file,
                                              const std::string& title) {
  std::error_code ec;
  std::filesystem::remove(file, ec);
  const std::string path = file.string();
  ReportWorkbook out{XlsxWorkbook(workbook_new(path.c_str()))};
  lxw_workbook* wb = out.workbook.get();
  if (!wb) return fail(ErrorCode::kInternal, "无法创建 Excel 文件: " + path);
  ::chmod(path.c_str(), 0600);

  std::string doc_title = title, company = "清风行动";
  lxw_doc_properties properties{};
  properties.title = doc_title.data();
  properties.company = company.data();
  if (auto e = workbook_set_properties(wb, &properties); e != LXW_NO_ERROR)
    return tl::unexpected(xlsx_error(e, "文档属性"));

  out.title = workbook_add_format(wb);
  format_set_bold(out.title);
  format_set_font_size(out.title, 16);
  format_set_align(out.title, LXW_ALIGN_CENTER);
  format_set_align(out.title, LXW_ALIGN_VERTICAL_CENTER);
  out.header = workbook_add_format(wb);
  format_set_bold(out.header);
  format_set_border(out.header, LXW_BORDER_THIN);
  format_set_bg_color(out.header, 0xD9E1F2);
  format_set_align(out.header, LXW_ALIGN_CENTER);
  format_set_align(out.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(out.header);
  out.text = workbook_add_format(wb);
  format_set_border(out.text, LXW_BORDER_THIN);
  return out;
}

}  // namespace qf::report
