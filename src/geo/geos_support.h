// RAII around the GEOS C API, internal to src/geo (no other layer includes
// geos_c.h). Every call goes through the reentrant `_r` functions with one
// context per GeosContext object, so threads never share GEOS state: make a
// GeosContext on the stack for one computation and let it go.
//
// Handles GEOS gives us to own (geometries, coordinate sequences, strings)
// live in unique_ptrs whose deleters carry the context; nothing is freed by
// hand. GEOS reports errors through a message handler (stored here) and a
// null/exception return, which the helpers turn into Error values.
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "geo/geodesy.h"

namespace qf::geo::detail {

class GeosContext;

struct GeometryDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(handle, g);
  }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct CoordSeqDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSCoordSequence* s) const {
    if (s) GEOSCoordSeq_destroy_r(handle, s);
  }
};
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;

// Strings GEOS allocates (validity reasons) go back through GEOSFree_r.
struct GeosFreeDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(char* p) const {
    if (p) GEOSFree_r(handle, p);
  }
};
using GeosStringPtr = std::unique_ptr<char, GeosFreeDeleter>;

// A closed ring or an open path of lon/lat (or projected x/y) points.
using Path = std::vector<LonLat>;
// A polygon: its shell first, then its holes.
using PolygonRings = std::vector<Path>;

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }
  // Takes ownership of what a GEOS call returned; null stays null.
  GeometryPtr own(GEOSGeometry* g) const { return GeometryPtr(g, GeometryDeleter{handle_}); }
  GeosStringPtr own_string(char* p) const { return GeosStringPtr(p, GeosFreeDeleter{handle_}); }
  // The error for a GEOS call that returned null or an exception code.
  Error failure(const std::string& what) const;

  // Builders (null with failure() on error). Points are taken as x = lon,
  // y = lat unless a plane is given, which projects them first.
  GeometryPtr line(const Path& points, const LocalPlane* plane = nullptr) const;
  GeometryPtr polygon(const PolygonRings& rings, const LocalPlane* plane = nullptr) const;
  // One Polygon, or a MultiPolygon of several.
  GeometryPtr polygons(const std::vector<PolygonRings>& parts,
                       const LocalPlane* plane = nullptr) const;
  // A MultiLineString (or MultiPoint for single-point paths) of several paths.
  GeometryPtr paths(const std::vector<Path>& parts, const LocalPlane* plane = nullptr) const;
  // The geometry back in lon/lat from a plane.
  GeometryPtr unproject(const GEOSGeometry* g, const LocalPlane& plane) const;

  // A (Multi)Polygon as GeoJSON, coordinates rounded to `decimals`; other
  // geometry types in a collection are skipped. Null JSON when empty.
  nlohmann::json polygonal_geojson(const GEOSGeometry* g, int decimals) const;

 private:
  CoordSeqPtr sequence(const Path& points, const LocalPlane* plane) const;
  static void on_error(const char* message, void* self);

  GEOSContextHandle_t handle_ = nullptr;
  std::string last_error_;
};

}  // namespace qf::geo::detail
