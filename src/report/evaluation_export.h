// The evaluation table (service/evaluation_service.h) as files: the ranking
// offices paste into their 督导考核 reports.
//
//  - XLSX (libxlsxwriter): sheet 考核排名 — the title merged across the
//    table, a two-row header whose first row merges the indicator columns of
//    each group (线索与案件, 野外巡护 …) and whose second names the indicator
//    with its weight, one row per department in rank order (名次, 部门, 总分,
//    each indicator's score — "不适用"/"未计分" where it was not scored — and
//    the supervision outcomes), number formats 0.00; sheet 得分明细 — the
//    long table below, every score with its numerator, denominator, value,
//    effective weight, formula and drill link.
//  - CSV: the long table (report/table_export.h's CSV rules).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "report/table_export.h"
#include "service/evaluation_service.h"

namespace qf::report {

// "<title>（2026-03-01 至 2026-03-31）" (the day before `to` shown last).
std::string evaluation_title(const service::EvaluationRun& run);

Table evaluation_score_table(const service::EvaluationRun& run);
std::string evaluation_to_csv(const service::EvaluationRun& run);

// Writes the workbook to `file` (replaced if present; 0600 while written).
Status write_evaluation_xlsx(const service::EvaluationRun& run, const std::filesystem::path& file);
// The workbook's bytes (written to a temporary file that is removed).
Result<std::string> evaluation_xlsx_bytes(const service::EvaluationRun& run);

}  // namespace qf::report
