// Coverage of a zone by patrol tracks: the share of the zone within
// buffer_m of some track, and the gaps nobody came near. No I/O.
//
// The zone and the tracks are projected to the zone's local plane
// (geodesy.h LocalPlane: equirectangular, centred on the zone's bounding
// box; ≤ 0.3 % scale error over a zone 0.4° tall, mostly cancelling in a
// ratio), every track is buffered by buffer_m metres (round caps and joins,
// so a single fix covers a disc), the buffers are unioned, and
//   covered_ratio = area(zone ∩ ⋃ buffers) / area(zone),
//   gaps          = zone − ⋃ buffers, back in lon/lat as GeoJSON.
// Gaps are simplified by a few metres (topology kept) so a map gets
// hundreds of vertices, not the buffers' tens of thousands.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "geo/geodesy.h"

namespace qf::geo {

inline constexpr double kDefaultBufferMetres = 500;
inline constexpr double kMinBufferMetres = 10;
inline constexpr double kMaxBufferMetres = 5000;

struct Coverage {
  double zone_km2 = 0;
  double covered_km2 = 0;
  double covered_ratio = 0;  // 0..1
  // Polygon | MultiPolygon of the uncovered part; null when none is left.
  nlohmann::json gaps;
};

// zone: a stored zone geometry (GeoJSON Polygon|MultiPolygon, already
// checked). tracks: paths in lon/lat; empty ones are ignored.
Result<Coverage> compute_coverage(const nlohmann::json& zone,
                                  const std::vector<std::vector<LonLat>>& tracks,
                                  double buffer_m = kDefaultBufferMetres);

}  // namespace qf::geo
