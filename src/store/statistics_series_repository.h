// StatisticsSeriesRepository: a 战果 figure of a period per day (China
// Standard Time), for the dashboard's trend chart (GET /api/v1/stats/series).
//
// Each series figure counts exactly the records its namesake in
// StatisticsRepository counts — the same tables, time column, row-level
// rule and department filter (a test holds the sums equal on both
// backends) — grouped by the record's CST calendar day instead of by key.
// The service rolls days up into weeks and months.
//
// cases.closed counts each case once, on the day of its first transition to
// 结案 in the period, as the period figure counts distinct cases.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "store/statistics_repository.h"

namespace qf::store {

struct DailyValue {
  std::int64_t day = 0;  // days since 1970-01-01 of the CST calendar day
  double value = 0;
};

class StatisticsSeriesRepository {
 public:
  // The figure codes a series exists for, in display order.
  static const std::vector<std::string_view>& figure_codes();
  static bool has_figure(std::string_view code);

  // The figure per CST day with records, ascending by day. kInvalidInput
  // for a code not in figure_codes().
  static Result<std::vector<DailyValue>> daily(soci::session& s, const StatsScope& q,
                                               std::string_view figure_code);
};

}  // namespace qf::store
