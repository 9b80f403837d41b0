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

// A local metric plane for area and buffer work on one zone: an
// equirectangular projection centred on the zone (x = R·Δλ·cos φ0,
// y = R·Δφ, metres from the centre).
//
// Why this one: it is two multiplications each way, exact along the centre
// parallel and every meridian, and a zone of the size rangers patrol (a few
// to a few tens of kilometres) is far too small for the projection to
// matter. Its error is the east–west scale away from the centre latitude,
// cos φ / cos φ0 − 1 ≈ −tan φ0 · Δφ: at 37.5°N that is 0.13 % per 0.1° (11 km)
// north or south of the centre, so a zone 0.4° tall (沙坡头's reserve) is off
// by at most ±0.3 % in east–west distances and areas at its edges, less
// on average. A covered share is a ratio of two areas in the same plane, so
// most of that error cancels. Not for zones spanning the antimeridian or the
// poles (none in this country), nor for areas of whole provinces.
class LocalPlane {
 public:
  explicit LocalPlane(LonLat centre);
  LonLat centre() const { return centre_; }
  void to_xy(double lon, double lat, double& x, double& y) const {
    x = (lon - centre_.lon) * kx_;
    y = (lat - centre_.lat) * ky_;
  }
  void to_lonlat(double x, double y, double& lon, double& lat) const {
    lon = centre_.lon + x / kx_;
    lat = centre_.lat + y / ky_;
  }

 private:
  LonLat centre_;
  double kx_ = 1, ky_ = 1;  // metres per degree of longitude / latitude
};

}  // namespace qf::geo
