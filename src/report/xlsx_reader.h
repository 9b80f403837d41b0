// The rows of an Excel workbook (.xlsx, Office Open XML) in the shape of
// read_csv's: the second reader behind the table imports (the API hands it
// to the import service, which calls it once the caller may import; libzip
// and pugixml stay out of the layers below), so that a file
// saved from Excel as .xlsx is read into the same records as the same sheet
// saved as CSV, and the importer's checks and row numbers stay the same.
//
// What is read: the workbook's first worksheet (found through
// workbook.xml and its relationships, as Excel finds it), each cell as the
// text Excel would show for a plain format —
//  - shared strings (rich-text runs concatenated, phonetic guides left out)
//    and inline strings as they are; formula cells by their cached value;
//  - numbers as decimals of up to 15 significant digits (13900000000,
//    105.19), booleans as TRUE/FALSE, error cells as their code (#N/A);
//  - numbers in date-formatted cells (built-in or custom formats with
//    y/m/d) as "YYYY-MM-DD", with " HH:MM:SS" when a time of day is set,
//    in the workbook's 1900 or 1904 date system.
// Cells are placed by their reference (C5 → third column), so skipped cells
// become empty fields; rows without any non-empty cell are left out, and
// record_rows gives each record's row number as Excel shows it.
//
// Hostile files are refused with a problem, never a crash: a part larger
// than kXlsxMaxPartBytes once uncompressed (zip bombs), more than
// kXlsxMaxPartsBytes in all, more than kXlsxMaxRows non-empty rows or a
// value beyond column kXlsxMaxColumns, malformed XML, a missing part. A
// problem of the file as a whole has row 0; one of a row has its number.
// Messages are Chinese.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/csv_reader.h"
#include "core/excel_cells.h"

namespace qf::report {

inline constexpr std::size_t kXlsxMaxPartBytes = 32u << 20;   // one XML part, uncompressed
inline constexpr std::size_t kXlsxMaxPartsBytes = 64u << 20;  // every part read, uncompressed
inline constexpr int kXlsxMaxRows = 100000;
inline constexpr int kXlsxMaxColumns = 1000;

// Whether the bytes start like a ZIP archive (an .xlsx is one): "PK\3\4".
bool looks_like_zip(std::string_view bytes);

CsvTable read_xlsx(std::string_view bytes);

}  // namespace qf::report
