// StatisticsSeriesService on both backends: on the demo dataset, every
// series adds up to the /api/v1/stats figure of the same code and period
// (office, a 林草 officer, a department filter; by day, week and month);
// hand-placed records land in the right China Standard Time bucket; the map
// shows only located records the caller may see, capped with `truncated`;
// errors and who may ask.
#include "service/statistics_series.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/clock.h"
#include "service/demo_seeder.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using testing::ServiceFixture;

constexpr std::int64_t kHour = 3600 * 1000;

class StatisticsSeriesTest : public ::testing::Test {
 protected:
  StatisticsSeriesTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ga(f.make_user("ga-officer", Role::kOfficer, "GA")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {}

  std::int64_t insert(const std::string& sql) { return testing::insert_row(f.db(), sql); }
  static std::string n(std::int64_t v) { return std::to_string(v); }
  std::int64_t case_at(const std::string& number, const std::string& dept, std::int64_t at,
                       const std::string& lonlat = "NULL, NULL") {
    return insert(
        "INSERT INTO cases (number, title, offence_type, source, state, owner_department_id, lon, "
        "lat, created_at, updated_at) VALUES ('" +
        number + "', '案件', 'illegal_hunting', 'tip', 'filed', " + n(f.department_id(dept)) +
        ", " + lonlat + ", " + n(at) + ", " + n(at) + ")");
  }

  // Every series of `series` sums to the stats figure of the same code.
  void expect_sums_match(const CallContext& call, StatisticsRequest period,
                         const std::string& bucket) {
    SCOPED_TRACE(call.actor.username + " " + bucket + " " + period.department_code);
    auto stats = StatisticsService(f.ctx()).compute(call, period);
    ASSERT_TRUE(stats) << stats.error().message;
    SeriesRequest r;
    r.period = period;
    r.bucket = bucket;
    auto series = StatisticsSeriesService(f.ctx()).series(call, r);
    ASSERT_TRUE(series) << series.error().message;
    ASSERT_FALSE(series->buckets.empty());
    EXPECT_EQ(series->buckets.front().start, period.from);
    EXPECT_EQ(series->buckets.back().end, period.to);
    for (std::size_t i = 1; i < series->buckets.size(); ++i)
      EXPECT_EQ(series->buckets[i].start, series->buckets[i - 1].end);
    double nonzero = 0;
    for (const auto& s : series->series) {
      const auto* figure = stats->figure(s.code);
      ASSERT_NE(figure, nullptr) << s.code;
      EXPECT_EQ(s.label, figure->label) << s.code;
      EXPECT_EQ(s.unit, figure->unit) << s.code;
      double sum = 0;
      for (double v : s.values) sum += v;
      EXPECT_NEAR(sum, figure->value, 1e-6) << s.code;
      EXPECT_NEAR(s.total, figure->value, 1e-6) << s.code;
      ASSERT_EQ(s.values.size(), series->buckets.size());
      nonzero += sum;
    }
    // Figures the stats leave out for this caller are omitted, not zero.
    for (const auto& [code, why] : series->omitted) EXPECT_EQ(stats->figure(code), nullptr) << code;
    EXPECT_EQ(series->series.size() + series->omitted.size(), series_figure_codes().size());
    EXPECT_GT(nonzero, 0);  // the demo data is counted at all
  }

  ServiceFixture f;
  store::User office, lc, ga, admin;
};

TEST_F(StatisticsSeriesTest, SeriesAddUpToTheStatisticsOnTheDemoData) {
  ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
  const std::int64_t today = (now_ms() + kChinaOffsetMs) / kDayMs * kDayMs - kChinaOffsetMs;
  StatisticsRequest year{today - 364 * kDayMs, today + kDayMs, ""};
  StatisticsRequest quarter{today - 89 * kDayMs + 5 * kHour, today + kDayMs, ""};
  for (const auto& bucket : {"week", "month"}) {
    expect_sums_match(f.as(office), year, bucket);
    expect_sums_match(f.as(lc), year, bucket);
  }
  for (const auto& bucket : {"day", "week", "month"}) {
    expect_sums_match(f.as(office), quarter, bucket);
    expect_sums_match(f.as(lc), quarter, bucket);
    expect_sums_match(f.as(ga), quarter, bucket);
  }
  StatisticsRequest lc_only = year;
  lc_only.department_code = "LC";
  expect_sums_match(f.as(office), lc_only, "month");
}

TEST_F(StatisticsSeriesTest, RecordsFallInTheirChinaStandardTimeBucket) {
  const std::int64_t mar1 = *parse_china_date("2026-03-01");
  const std::int64_t apr1 = *parse_china_date("2026-04-01");
  case_at("A", "LC", mar1);               // 00:00 CST, 16:00 UTC the day before
  case_at("B", "LC", mar1 + 23 * kHour);  // still 1 March in CST
  case_at("C", "LC", mar1 + 24 * kHour);  // 2 March (a Monday)
  case_at("D", "NY", apr1 - 1);           // the last millisecond of March
  case_at("E", "LC", apr1);               // outside
  case_at("F", "LC", mar1 - 1);           // outside
  SeriesRequest r;
  r.period = {mar1, apr1, ""};
  r.figures = {"cases.opened"};
  auto days = StatisticsSeriesService(f.ctx()).series(f.as(office), r);
  ASSERT_TRUE(days) << days.error().message;
  ASSERT_EQ(days->buckets.size(), 31u);
  EXPECT_EQ(days->buckets[0].label, "2026-03-01");
  EXPECT_EQ(days->buckets[30].label, "2026-03-31");
  ASSERT_EQ(days->series.size(), 1u);
  EXPECT_EQ(days->series[0].values[0], 2);
  EXPECT_EQ(days->series[0].values[1], 1);
  EXPECT_EQ(days->series[0].values[30], 1);
  EXPECT_EQ(days->series[0].total, 4);

  r.bucket = "week";  // 1 March 2026 is a Sunday: its week is cut to one day
  auto weeks = StatisticsSeriesService(f.ctx()).series(f.as(office), r);
  ASSERT_TRUE(weeks);
  ASSERT_EQ(weeks->buckets.size(), 6u);
  EXPECT_EQ(weeks->buckets[0].start, mar1);
  EXPECT_EQ(weeks->buckets[0].end, mar1 + kDayMs);
  EXPECT_EQ(weeks->buckets[1].label, "2026-03-02");
  EXPECT_EQ(weeks->series[0].values[0], 2);
  EXPECT_EQ(weeks->series[0].values[1], 1);
  EXPECT_EQ(weeks->series[0].values[5], 1);

  r.bucket = "month";
  r.period = {*parse_china_date("2026-02-15"), *parse_china_date("2026-04-10"), ""};
  auto months = StatisticsSeriesService(f.ctx()).series(f.as(office), r);
  ASSERT_TRUE(months);
  ASSERT_EQ(months->buckets.size(), 3u);
  EXPECT_EQ(months->buckets[0].label, "2026-02");
  EXPECT_EQ(months->buckets[1].start, mar1);
  EXPECT_EQ(months->buckets[1].end, apr1);
  EXPECT_EQ(months->series[0].values[0], 1);
  EXPECT_EQ(months->series[0].values[1], 4);
  EXPECT_EQ(months->series[0].values[2], 1);

  // 林草 sees its own cases only.
  r.bucket = "day";
  r.period = {mar1, apr1, ""};
  auto own = StatisticsSeriesService(f.ctx()).series(f.as(lc), r);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->series[0].total, 3);
  // Listings and intake: 公安 may not count them, so they are omitted.
  r.figures = {"listings.received", "intake.events", "cases.opened"};
  auto ga_series = StatisticsSeriesService(f.ctx()).series(f.as(ga), r);
  ASSERT_TRUE(ga_series);
  EXPECT_EQ(ga_series->series.size(), 1u);
  EXPECT_EQ(ga_series->omitted.size(), 2u);
}

