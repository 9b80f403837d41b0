#include "geo/geodesy.h"

#include <gtest/gtest.h>

namespace qf::geo {
namespace {

TEST(Geodesy, OneDegreeOfLatitudeIsAbout111Kilometres) {
  EXPECT_NEAR(distance_metres({105.0, 37.0}, {105.0, 38.0}), 111195, 50);
}

TEST(Geodesy, LongitudeShrinksWithLatitude) {
  // At 37.5°N (中卫) a degree of longitude is cos(37.5°) of one at the equator.
  const double equator = distance_metres({105.0, 0.0}, {106.0, 0.0});
  const double zhongwei = distance_metres({105.0, 37.5}, {106.0, 37.5});
  EXPECT_NEAR(zhongwei / equator, 0.7934, 0.001);
}

TEST(Geodesy, PathLengthSumsItsLegs) {
  const std::vector<LonLat> path = {{105.0, 37.0}, {105.0, 37.01}, {105.01, 37.01}};
  EXPECT_NEAR(path_length_metres(path),
              distance_metres(path[0], path[1]) + distance_metres(path[1], path[2]), 1e-6);
  EXPECT_EQ(path_length_metres({{105.0, 37.0}}), 0.0);
  EXPECT_EQ(path_length_metres({}), 0.0);
}

TEST(Geodesy, LocalPlaneRoundTripsAndMatchesDistances) {
  const LocalPlane plane({105.05, 37.5});
  double x = 0, y = 0, lon = 0, lat = 0;
  plane.to_xy(105.1, 37.55, x, y);
  plane.to_lonlat(x, y, lon, lat);
  EXPECT_NEAR(lon, 105.1, 1e-12);
  EXPECT_NEAR(lat, 37.55, 1e-12);
  // Along the centre parallel and a meridian the plane is true to scale.
  plane.to_xy(105.15, 37.5, x, y);
  EXPECT_NEAR(x, distance_metres({105.05, 37.5}, {105.15, 37.5}), 1.0);
  plane.to_xy(105.05, 37.6, x, y);
  EXPECT_NEAR(y, distance_metres({105.05, 37.5}, {105.05, 37.6}), 0.01);
}

}  // namespace
}  // namespace qf::geo
