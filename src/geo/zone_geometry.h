// The boundary of a protected zone (保护区, 林场, 禁捕水域, 候鸟越冬地):
// read from GeoJSON or KML, checked, and measured. No I/O.
//
// Input is WGS-84 longitude/latitude in degrees, as GeoJSON (RFC 7946) and
// KML define it. A boundary is accepted only when it is a valid polygon in
// the OGC sense (GEOS isValid): rings closed, at least four positions each,
// coordinates in range, no self-intersections, holes inside their shell.
// Every refusal names what is wrong in Chinese and, where GEOS can say,
// where ("边界自相交，位置约 105.123,37.456"), so a clerk can find the bad
// vertex in the GIS tool the file came from. Refusals are kMalformedRequest
// errors with one field error (the field name the caller passes in).
//
// Validity is checked on lon/lat directly: the local projection used for
// measuring (geodesy.h LocalPlane) is affine, which keeps every
// intersection and containment exactly as it is.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "geo/geodesy.h"

namespace qf::geo {

struct BoundingBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

struct ZoneGeometry {
  // {"type":"Polygon"|"MultiPolygon","coordinates":[…]}, positions as
  // [lon, lat] (altitudes dropped).
  nlohmann::json geojson;
  BoundingBox bbox;
  double area_km2 = 0;
};

// Limits that keep one boundary a boundary, not a country's coastline.
inline constexpr std::size_t kMaxZoneVertices = 100000;
inline constexpr std::size_t kMaxZoneParts = 1000;

// A GeoJSON Polygon or MultiPolygon geometry, or a Feature holding one.
// `field` names the input in error messages ("geometry", "features/3/geometry").
Result<ZoneGeometry> zone_from_geojson(const nlohmann::json& geometry_or_feature,
                                       const std::string& field = "geometry");

// One Placemark of a KML file that holds polygons.
struct KmlZone {
  std::string name;
  std::string description;
  std::map<std::string, std::string> data;  // ExtendedData Data/SimpleData by name
  Result<ZoneGeometry> geometry;            // its Polygon(s), checked
};

// Every Placemark with a Polygon (directly or in a MultiGeometry; several
// polygons make a MultiPolygon). Fails for XML that does not parse and for a
// file without any polygon; a bad polygon fails only its own placemark.
Result<std::vector<KmlZone>> zones_from_kml(std::string_view kml);

// The zone's stored GeoJSON back as rings (no checks: it was checked when
// stored). Empty for anything that is not a (Multi)Polygon.
std::vector<std::vector<std::vector<LonLat>>> zone_polygons(const nlohmann::json& geojson);

// The centre of a bounding box, for LocalPlane.
LonLat bbox_centre(const BoundingBox& b);

}  // namespace qf::geo
