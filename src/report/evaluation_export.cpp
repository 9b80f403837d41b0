#include "report/evaluation_export.h"

#include <unistd.h>

#include <fstream>
#include <iterator>

#include "report/xlsx_workbook.h"

namespace qf::report {
namespace {

using nlohmann::json;

const json& array_of(const json& object, const char* key) {
  static const json empty = json::array();
  if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return empty;
  return object[key];
}

std::string text_of(const json& v, const char* key) {
  if (!v.is_object() || !v.contains(key) || !v[key].is_string()) return {};
  return v[key].get<std::string>();
}

std::string department_name(const json& d) {
  std::string name = text_of(d, "short_name");
  return name.empty() ? text_of(d, "name") : name;
}

std::string outcomes_text(const json& d) {
  std::string out;
  for (const auto& v : array_of(d, "supervision")) {
    if (!out.empty()) out += "；";
    out += format_local_date(v.value("visited_at", std::int64_t{0})) + " " +
           text_of(v, "outcome_label");
  }
  return out;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string evaluation_title(const service::EvaluationRun& run) {
  const std::string base = run.title.empty() ? "清风行动部门考核评价" : run.title;
  return base + "（" + format_local_date(run.from) + " 至 " + format_local_date(run.to - 1) + "）";
}

Table evaluation_score_table(const service::EvaluationRun& run) {
  Table t;
  t.title = evaluation_title(run);
  t.sheet_name = "得分明细";
  t.columns = {Column("名次", 6, ColumnKind::kNumber, "0"),
               Column("部门", 14),
               Column("总分", 8, ColumnKind::kNumber, "0.00"),
               Column("指标组", 12),
               Column("指标", 22),
               Column("是否计分", 10),
               Column("分子", 10, ColumnKind::kNumber, "0.##"),
               Column("分母", 10, ColumnKind::kNumber, "0.##"),
               Column("数值", 10, ColumnKind::kNumber, "0.##"),
               Column("单位", 6),
               Column("得分", 8, ColumnKind::kNumber, "0.00"),
               Column("设定权重", 8, ColumnKind::kNumber, "0.##"),
               Column("实际权重%", 9, ColumnKind::kNumber, "0.00"),
               Column("说明", 40),
               Column("计算公式", 60),
               Column("下钻", 60)};
  for (const auto& d : array_of(run.result, "departments")) {
    Cell rank = d.contains("rank") && d["rank"].is_number() ? Cell(d["rank"].get<double>())
                                                            : Cell(std::monostate{});
    Cell total = d.contains("total") && d["total"].is_number() ? Cell(d["total"].get<double>())
                                                               : Cell(std::monostate{});
    for (const auto& sc : array_of(d, "scores")) {
      const bool counted = sc.value("counted", false);
      std::string note = text_of(sc, "reason");
      if (note.empty() && !counted) note = "权重为 0，只展示";
      std::string drills;
      for (const auto& l : array_of(sc, "drills")) {
        if (!drills.empty()) drills += " ";
        drills += text_of(l, "href");
      }
      const bool applies = sc.value("applies", false);
      const bool measured = sc.value("measured", false);
      t.rows.push_back(
          {rank, department_name(d), total, text_of(sc, "group"), text_of(sc, "label"),
           std::string(counted ? "计分"
                               : (!applies ? "不适用" : (!measured ? "未计分" : "不计分"))),
           applies ? Cell(sc.value("numerator", 0.0)) : Cell(std::monostate{}),
           applies ? Cell(sc.value("denominator", 0.0)) : Cell(std::monostate{}),
           applies ? Cell(sc.value("value", 0.0)) : Cell(std::monostate{}), text_of(sc, "unit"),
           sc.contains("score") && sc["score"].is_number() ? Cell(sc["score"].get<double>())
                                                           : Cell(std::monostate{}),
           sc.value("weight", 0.0), sc.value("effective_weight", 0.0), note, text_of(sc, "formula"),
           drills});
    }
  }
  return t;
}

std::string evaluation_to_csv(const service::EvaluationRun& run) {
  return to_csv(evaluation_score_table(run));
}

Status write_evaluation_xlsx(const service::EvaluationRun& run, const std::filesystem::path& file) {
  const std::string title = evaluation_title(run);
  auto report = create_report_workbook(file, title);
  if (!report) return tl::unexpected(report.error());
  XlsxWorkbook& wb = report->workbook;
  lxw_format* title_format = report->title;
  lxw_format* header = report->header;
  lxw_format* text = report->text;
  lxw_format* muted = workbook_add_format(wb.get());
  format_set_border(muted, LXW_BORDER_THIN);
  format_set_font_color(muted, 0x808080);
  format_set_align(muted, LXW_ALIGN_CENTER);
  lxw_format* score = workbook_add_format(wb.get());
  format_set_border(score, LXW_BORDER_THIN);
  format_set_num_format(score, "0.00");
  lxw_format* total = workbook_add_format(wb.get());
  format_set_border(total, LXW_BORDER_THIN);
  format_set_bold(total);
  format_set_num_format(total, "0.00");
  lxw_format* rank = workbook_add_format(wb.get());
  format_set_border(rank, LXW_BORDER_THIN);
  format_set_align(rank, LXW_ALIGN_CENTER);
  format_set_num_format(rank, "0");
  lxw_format* note = workbook_add_format(wb.get());
  format_set_text_wrap(note);
  format_set_font_color(note, 0x595959);

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

  // ---- sheet 1: 考核排名 ----
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), "考核排名");
  if (!ws) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法添加工作表");
  const json& indicators = array_of(run.result, "indicators");
  const auto n = static_cast<lxw_col_t>(indicators.size());
  const lxw_col_t first = 3;  // 名次, 部门, 总分
  const lxw_col_t outcome_col = first + n;
  QF_XLSX("列宽", worksheet_set_column(ws, 0, 0, 6, nullptr));
  QF_XLSX("列宽", worksheet_set_column(ws, 1, 1, 14, nullptr));
  QF_XLSX("列宽", worksheet_set_column(ws, 2, 2, 9, nullptr));
  if (n > 0) QF_XLSX("列宽", worksheet_set_column(ws, first, outcome_col - 1, 12, nullptr));
  QF_XLSX("列宽", worksheet_set_column(ws, outcome_col, outcome_col, 24, nullptr));
  QF_XLSX("标题", worksheet_set_row(ws, 0, 30, nullptr));
  QF_XLSX("标题", worksheet_merge_range(ws, 0, 0, 0, outcome_col, title.c_str(), title_format));
  QF_XLSX("表头", worksheet_merge_range(ws, 1, 0, 2, 0, "名次", header));
  QF_XLSX("表头", worksheet_merge_range(ws, 1, 1, 2, 1, "部门", header));
  QF_XLSX("表头", worksheet_merge_range(ws, 1, 2, 2, 2, "总分", header));
  QF_XLSX("表头", worksheet_merge_range(ws, 1, outcome_col, 2, outcome_col, "督导结果", header));
  for (lxw_col_t c = 0; c < n;) {
    lxw_col_t end = c;
    const std::string group = text_of(indicators[c], "group");
    while (end + 1 < n && text_of(indicators[end + 1], "group") == group) ++end;
    if (end > c) {
      QF_XLSX("表头",
              worksheet_merge_range(ws, 1, first + c, 1, first + end, group.c_str(), header));
    } else {
      QF_XLSX("表头", worksheet_write_string(ws, 1, first + c, group.c_str(), header));
    }
    c = end + 1;
  }
  QF_XLSX("表头", worksheet_set_row(ws, 2, 44, nullptr));
  for (lxw_col_t c = 0; c < n; ++c) {
    const std::string label = text_of(indicators[c], "label") + "（权重 " +
                              number_text(indicators[c].value("weight", 0.0)) + "）";
    QF_XLSX("表头", worksheet_write_string(ws, 2, first + c, label.c_str(), header));
  }
  // Departments in rank order (unranked last).
  std::vector<const json*> rows;
  for (const auto& d : array_of(run.result, "departments")) rows.push_back(&d);
  std::stable_sort(rows.begin(), rows.end(), [](const json* a, const json* b) {
    const bool ra = (*a)["rank"].is_number(), rb = (*b)["rank"].is_number();
    if (ra != rb) return ra;
    return ra && (*a)["rank"].get<int>() < (*b)["rank"].get<int>();
  });
  lxw_row_t r = 3;
  for (const json* d : rows) {
    if ((*d)["rank"].is_number()) {
      QF_XLSX("数据", worksheet_write_number(ws, r, 0, (*d)["rank"].get<double>(), rank));
    } else {
      QF_XLSX("数据", worksheet_write_string(ws, r, 0, "—", muted));
    }
    QF_XLSX("数据", worksheet_write_string(ws, r, 1, department_name(*d).c_str(), text));
    if ((*d)["total"].is_number()) {
      QF_XLSX("数据", worksheet_write_number(ws, r, 2, (*d)["total"].get<double>(), total));
    } else {
      QF_XLSX("数据", worksheet_write_string(ws, r, 2, "—", muted));
    }
    const json& scores = array_of(*d, "scores");
    for (lxw_col_t c = 0; c < n; ++c) {
      const std::string code = text_of(indicators[c], "code");
      const json* sc = nullptr;
      for (const auto& x : scores)
        if (text_of(x, "code") == code) sc = &x;
      if (!sc || !sc->value("applies", false)) {
        QF_XLSX("数据", worksheet_write_string(ws, r, first + c, "不适用", muted));
      } else if (!(*sc)["score"].is_number() || !sc->value("measured", false)) {
        QF_XLSX("数据", worksheet_write_string(ws, r, first + c, "未计分", muted));
      } else {
        QF_XLSX("数据",
                worksheet_write_number(ws, r, first + c, (*sc)["score"].get<double>(), score));
      }
    }
    QF_XLSX("数据", worksheet_write_string(ws, r, outcome_col, outcomes_text(*d).c_str(), text));
    ++r;
  }
  ++r;
  for (const auto& line : array_of(run.result, "notes")) {
    if (!line.is_string()) continue;
    QF_XLSX("说明",
            worksheet_merge_range(ws, r, 0, r, outcome_col, line.get<std::string>().c_str(), note));
    QF_XLSX("说明", worksheet_set_row(ws, r, 30, nullptr));
    ++r;
  }
  worksheet_freeze_panes(ws, 3, 2);

