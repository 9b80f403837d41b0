#include "geo/geodesy.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace qf::geo {

double distance_metres(const LonLat& a, const LonLat& b) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double s =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMetres * std::asin(std::min(1.0, std::sqrt(s)));
}

double path_length_metres(const std::vector<LonLat>& path) {
  double total = 0;
  for (std::size_t i = 1; i < path.size(); ++i) total += distance_metres(path[i - 1], path[i]);
  return total;
}

LocalPlane::LocalPlane(LonLat centre) : centre_(centre) {
  constexpr double kRad = std::numbers::pi / 180.0;
  ky_ = kEarthRadiusMetres * kRad;
  // Clamped so a (nonsensical) polar centre cannot divide by zero.
  kx_ = ky_ * std::max(1e-6, std::cos(centre.lat * kRad));
}

}  // namespace qf::geo
