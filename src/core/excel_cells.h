// What an Excel cell's stored value means, without the workbook: the plain
// decimal numbers Excel writes and its date serials. Used by the .xlsx
// reader (report/xlsx_reader.h) and by the table imports, which accept a
// date serial typed into a General cell.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qf {

// A cell's stored number ("105.19", "4.5E-3", " +7 "); nullopt for anything
// else, and for infinities and NaN.
std::optional<double> excel_decimal(std::string_view v);

// An Excel date serial (days since 1899-12-30 in the 1900 system, 1904-01-01
// in the 1904 one; fractions are the time of day) → "YYYY-MM-DD", with
// " HH:MM:SS" when the time is not midnight. nullopt outside 1900-01-01 …
// 9999-12-31 or for text that is not a plain decimal number.
std::optional<std::string> excel_serial_date(std::string_view serial, bool date1904 = false);

}  // namespace qf
