#include "core/clock.h"

#include <gtest/gtest.h>

namespace qf {
namespace {

TEST(ChinaDate, IsMidnightInChinaStandardTime) {
  // 2026-11-29 00:00 +08:00 = 2026-11-28T16:00:00Z.
  EXPECT_EQ(format_iso8601(*parse_china_date("2026-11-29")), "2026-11-28T16:00:00.000Z");
  EXPECT_EQ(parse_china_date("2026/1/5"), parse_china_date("2026-01-05"));
  EXPECT_EQ(*parse_china_date("1970-01-01"), -kChinaOffsetMs);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // 2000 is leap
}

TEST(ChinaDate, RefusesWhatIsNotACalendarDay) {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-29", "2026-1-32", "2026-01/05",
                          "2026-01-05T08:00", "26-01-05", "2026--05", "２０２６-01-05"})
    EXPECT_FALSE(parse_china_date(bad)) << bad;
  EXPECT_TRUE(parse_china_date("2024-02-29"));
  EXPECT_FALSE(parse_china_date("1969-12-31", 1970));
  EXPECT_TRUE(parse_china_date("1969-12-31"));
}

}  // namespace
}  // namespace qf
