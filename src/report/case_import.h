// Import of historical cases from CSV (UTF-8, optional BOM, comma
// separated, RFC 4180 quoting; the first row names the columns).
//
// All or nothing: every row is checked first and every problem reported
// (row number as a spreadsheet shows it — the header is row 1 — the column
// and a Chinese message). If any row is bad, nothing is imported, with or
// without a dry run. Otherwise every case is created through
// CaseService::create in ONE transaction — numbering, priority and major
// rules, timeline and audit as for a case registered by hand — so a failure
// half-way leaves nothing behind either. A dry run stops after the checks.
//
// Columns (by name, or by the Chinese label; any order; only title,
// offence_type and source are required): see case_import_columns(). One row
// is one case with at most one item (species …) and one suspect
// (suspect_name, suspect_id_number); cases are registered in state 登记 and
// numbered in the current year, like any new case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/service_context.h"

namespace qf::report {

// A larger file is refused by the HTTP route before it is read.
inline constexpr std::size_t kMaxImportBytes = 20u << 20;  // 20 MiB
// One transaction per import; split bigger histories into several files.
inline constexpr int kMaxImportRows = 20000;

struct ImportColumn {
  std::string_view name;   // e.g. "offence_type"
  std::string_view label;  // e.g. "违法类型", accepted as a header too
  bool required;
  std::string_view help;  // Chinese, for documentation and error messages
};
const std::vector<ImportColumn>& case_import_columns();

struct ImportProblem {
  int row = 0;         // spreadsheet row: 1 is the header, 2 the first case
  std::string column;  // column name; empty for the whole row or file
  std::string message;
};

struct ImportedCase {
  int row = 0;
  std::int64_t id = 0;
  std::string number;
};

struct ImportReport {
  bool dry_run = true;
  int rows = 0;                         // case rows read (blank rows skipped)
  std::vector<ImportProblem> problems;  // non-empty: nothing was imported
  std::vector<ImportedCase> created;    // empty for a dry run
  bool ok() const { return problems.empty(); }
};

// "第 3 行「违法类型」：未知的违法类型 …" — the text a console user reads.
std::string describe(const ImportProblem& p);

class CaseImporter {
 public:
  explicit CaseImporter(service::ServiceContext& ctx) : ctx_(ctx) {}

  // Bad content is a report with problems, not an Error. Errors: the caller
  // may not register cases (kForbidden), storage failures.
  Result<ImportReport> run(const service::CallContext& call, std::string_view csv, bool dry_run);

 private:
  service::ServiceContext& ctx_;
};

}  // namespace qf::report
