// Distances on the earth for field records given in WGS-84 degrees
// (GeoJSON, GPX and KML all use longitude/latitude on WGS-84).
//
// Patrol tracks are a few to a few hundred kilometres long, so the
// haversine formula on a sphere of the mean earth radius is accurate to
// about 0.5 % — well inside what a ranger's phone GPS gives.
#pragma once

#include <vector>

namespace qf::geo {

struct LonLat {
  double lon = 0;  // degrees east, -180..180
  double lat = 0;  // degrees north, -90..90
};

constexpr double kEarthRadiusMetres = 6371008.8;  // IUGG mean radius

// Great-circle distance between two points, in metres.
double distance_metres(const LonLat& a, const LonLat& b);

// Length of a polyline, in metres (0 for fewer than two points).
double path_length_metres(const std::vector<LonLat>& path);

}  // namespace qf::geo
