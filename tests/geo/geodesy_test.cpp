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

}  // namespace
}  // namespace qf::geo
