#include "report/stats_export.h"

#include <map>

#include "report/xlsx_workbook.h"

namespace qf::report {
namespace {

// The Excel number format of a unit.
std::string number_format(const std::string& unit) {
  if (unit == "元") return "#,##0.00";
  if (unit == "千米" || unit == "小时" || unit == "千克") return "#,##0.0";
  return "#,##0";
}

}  // namespace

std::string stats_title(const service::Statistics& stats) {
  std::string title = "清风行动战果统计（" + format_local_date(stats.from) + " 至 " +
                      format_local_date(stats.to - 1) + "）";
  if (!stats.department_code.empty()) {
    for (const auto& d : stats.departments)
      if (d.code == stats.department_code)
        title += "—" + (d.short_name.empty() ? d.name : d.short_name);
  } else if (!stats.all_departments) {
    title += "—本部门可见";
  }
  return title;
}

Table stats_figure_table(const service::Statistics& stats) {
  Table t;
  t.title = stats_title(stats);
  t.sheet_name = "指标明细";
  t.columns = {Column("分组", 16),      Column("指标", 28),
               Column("分类/部门", 24), Column("数值", 14, ColumnKind::kNumber, "#,##0.##"),
               Column("单位", 8),       Column("下钻", 60)};
  std::map<std::string, std::string> names;
  for (const auto& d : stats.departments)
    names[d.code] = d.short_name.empty() ? d.name : d.short_name;
  for (const auto& s : stats.sections) {
    for (const auto& f : s.figures) {
      t.rows.push_back({s.label, f.label, std::string("合计"), f.value, f.unit, f.drill});
      for (const auto& b : f.breakdown)
        t.rows.push_back({s.label, f.label, b.label, b.value, f.unit, b.drill});
      for (const auto& d : stats.departments) {
        auto it = d.values.find(f.code);
        if (it == d.values.end()) continue;
        t.rows.push_back(
            {s.label, f.label, "部门：" + names[d.code], it->second, f.unit, std::string()});
      }
    }
  }
  return t;
}

std::string stats_to_csv(const service::Statistics& stats) {
  return to_csv(stats_figure_table(stats));
}

Status write_stats_xlsx(const service::Statistics& stats, const std::filesystem::path& file) {
  const std::string title = stats_title(stats);
  auto report = create_report_workbook(file, title);
  if (!report) return tl::unexpected(report.error());
  XlsxWorkbook& wb = report->workbook;
  lxw_format* title_format = report->title;
  lxw_format* header = report->header;
  lxw_format* text = report->text;
  lxw_format* total_text = workbook_add_format(wb.get());
  format_set_border(total_text, LXW_BORDER_THIN);
  format_set_bold(total_text);
  std::map<std::pair<std::string, bool>, lxw_format*> numbers;
  auto number = [&](const std::string& unit, bool total) {
    auto& f = numbers[{number_format(unit), total}];
    if (!f) {
      f = workbook_add_format(wb.get());
      format_set_num_format(f, number_format(unit).c_str());
      format_set_border(f, LXW_BORDER_THIN);
      if (total) format_set_bold(f);
    }
    return f;
  };
  lxw_error e = LXW_NO_ERROR;
  auto check = [&](const char* step) -> Status {
    if (e != LXW_NO_ERROR) return tl::unexpected(xlsx_error(e, step));
    return {};
  };
#define QF_XLSX(step, expr)                    \
  do {                                         \
    e = (expr);                                \
    if (auto ok = check(step); !ok) return ok; \
  } while (0)

  // ---- sheet 1: 各部门战果 ----
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), "各部门战果");
  if (!ws) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法添加工作表");
  const auto& columns = stats.ranking_columns;
  const auto last_col = static_cast<lxw_col_t>(columns.size());  // column 0: 部门
  QF_XLSX("列宽", worksheet_set_column(ws, 0, 0, 22, nullptr));
  if (last_col >= 1) QF_XLSX("列宽", worksheet_set_column(ws, 1, last_col, 12, nullptr));
  QF_XLSX("标题", worksheet_set_row(ws, 0, 30, nullptr));
  QF_XLSX("标题", worksheet_merge_range(ws, 0, 0, 0, last_col, title.c_str(), title_format));
  // Row 1: sections merged over their columns; row 2: figure and unit.
  QF_XLSX("表头", worksheet_merge_range(ws, 1, 0, 2, 0, "部门", header));
  for (lxw_col_t c = 1; c <= last_col;) {
    lxw_col_t end = c;
    while (end < last_col && columns[end].group == columns[c - 1].group) ++end;
    const std::string& group = columns[c - 1].group;
    if (end > c) {
      QF_XLSX("表头", worksheet_merge_range(ws, 1, c, 1, end, group.c_str(), header));
    } else {
      QF_XLSX("表头", worksheet_write_string(ws, 1, c, group.c_str(), header));
    }
    c = end + 1;
  }
  QF_XLSX("表头", worksheet_set_row(ws, 2, 32, nullptr));
  for (lxw_col_t c = 1; c <= last_col; ++c) {
    const auto& col = columns[c - 1];
    const std::string label = col.label + "（" + col.unit + "）";
    QF_XLSX("表头", worksheet_write_string(ws, 2, c, label.c_str(), header));
  }
  lxw_row_t r = 3;
  for (const auto& d : stats.departments) {
    const std::string name = d.short_name.empty() ? d.name : d.short_name;
    QF_XLSX("数据", worksheet_write_string(ws, r, 0, name.c_str(), text));
    for (lxw_col_t c = 1; c <= last_col; ++c) {
      const auto& col = columns[c - 1];
      auto it = d.values.find(col.code);
      QF_XLSX("数据", worksheet_write_number(ws, r, c, it == d.values.end() ? 0 : it->second,
                                             number(col.unit, false)));
    }
    ++r;
  }
  QF_XLSX("合计", worksheet_write_string(ws, r, 0, "合计", total_text));
  for (lxw_col_t c = 1; c <= last_col; ++c) {
    const auto& col = columns[c - 1];
    const auto* f = stats.figure(col.code);
    QF_XLSX("合计", worksheet_write_number(ws, r, c, f ? f->value : 0, number(col.unit, true)));
  }
  worksheet_freeze_panes(ws, 3, 1);

  // ---- sheet 2: 指标明细 ----
  const Table detail = stats_figure_table(stats);
  lxw_worksheet* ws2 = workbook_add_worksheet(wb.get(), "指标明细");
  if (!ws2) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法添加工作表");
  const auto ncols = static_cast<lxw_col_t>(detail.columns.size());
  for (lxw_col_t c = 0; c < ncols; ++c)
    QF_XLSX("列宽", worksheet_set_column(ws2, c, c, detail.columns[c].width, nullptr));
  QF_XLSX("标题", worksheet_set_row(ws2, 0, 24, nullptr));
  QF_XLSX("标题", worksheet_merge_range(ws2, 0, 0, 0, ncols - 1, title.c_str(), title_format));
  for (lxw_col_t c = 0; c < ncols; ++c)
    QF_XLSX("表头", worksheet_write_string(ws2, 1, c, detail.columns[c].header.c_str(), header));
  r = 2;
  for (const auto& row : detail.rows) {
    const std::string unit = std::get<std::string>(row[4]);
    for (lxw_col_t c = 0; c < ncols; ++c) {
      if (const auto* s = std::get_if<std::string>(&row[c])) {
        if (!s->empty()) QF_XLSX("数据", worksheet_write_string(ws2, r, c, s->c_str(), nullptr));
      } else if (const auto* v = std::get_if<double>(&row[c])) {
        QF_XLSX("数据", worksheet_write_number(ws2, r, c, *v, number(unit, false)));
      }
    }
    ++r;
  }
  worksheet_freeze_panes(ws2, 2, 0);
  QF_XLSX("筛选", worksheet_autofilter(ws2, 1, 0, r - 1, ncols - 1));
#undef QF_XLSX
  return wb.save();
}

}  // namespace qf::report
