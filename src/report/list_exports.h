// Exports of the case and tip lists as CSV or Excel.
//
// The rows are exactly those the caller's list shows (the services apply
// AccessPolicy; an officer of 林草 never gets a 农业农村 case), fetched page
// by page up to a cap. Confidential fields are masked for EVERY role, the
// office included: an exported file leaves the system and its access rules,
// so it carries suspects' ID numbers and phones and reporters' names and
// phones only in their masked forms (the services' own masking). Fields an
// export does not need stay out: tip receipt codes (the reporter's key to
// the tip), internal notes, suspects' addresses and online accounts.
//
// Every export appends an audit row ("case.export" / "tip.export") with the
// format, the filters and the row count — never row data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "report/table_export.h"
#include "service/service_context.h"
#include "service/tip_service.h"

namespace qf::report {

// More rows than this is refused with a message to narrow the filters: a
// bigger export is better served by a database dump than by a spreadsheet.
inline constexpr std::int64_t kMaxExportRows = 50000;

enum class ExportFormat { kCsv, kXlsx };

// "csv" (also the default for an empty value) or "xlsx".
Result<ExportFormat> parse_export_format(std::string_view text);

// The filters of GET /api/v1/cases, with the same meaning.
// The filters of the case list (service/case_service.h), read from a
// request by api/list_filters.h exactly as the list reads them.
using CaseFilters = service::CaseListFilters;

struct ExportFile {
  std::string filename;        // Chinese, e.g. 案件列表-20261129.xlsx
  std::string ascii_filename;  // for clients without RFC 6266: cases-20261129.xlsx
  std::string content_type;
  std::string body;
  std::int64_t rows = 0;
};

class ListExporter {
 public:
  explicit ListExporter(service::ServiceContext& ctx, std::int64_t max_rows = kMaxExportRows)
      : ctx_(ctx), max_rows_(max_rows) {}

  // The tables (masked, visible rows only), without auditing.
  Result<Table> case_table(const service::CallContext& call, const CaseFilters& filters);
  // limit and offset of the filters are ignored: every matching tip.
  Result<Table> tip_table(const service::CallContext& call, const service::TipQueryParams& filters);

  // Table, rendering and the audit row; the file is returned only once the
  // audit row is written.
  Result<ExportFile> export_cases(const service::CallContext& call, const CaseFilters& filters,
                                  ExportFormat format);
  Result<ExportFile> export_tips(const service::CallContext& call,
                                 const service::TipQueryParams& filters, ExportFormat format);

 private:
  Result<ExportFile> finish(const service::CallContext& call, const Table& table,
                            ExportFormat format, const std::string& action,
                            const std::string& entity, const std::string& base_name,
                            const std::string& ascii_base_name, nlohmann::json filters);

  service::ServiceContext& ctx_;
  std::int64_t max_rows_;
};

}  // namespace qf::report
