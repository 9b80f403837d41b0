// Coverage on known shapes: a track through the middle of a square zone
// covers a strip 2 × buffer wide; a track outside covers nothing; a wide
// enough buffer covers all.
#include "geo/coverage.h"

#include <gtest/gtest.h>

#include "geo/zone_geometry.h"

namespace qf::geo {
namespace {

using json = nlohmann::json;

// 0.1° × 0.1° at 中卫 (8.82 km × 11.12 km).
json square_zone() {
  return {{"type", "Polygon"},
          {"coordinates",
           {{{105.0, 37.45}, {105.1, 37.45}, {105.1, 37.55}, {105.0, 37.55}, {105.0, 37.45}}}}};
}

double zone_width_m() { return distance_metres({105.0, 37.5}, {105.1, 37.5}); }

// North–south through the middle, beyond both edges (so the round caps
// fall outside the zone).
std::vector<LonLat> middle_track() { return {{105.05, 37.40}, {105.05, 37.60}}; }

TEST(Coverage, TrackThroughTheMiddleCoversAStrip) {
  auto c = compute_coverage(square_zone(), {middle_track()}, 500);
  ASSERT_TRUE(c) << c.error().message;
  const double expected = 1000.0 / zone_width_m();  // ≈ 0.1134
  EXPECT_NEAR(c->covered_ratio, expected, 0.002);
  EXPECT_NEAR(c->zone_km2, 98.1, 0.5);
  EXPECT_NEAR(c->covered_km2, 1.0 * 11.12, 0.1);
  // The gaps: the two side strips, each in lon/lat within the zone.
  ASSERT_TRUE(c->gaps.is_object());
  EXPECT_EQ(c->gaps["type"], "MultiPolygon");
  EXPECT_EQ(c->gaps["coordinates"].size(), 2u);
  for (const auto& poly : c->gaps["coordinates"])
    for (const auto& p : poly[0]) {
      EXPECT_GE(p[0].get<double>(), 105.0 - 1e-6);
      EXPECT_LE(p[0].get<double>(), 105.1 + 1e-6);
    }
  auto gaps = zone_from_geojson(c->gaps);
  ASSERT_TRUE(gaps) << gaps.error().message;
  EXPECT_NEAR(gaps->area_km2 / c->zone_km2, 1 - expected, 0.003);
}

TEST(Coverage, BufferIsConfigurable) {
  auto c = compute_coverage(square_zone(), {middle_track()}, 1000);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NEAR(c->covered_ratio, 2000.0 / zone_width_m(), 0.003);
}

TEST(Coverage, TrackOutsideCoversNothing) {
  auto c = compute_coverage(square_zone(), {{{105.3, 37.40}, {105.3, 37.60}}}, 500);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_DOUBLE_EQ(c->covered_ratio, 0.0);
  ASSERT_TRUE(c->gaps.is_object());
  EXPECT_EQ(c->gaps["type"], "Polygon");
}

TEST(Coverage, NoTracksLeaveTheWholeZoneAGap) {
  auto c = compute_coverage(square_zone(), {}, 500);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->covered_ratio, 0.0);
  EXPECT_EQ(c->gaps, square_zone());
}

TEST(Coverage, WideBufferCoversAllAndLeavesNoGap) {
  auto c = compute_coverage(square_zone(), {middle_track()}, 5000);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_NEAR(c->covered_ratio, 1.0, 1e-9);
  EXPECT_TRUE(c->gaps.is_null()) << c->gaps.dump();
}

TEST(Coverage, SingleFixCoversADisc) {
  auto c = compute_coverage(square_zone(), {{{105.05, 37.5}}}, 500);
  ASSERT_TRUE(c) << c.error().message;
  const double disc_km2 = 3.14159265 * 0.5 * 0.5;
  EXPECT_NEAR(c->covered_km2, disc_km2, disc_km2 * 0.01);
}

TEST(Coverage, BufferOutOfRangeIsRefused) {
  auto c = compute_coverage(square_zone(), {middle_track()}, 5);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace qf::geo
