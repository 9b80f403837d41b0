#include "core/excel_cells.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/clock.h"

namespace qf {
namespace {

// Days since 1970-01-01 → civil date (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2 ? 1 : 0));
}

}  // namespace

std::optional<double> excel_decimal(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d))
    return std::nullopt;
  return d;
}

std::optional<std::string> excel_serial_date(std::string_view serial, bool date1904) {
  auto v = excel_decimal(serial);
  if (!v || *v < (date1904 ? 0 : 1) || *v >= 2958466) return std::nullopt;
  auto days = static_cast<std::int64_t>(std::floor(*v));
  auto seconds = static_cast<std::int64_t>(std::llround((*v - static_cast<double>(days)) * 86400));
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  // 1900 system: serial 1 is 1900-01-01, and Excel counts a 1900-02-29
  // that never was (serial 60), so from serial 61 on the base is 1899-12-30.
  const std::int64_t base =
      date1904 ? days_from_civil(1904, 1, 1)
               : (days < 61 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30));
  int y = 0, m = 0, d = 0;
  civil_from_days(base + days, y, m, d);
  if (y > 9999) return std::nullopt;
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  std::string out(buf, static_cast<std::size_t>(n));
  if (seconds) {
    n = std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(seconds / 3600),
                      static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace qf