  // ---- sheet 2: 得分明细 ----
  const Table detail = evaluation_score_table(run);
  lxw_worksheet* ws2 = workbook_add_worksheet(wb.get(), "得分明细");
  if (!ws2) return fail(ErrorCode::kInternal, "生成 Excel 文件失败：无法添加工作表");
  const auto ncols = static_cast<lxw_col_t>(detail.columns.size());
  std::vector<lxw_format*> formats;
  for (lxw_col_t c = 0; c < ncols; ++c) {
    QF_XLSX("列宽", worksheet_set_column(ws2, c, c, detail.columns[c].width, nullptr));
    lxw_format* f = workbook_add_format(wb.get());
    format_set_border(f, LXW_BORDER_THIN);
    if (!detail.columns[c].number_format.empty())
      format_set_num_format(f, detail.columns[c].number_format.c_str());
    formats.push_back(f);
  }
  QF_XLSX("标题", worksheet_set_row(ws2, 0, 24, nullptr));
  QF_XLSX("标题", worksheet_merge_range(ws2, 0, 0, 0, ncols - 1, title.c_str(), title_format));
  for (lxw_col_t c = 0; c < ncols; ++c)
    QF_XLSX("表头", worksheet_write_string(ws2, 1, c, detail.columns[c].header.c_str(), header));
  r = 2;
  for (const auto& row : detail.rows) {
    for (lxw_col_t c = 0; c < ncols; ++c) {
      if (const auto* s = std::get_if<std::string>(&row[c])) {
        QF_XLSX("数据", worksheet_write_string(ws2, r, c, s->c_str(), formats[c]));
      } else if (const auto* v = std::get_if<double>(&row[c])) {
        QF_XLSX("数据", worksheet_write_number(ws2, r, c, *v, formats[c]));
      } else {
        QF_XLSX("数据", worksheet_write_blank(ws2, r, c, formats[c]));
      }
    }
    ++r;
  }
  worksheet_freeze_panes(ws2, 2, 2);
  if (r > 2) QF_XLSX("筛选", worksheet_autofilter(ws2, 1, 0, r - 1, ncols - 1));
#undef QF_XLSX
  return wb.save();
}

Result<std::string> evaluation_xlsx_bytes(const service::EvaluationRun& run) {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return fail(ErrorCode::kInternal, "找不到临时目录: " + ec.message());
  const auto path = dir / ("qingfeng-evaluation-" + std::to_string(::getpid()) + "-" +
                           std::to_string(run.id) + "-" + std::to_string(run.created_at) + "-" +
                           std::to_string(reinterpret_cast<std::uintptr_t>(&run)) + ".xlsx");
  auto written = write_evaluation_xlsx(run, path);
  if (!written) {
    std::filesystem::remove(path, ec);
    return tl::unexpected(written.error());
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool ok = in.good() || in.eof();
  in.close();
  std::filesystem::remove(path, ec);
  if (!ok) return fail(ErrorCode::kInternal, "无法读取导出临时文件");
  return bytes;
}

}  // namespace qf::report
