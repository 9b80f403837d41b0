// The 战果 statistics (service/statistics_service.h) as files offices paste
// into their reports.
//
//  - CSV: one long table (分组, 指标, 分类/部门, 数值, 单位, 下钻) holding every
//    figure, its breakdown and its per-department values — one header, so
//    any spreadsheet or script reads it (report/table_export.h's CSV rules:
//    BOM, RFC 4180, formula neutralisation).
//  - XLSX (libxlsxwriter): sheet 各部门战果 — the title merged across the
//    table, a two-row header whose first row merges the columns of each
//    section (案件查办, 野外巡护 …), one row per department, a 合计 row (the
//    period's figures, so distinct counts stay distinct), number formats
//    per unit (counts 0, km/hours/kg 0.0, yuan #,##0.00); sheet 指标明细 —
//    the long table with the same formatting as the list exports.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "report/table_export.h"
#include "service/statistics_service.h"

namespace qf::report {

// "清风行动战果统计（2026-01-01 至 2026-03-31）" (the last day shown is the
// day before `to`), with the department when filtered.
std::string stats_title(const service::Statistics& stats);

// The long table of the CSV and of the 指标明细 sheet.
Table stats_figure_table(const service::Statistics& stats);

std::string stats_to_csv(const service::Statistics& stats);

// Writes the workbook to `file` (replaced if present; 0600 while written).
Status write_stats_xlsx(const service::Statistics& stats, const std::filesystem::path& file);

}  // namespace qf::report
