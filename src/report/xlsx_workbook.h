// The libxlsxwriter plumbing every Excel export shares: an owning handle
// that closes the workbook on every path (libxlsxwriter frees its objects
// only in workbook_close, so an early return must still pass through it),
// its errors as Result values, and the formatted "report" workbook the
// office pastes into its documents (statistics, evaluation): document
// properties and the title, header and cell formats they share.
#pragma once

#include <xlsxwriter.h>

#include <filesystem>
#include <string>
#include <utility>

#include "core/result.h"

namespace qf::report {

// kInternal naming the step ("表头", "保存") and libxlsxwriter's reason.
Error xlsx_error(lxw_error e, const std::string& step);

class XlsxWorkbook {
 public:
  explicit XlsxWorkbook(lxw_workbook* wb) : wb_(wb) {}
  XlsxWorkbook(XlsxWorkbook&& other) noexcept : wb_(std::exchange(other.wb_, nullptr)) {}
  XlsxWorkbook& operator=(XlsxWorkbook&&) = delete;
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;
  ~XlsxWorkbook() {
    if (wb_) workbook_close(wb_);
  }
  lxw_workbook* get() const { return wb_; }
  // Writes the file; the handle is empty afterwards.
  Status save();

 private:
  lxw_workbook* wb_;
};

struct ReportWorkbook {
  XlsxWorkbook workbook;
  lxw_format* title = nullptr;   // 16 pt bold, centred (the merged title row)
  lxw_format* header = nullptr;  // bold, bordered, shaded, centred, wrapped
  lxw_format* text = nullptr;    // a bordered text cell
};

// Creates `file` (replacing it; readable by the owner only: the figures are
// internal) with `title` and the campaign as document properties.
Result<ReportWorkbook> create_report_workbook(const std::filesystem::path& file,
                                              const std::string& title);

}  // namespace qf::report