TEST_F(StatisticsSeriesTest, BadRequestsAndCallers) {
  const std::int64_t mar1 = *parse_china_date("2026-03-01");
  StatisticsSeriesService svc(f.ctx());
  SeriesRequest r;
  r.period = {mar1, mar1 + 30 * kDayMs, ""};
  r.bucket = "hour";
  EXPECT_EQ(svc.series(f.as(office), r).error().code, ErrorCode::kInvalidInput);
  r.bucket = "day";
  r.figures = {"cases.nope"};
  EXPECT_EQ(svc.series(f.as(office), r).error().code, ErrorCode::kInvalidInput);
  r.figures = {};
  r.period.department_code = "NOPE";
  EXPECT_EQ(svc.series(f.as(office), r).error().code, ErrorCode::kInvalidInput);
  r.period = {mar1, mar1 + 500 * kDayMs, ""};  // more than 400 days
  EXPECT_EQ(svc.series(f.as(office), r).error().code, ErrorCode::kInvalidInput);
  r.bucket = "week";
  EXPECT_TRUE(svc.series(f.as(office), r));
  r.period = {mar1, mar1, ""};
  EXPECT_EQ(svc.series(f.as(office), r).error().code, ErrorCode::kInvalidInput);
  r.period = {mar1, mar1 + kDayMs, ""};
  EXPECT_EQ(svc.series(f.as(admin), r).error().code, ErrorCode::kForbidden);
  MapRequest m;
  m.period = r.period;
  EXPECT_EQ(svc.map(f.as(admin), m).error().code, ErrorCode::kForbidden);
  m.kinds = {"listings"};
  EXPECT_EQ(svc.map(f.as(office), m).error().code, ErrorCode::kInvalidInput);
  m.kinds = {};
  m.limit = 0;
  EXPECT_EQ(svc.map(f.as(office), m).error().code, ErrorCode::kInvalidInput);
}

