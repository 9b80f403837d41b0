// The joint-action report (联合行动报告) and its press release (新闻稿) as
// Word documents (report/docx_writer.h) and PDF, generated from the live
// records for a draft's period (service/joint_report_service.h).
//
// Report: title, period, the template's opening, then
//   一、总体情况 — prose generated from the period's figures
//               (StatisticsService::compute) plus the office's note, and the
//               trend chart (立案/举报线索 per week or month);
//   二、各部门战果 — the ranking rows as a table (a chosen set of columns and a
//               合计 row) and a bar chart of cases opened per department;
//   三、典型案例 — the chosen cases, anonymised (below);
//   四、成绩, 五、不足, 六、建议 — the office's prose (a blank line separates
//               paragraphs; a line "（一）…" or "1．…" stays as written);
//   the template's closing, the issuing body and the date.
// Press release: a short public text — the headline figures and the typical
// cases told only from their structured fields (month, department, offence
// type, species and count, stage): no name, number, phone, address or case
// number of anyone, not even anonymised free text.
//
// Anonymisation of a typical case in the report: each party's name becomes
// its surname + 某 (张三 → 张某; organisations 某单位), in the title and
// summary too; ID numbers (15/18 digits), mobile and landline numbers become
// ＊＊＊; party addresses are not shown and, where quoted in the summary, become
// 某地; house numbers (12号, 3栋, 401室) lose their digits.
//
// Fixed texts come from a template (data/report-templates/joint-action.toml,
// compiled in; `[reports] joint_report_template` in the configuration points
// at an edited copy). Placeholders: {period} (2026年3月1日至3月31日), {issuer},
// {hotline}.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "report/docx_writer.h"
#include "service/service_context.h"
#include "service/statistics_service.h"
#include "store/case_repository.h"
#include "store/joint_report_repository.h"

namespace qf::report {

struct JointReportTemplate {
  std::string issuer;   // 发文机关
  std::string opening;  // after the title
  std::string closing;  // 特此报告。
  std::string overview_heading, departments_heading, cases_heading, achievements_heading,
      shortcomings_heading, suggestions_heading;
  std::string departments_intro;  // above the table
  std::string cases_intro;
  std::string empty_section;  // a prose section the office left empty
  std::string press_title;
  std::string press_lead;  // first paragraph, before the figures
  std::string press_cases_intro;
  std::string press_closing;  // the hotline sentence
  std::string hotline;
};

// Parses a template file's text (TOML); kInvalidInput naming the missing key.
Result<JointReportTemplate> parse_joint_report_template(const std::string& toml_text);
// The configured template: the file set with set_joint_report_template_file,
// else the compiled-in one.
Result<JointReportTemplate> joint_report_template();
// Process-wide, set once at start-up from the configuration (empty: the
// compiled-in template).
void set_joint_report_template_file(std::string path);

// One party's name as the report shows it: "张某", organisations "某单位".
std::string anonymised_name(const store::CaseParty& party);
// `text` with every party's name, ID number, phone and address replaced,
// and ID, phone and house numbers masked wherever they appear.
std::string anonymise(const std::string& text, const std::vector<store::CaseParty>& parties);

struct TypicalCase {
  std::int64_t id = 0;
  std::string title;        // anonymised
  std::string report_text;  // the report's paragraph (anonymised)
  std::string public_text;  // the press release's sentence (structured fields only)
};

struct JointReportContent {
  store::JointReport draft;
  std::string period_text;  // "2026年3月1日至3月31日"
  std::string overview;     // generated 总体情况
  service::Statistics stats;
  DocxTable department_table;
  std::vector<TypicalCase> cases;
  std::string department_chart_png;  // empty when not drawn
  std::string trend_chart_png;
};

// Everything generated for a draft, as `call` may see it (the office sees
// every department). with_charts: also draw the charts (the trend needs
// one statistics run per week or month of the period).
Result<JointReportContent> build_joint_report(service::ServiceContext& ctx,
                                              const service::CallContext& call,
                                              const store::JointReport& draft, bool with_charts);

// The web page's preview: {overview, period_text, table:{header,rows}, cases:[{id,title,text}]}.
nlohmann::json preview_json(const JointReportContent& content);

Result<std::string> joint_report_docx(const JointReportContent& content,
                                      const JointReportTemplate& tpl);
Result<std::string> press_release_docx(const JointReportContent& content,
                                       const JointReportTemplate& tpl);

// Whether LibreOffice's soffice is on PATH.
bool pdf_conversion_available();
// Converts a .docx to PDF with LibreOffice headless in a private temporary
// directory (its own profile, so conversions may run side by side), killed
// after `timeout`. kUnavailable when soffice is not installed; kInternal when
// the conversion fails or times out.
Result<std::string> docx_to_pdf(const std::string& docx,
                                std::chrono::seconds timeout = std::chrono::seconds(120));

// File names: "联合行动报告-2026-03-01-2026-03-31.docx" and an ASCII one.
std::string joint_report_file_stem(const store::JointReport& r, bool press_release);
std::string joint_report_ascii_stem(const store::JointReport& r, bool press_release);

}  // namespace qf::report
