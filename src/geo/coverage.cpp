#include "geo/coverage.h"

#include <algorithm>
#include <limits>

#include "geo/geos_support.h"
#include "geo/zone_geometry.h"

namespace qf::geo {
namespace {

// Quarter-circle segments of a buffer's round ends: 8 keeps the area within
// 0.3 % of a true disc and the vertex count modest.
constexpr int kQuadrantSegments = 8;
// Gap outlines are simplified by this much (metres) before they go to a map.
constexpr double kGapSimplifyMetres = 5;
// Tracks are thinned by a fraction of the buffer first: points closer than
// that to the line through their neighbours change the buffer by less.
constexpr double kTrackSimplifyShare = 0.02;

}  // namespace

Result<Coverage> compute_coverage(const nlohmann::json& zone_json,
                                  const std::vector<std::vector<LonLat>>& tracks, double buffer_m) {
  if (!(buffer_m >= kMinBufferMetres && buffer_m <= kMaxBufferMetres))
    return invalid("buffer_m", "缓冲距离应为 10–5000 米");
  const auto parts = zone_polygons(zone_json);
  if (parts.empty()) return fail(ErrorCode::kInternal, "区域边界数据损坏");
  BoundingBox box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                  std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const auto& p : parts)
    for (const auto& pt : p.front()) {
      box.min_lon = std::min(box.min_lon, pt.lon);
      box.min_lat = std::min(box.min_lat, pt.lat);
      box.max_lon = std::max(box.max_lon, pt.lon);
      box.max_lat = std::max(box.max_lat, pt.lat);
    }
  const LocalPlane plane(bbox_centre(box));

  detail::GeosContext geos;
  const auto h = geos.handle();
  auto zone = geos.polygons(parts, &plane);
  if (!zone) return tl::unexpected(geos.failure("区域边界"));
  Coverage c;
  double zone_area = 0;
  if (!GEOSArea_r(h, zone.get(), &zone_area)) return tl::unexpected(geos.failure("区域面积"));
  c.zone_km2 = zone_area / 1e6;

  std::vector<std::vector<LonLat>> kept;
  for (const auto& t : tracks)
    if (!t.empty()) kept.push_back(t);
  if (kept.empty() || zone_area <= 0) {
    c.gaps = zone_json;  // nothing patrolled: the whole zone is a gap
    return c;
  }
  auto lines = geos.paths(kept, &plane);
  if (!lines) return tl::unexpected(geos.failure("轨迹"));
  auto thinned =
      geos.own(GEOSTopologyPreserveSimplify_r(h, lines.get(), buffer_m * kTrackSimplifyShare));
  const GEOSGeometry* to_buffer = thinned ? thinned.get() : lines.get();
  // A buffer of the whole collection is the union of the tracks' buffers.
  auto buffers = geos.own(GEOSBuffer_r(h, to_buffer, buffer_m, kQuadrantSegments));
  if (!buffers) return tl::unexpected(geos.failure("轨迹缓冲区"));
  auto covered = geos.own(GEOSIntersection_r(h, zone.get(), buffers.get()));
  if (!covered) return tl::unexpected(geos.failure("覆盖范围"));
  double covered_area = 0;
  if (!GEOSArea_r(h, covered.get(), &covered_area)) return tl::unexpected(geos.failure("覆盖面积"));
  c.covered_km2 = covered_area / 1e6;
  c.covered_ratio = std::clamp(covered_area / zone_area, 0.0, 1.0);

  auto gaps = geos.own(GEOSDifference_r(h, zone.get(), buffers.get()));
  if (!gaps) return tl::unexpected(geos.failure("空白区域"));
  auto simple = geos.own(GEOSTopologyPreserveSimplify_r(h, gaps.get(), kGapSimplifyMetres));
  const GEOSGeometry* shown = simple ? simple.get() : gaps.get();
  if (GEOSisEmpty_r(h, shown) == 1) {
    c.gaps = nullptr;
    return c;
  }
  auto back = geos.unproject(shown, plane);
  if (!back) return tl::unexpected(geos.failure("空白区域坐标"));
  c.gaps = geos.polygonal_geojson(back.get(), 6);
  return c;
}

}  // namespace qf::geo