TEST_F(StatisticsSeriesTest, TheMapShowsLocatedVisibleRecordsCapped) {
  const std::int64_t mar1 = *parse_china_date("2026-03-01");
  const std::int64_t apr1 = *parse_china_date("2026-04-01");
  auto a = case_at("A", "LC", mar1 + kHour, "105.1, 37.5");
  case_at("B", "LC", mar1 + 2 * kHour);  // no coordinates
  auto c = case_at("C", "NY", mar1 + 3 * kHour, "105.2, 37.6");
  case_at("D", "LC", apr1 + kHour, "105.3, 37.7");  // outside the period
  StatisticsSeriesService svc(f.ctx());
  MapRequest m;
  m.period = {mar1, apr1, ""};
  auto all = svc.map(f.as(office), m);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->features.size(), 2u);
  EXPECT_FALSE(all->truncated);
  EXPECT_EQ(all->features[0].id, c);  // newest first
  EXPECT_EQ(all->features[0].link, "/cases/" + n(c));
  EXPECT_EQ(all->features[0].api, "/api/v1/cases/" + n(c));
  EXPECT_EQ(all->features[0].label, "C 案件");
  EXPECT_EQ(all->features[0].detail, "非法猎捕/杀害");
  EXPECT_DOUBLE_EQ(all->features[1].lon, 105.1);
  EXPECT_DOUBLE_EQ(all->features[1].lat, 37.5);
  const auto cases = std::find_if(all->counts.begin(), all->counts.end(),
                                  [](const auto& k) { return k.kind == "cases"; });
  ASSERT_NE(cases, all->counts.end());
  EXPECT_EQ(cases->located, 2);
  EXPECT_EQ(cases->unlocated, 1);
  EXPECT_EQ(cases->shown, 2);
  // Seizures have an optional point now (migration 0018): counted, none here.
  EXPECT_TRUE(all->not_located.empty());
  const auto seizures = std::find_if(all->counts.begin(), all->counts.end(),
                                     [](const auto& k) { return k.kind == "seizures"; });
  ASSERT_NE(seizures, all->counts.end());
  EXPECT_EQ(seizures->located, 0);

  auto own = svc.map(f.as(lc), m);  // 林草 does not see 农业农村's case
  ASSERT_TRUE(own);
  ASSERT_EQ(own->features.size(), 1u);
  EXPECT_EQ(own->features[0].id, a);

  m.period.department_code = "NY";
  auto ny = svc.map(f.as(office), m);
  ASSERT_TRUE(ny);
  ASSERT_EQ(ny->features.size(), 1u);
  EXPECT_EQ(ny->features[0].id, c);

  m.period.department_code = "";
  m.limit = 1;
  m.kinds = {"cases"};
  auto capped = svc.map(f.as(office), m);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->features.size(), 1u);
  EXPECT_TRUE(capped->truncated);
  EXPECT_TRUE(capped->not_located.empty());
}

TEST_F(StatisticsSeriesTest, TheDemoMapHasPointsOfEveryLocatedKind) {
  ASSERT_TRUE(DemoSeeder(f.ctx()).seed(cli_call_context()));
  const std::int64_t now = now_ms();
  MapRequest m;
  m.period = {now - 365 * kDayMs, now + kDayMs, ""};
  auto map = StatisticsSeriesService(f.ctx()).map(f.as(office), m);
  ASSERT_TRUE(map) << map.error().message;
  EXPECT_FALSE(map->features.empty());
  // The service-level demo seeds patrols and inspections (cases come with
  // `qingfeng demo --cases`): those kinds are on the map; every located
  // kind is shown (no cap reached).
  for (const auto& kind : {"observations", "inspections"}) {
    const auto it = std::find_if(map->counts.begin(), map->counts.end(),
                                 [&](const auto& k) { return k.kind == kind; });
    ASSERT_NE(it, map->counts.end()) << kind;
    EXPECT_GT(it->shown, 0) << kind;
  }
  EXPECT_FALSE(map->truncated);
  for (const auto& k : map->counts) EXPECT_EQ(k.shown, k.located) << k.kind;
  for (const auto& feature : map->features) {
    EXPECT_TRUE(std::isfinite(feature.lon) && std::isfinite(feature.lat));
    EXPECT_GE(feature.at, m.period.from);
    EXPECT_LT(feature.at, m.period.to);
  }
}

}  // namespace
}  // namespace qf::service
