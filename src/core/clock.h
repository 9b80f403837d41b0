// Time as the system stores it: Unix epoch milliseconds, UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qf {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2026-11-29T04:33:23.123Z"; empty for 0 (never).
std::string format_iso8601(std::int64_t epoch_ms);

constexpr std::int64_t kDayMs = 86'400'000LL;
// Dates people write (a licence's validity, an imported case's date) are
// calendar days in China Standard Time, UTC+8 all year.
constexpr std::int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil algorithm). m is 1..12, d 1..31; no range checks.
std::int64_t days_from_civil(int y, int m, int d);

// "YYYY-MM-DD" (also "YYYY/M/D", as Excel writes dates on Chinese systems)
// → epoch ms of that midnight in China Standard Time. Nothing else is
// accepted: no time, no other separator mixed in, a real calendar day, a year
// of at least min_year.
std::optional<std::int64_t> parse_china_date(std::string_view v, int min_year = 1000);

}  // namespace qf
