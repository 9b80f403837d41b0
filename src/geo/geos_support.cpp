#include "geo/geos_support.h"

#include <cmath>

namespace qf::geo::detail {
namespace {

double rounded(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

nlohmann::json ring_json(GEOSContextHandle_t h, const GEOSGeometry* ring, int decimals) {
  nlohmann::json out = nlohmann::json::array();
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned int size = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) return out;
  for (unsigned int i = 0; i < size; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    out.push_back({rounded(x, decimals), rounded(y, decimals)});
  }
  return out;
}

nlohmann::json polygon_coordinates(GEOSContextHandle_t h, const GEOSGeometry* poly, int decimals) {
  nlohmann::json rings = nlohmann::json::array();
  rings.push_back(ring_json(h, GEOSGetExteriorRing_r(h, poly), decimals));
  const int holes = GEOSGetNumInteriorRings_r(h, poly);
  for (int i = 0; i < holes; ++i)
    rings.push_back(ring_json(h, GEOSGetInteriorRingN_r(h, poly, i), decimals));
  return rings;
}

// Every polygon of g (a Polygon, a MultiPolygon or a collection holding
// them), collected as GeoJSON coordinate arrays.
void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, int decimals,
                      nlohmann::json& out) {
  if (!g || GEOSisEmpty_r(h, g) != 0) return;
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    out.push_back(polygon_coordinates(h, g, decimals));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect_polygons(h, GEOSGetGeometryN_r(h, g, i), decimals, out);
  }
}

int to_lonlat(double* x, double* y, void* userdata) {
  const auto* plane = static_cast<const LocalPlane*>(userdata);
  double lon = 0, lat = 0;
  plane->to_lonlat(*x, *y, lon, lat);
  *x = lon;
  *y = lat;
  return 1;
}

}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_error(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message ? message : "";
}

Error GeosContext::failure(const std::string& what) const {
  return Error{ErrorCode::kInternal,
               "几何计算失败（" + what + (last_error_.empty() ? "" : ": " + last_error_) + "）",
               {},
               0};
}

CoordSeqPtr GeosContext::sequence(const Path& points, const LocalPlane* plane) const {
  CoordSeqPtr seq(GEOSCoordSeq_create_r(handle_, static_cast<unsigned int>(points.size()), 2),
                  CoordSeqDeleter{handle_});
  if (!seq) return seq;
  for (std::size_t i = 0; i < points.size(); ++i) {
    double x = points[i].lon, y = points[i].lat;
    if (plane) plane->to_xy(points[i].lon, points[i].lat, x, y);
    if (!GEOSCoordSeq_setXY_r(handle_, seq.get(), static_cast<unsigned int>(i), x, y))
      return CoordSeqPtr(nullptr, CoordSeqDeleter{handle_});
  }
  return seq;
}

GeometryPtr GeosContext::line(const Path& points, const LocalPlane* plane) const {
  if (points.size() == 1) {
    double x = points[0].lon, y = points[0].lat;
    if (plane) plane->to_xy(points[0].lon, points[0].lat, x, y);
    return own(GEOSGeom_createPointFromXY_r(handle_, x, y));
  }
  auto seq = sequence(points, plane);
  if (!seq) return own(nullptr);
  // The line takes the sequence over, even when it fails.
  return own(GEOSGeom_createLineString_r(handle_, seq.release()));
}

GeometryPtr GeosContext::polygon(const PolygonRings& rings, const LocalPlane* plane) const {
  if (rings.empty()) return own(nullptr);
  std::vector<GeometryPtr> built;
  for (const auto& ring : rings) {
    auto seq = sequence(ring, plane);
    if (!seq) return own(nullptr);
    built.push_back(own(GEOSGeom_createLinearRing_r(handle_, seq.release())));
    if (!built.back()) return own(nullptr);
  }
  // GEOSGeom_createPolygon_r takes the rings over; the array only holds the
  // pointers for the call.
  std::vector<GEOSGeometry*> holes;
  for (std::size_t i = 1; i < built.size(); ++i) holes.push_back(built[i].release());
  GEOSGeometry* shell = built[0].release();
  return own(GEOSGeom_createPolygon_r(handle_, shell, holes.data(),
                                      static_cast<unsigned int>(holes.size())));
}

GeometryPtr GeosContext::polygons(const std::vector<PolygonRings>& parts,
                                  const LocalPlane* plane) const {
  if (parts.size() == 1) return polygon(parts[0], plane);
  std::vector<GeometryPtr> built;
  for (const auto& p : parts) {
    built.push_back(polygon(p, plane));
    if (!built.back()) return own(nullptr);
  }
  std::vector<GEOSGeometry*> raw;
  for (auto& g : built) raw.push_back(g.release());
  return own(GEOSGeom_createCollection_r(handle_, GEOS_MULTIPOLYGON, raw.data(),
                                         static_cast<unsigned int>(raw.size())));
}

GeometryPtr GeosContext::paths(const std::vector<Path>& parts, const LocalPlane* plane) const {
  std::vector<GeometryPtr> built;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    built.push_back(line(p, plane));
    if (!built.back()) return own(nullptr);
  }
  std::vector<GEOSGeometry*> raw;
  for (auto& g : built) raw.push_back(g.release());
  // Points and lines together: a generic collection (buffer takes any).
  return own(GEOSGeom_createCollection_r(handle_, GEOS_GEOMETRYCOLLECTION, raw.data(),
                                         static_cast<unsigned int>(raw.size())));
}

GeometryPtr GeosContext::unproject(const GEOSGeometry* g, const LocalPlane& plane) const {
  return own(GEOSGeom_transformXY_r(handle_, g, &to_lonlat,
                                    const_cast<void*>(static_cast<const void*>(&plane))));
}

nlohmann::json GeosContext::polygonal_geojson(const GEOSGeometry* g, int decimals) const {
  nlohmann::json polys = nlohmann::json::array();
  collect_polygons(handle_, g, decimals, polys);
  if (polys.empty()) return nullptr;
  if (polys.size() == 1) return {{"type", "Polygon"}, {"coordinates", std::move(polys[0])}};
  return {{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}};
}

}  // namespace qf::geo::detail
