#include "geo/zone_geometry.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "geo/geos_support.h"
#include "geo/xml_support.h"

namespace qf::geo {
namespace {

using detail::GeosContext;
using detail::Path;
using detail::PolygonRings;
using json = nlohmann::json;

tl::unexpected<Error> geometry_error(const std::string& field, const std::string& message) {
  return tl::unexpected<Error>(
      Error{ErrorCode::kMalformedRequest, "区域边界无效：" + message, {{field, message}}, 0});
}

std::string point_text(double lon, double lat) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f,%.3f", lon, lat);
  return buf;
}

std::string range_message(double lon, double lat, std::size_t index) {
  std::string m = "坐标超出范围：经度应在 -180～180、纬度应在 -90～90（第 " +
                  std::to_string(index + 1) + " 个点为 " + point_text(lon, lat) + "）";
  if (lon >= -90 && lon <= 90 && (lat < -90 || lat > 90)) m += "，是否把经纬度写反了？";
  return m;
}

bool in_range(double lon, double lat) {
  return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

// Ring rules GEOS would only report vaguely (or throw on).
Status check_ring(const Path& ring, const std::string& field) {
  if (ring.size() < 4)
    return geometry_error(field, "环的点数过少：至少需要 4 个点（首尾两点相同），现有 " +
                                     std::to_string(ring.size()) + " 个");
  for (std::size_t i = 0; i < ring.size(); ++i)
    if (!in_range(ring[i].lon, ring[i].lat))
      return geometry_error(field, range_message(ring[i].lon, ring[i].lat, i));
  const auto& a = ring.front();
  const auto& b = ring.back();
  if (a.lon != b.lon || a.lat != b.lat)
    return geometry_error(field, "边界未闭合：首尾两个点应相同（首点 " + point_text(a.lon, a.lat) +
                                     "，尾点 " + point_text(b.lon, b.lat) + "）");
  return {};
}

Result<Path> ring_from_json(const json& j, const std::string& field) {
  if (!j.is_array()) return geometry_error(field, "环应为坐标数组");
  Path ring;
  ring.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& p = j[i];
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      return geometry_error(field,
                            "第 " + std::to_string(i + 1) + " 个点应为 [经度, 纬度] 数字数组");
    ring.push_back({p[0].get<double>(), p[1].get<double>()});
  }
  return ring;
}

Result<PolygonRings> polygon_from_json(const json& j, const std::string& field) {
  if (!j.is_array() || j.empty()) return geometry_error(field, "多边形应为至少一个环的数组");
  PolygonRings rings;
  for (const auto& r : j) {
    auto ring = ring_from_json(r, field);
    if (!ring) return tl::unexpected(ring.error());
    if (auto ok = check_ring(*ring, field); !ok) return tl::unexpected(ok.error());
    rings.push_back(std::move(*ring));
  }
  return rings;
}

// GEOS's validity reasons (IsValidOp) in words a clerk understands.
std::string reason_text(const std::string& reason) {
  auto has = [&](const char* s) { return reason.find(s) != std::string::npos; };
  if (has("Self-intersection") || has("Ring Self-intersection")) return "边界自相交";
  if (has("Hole lies outside shell")) return "内环（洞）在外边界之外";
  if (has("Holes are nested")) return "内环相互嵌套";
  if (has("Interior is disconnected")) return "内环把区域分割成了不相连的部分";
  if (has("Nested shells")) return "多个多边形相互嵌套";
  if (has("Duplicate Rings")) return "存在重复的环";
  if (has("Too few")) return "环中不同的点过少（至少 3 个不同的点）";
  if (has("Invalid Coordinate")) return "坐标无效";
  if (has("not closed")) return "边界未闭合";
  if (has("Repeated Point")) return "存在重复的点";
  return "图形不是有效的多边形（" + reason + "）";
}

void extend(BoundingBox& b, const Path& ring) {
  for (const auto& p : ring) {
    b.min_lon = std::min(b.min_lon, p.lon);
    b.min_lat = std::min(b.min_lat, p.lat);
    b.max_lon = std::max(b.max_lon, p.lon);
    b.max_lat = std::max(b.max_lat, p.lat);
  }
}

json path_json(const Path& ring) {
  json out = json::array();
  for (const auto& p : ring) out.push_back({p.lon, p.lat});
  return out;
}

// The checks GEOS does (validity with location), the bounding box, the
// area in the zone's local plane, and the normalised GeoJSON.
Result<ZoneGeometry> finish_zone(const std::vector<PolygonRings>& parts, const std::string& field) {
  std::size_t vertices = 0;
  for (const auto& p : parts)
    for (const auto& r : p) vertices += r.size();
  if (parts.empty()) return geometry_error(field, "没有多边形");
  if (parts.size() > kMaxZoneParts || vertices > kMaxZoneVertices)
    return geometry_error(field, "边界过于复杂（最多 " + std::to_string(kMaxZoneVertices) +
                                     " 个点、" + std::to_string(kMaxZoneParts) +
                                     " 个多边形），请先在 GIS 软件中简化");
  GeosContext geos;
  auto g = geos.polygons(parts);
  if (!g) return geometry_error(field, "无法构成多边形");
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(geos.handle(), g.get(), 0, &reason, &location);
  auto where = geos.own(location);
  auto reason_owner = geos.own_string(reason);
  const std::string why = reason ? reason : "";
  if (valid == 2) return tl::unexpected(geos.failure("检查边界"));
  if (valid == 0) {
    std::string message = reason_text(why);
    double x = 0, y = 0;
    if (where && GEOSGeomGetX_r(geos.handle(), where.get(), &x) &&
        GEOSGeomGetY_r(geos.handle(), where.get(), &y))
      message += "，位置约 " + point_text(x, y);
    return geometry_error(field, message);
  }

  ZoneGeometry z;
  z.bbox = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
            std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (const auto& p : parts) extend(z.bbox, p.front());
  const LocalPlane plane(bbox_centre(z.bbox));
  auto projected = geos.polygons(parts, &plane);
  double area = 0;
  if (!projected || !GEOSArea_r(geos.handle(), projected.get(), &area))
    return tl::unexpected(geos.failure("计算面积"));
  z.area_km2 = area / 1e6;
  json coordinates = json::array();
  for (const auto& p : parts) {
    json rings = json::array();
    for (const auto& r : p) rings.push_back(path_json(r));
    coordinates.push_back(std::move(rings));
  }
  if (parts.size() == 1)
    z.geojson = {{"type", "Polygon"}, {"coordinates", std::move(coordinates[0])}};
  else
    z.geojson = {{"type", "MultiPolygon"}, {"coordinates", std::move(coordinates)}};
  return z;
}

// ---- KML ------------------------------------------------------------------

Result<Path> kml_ring(const pugi::xml_node& linear_ring, const std::string& field) {
  const auto coordinates = xml::child(linear_ring, "coordinates");
  if (!coordinates) return geometry_error(field, "LinearRing 中缺少 coordinates");
  auto tuples = xml::coordinate_tuples(coordinates.text().get());
  if (!tuples) return geometry_error(field, tuples.error().message);
  Path ring;
  for (const auto& t : *tuples) ring.push_back({t[0], t[1]});
  if (auto ok = check_ring(ring, field); !ok) return tl::unexpected(ok.error());
  return ring;
}

Result<PolygonRings> kml_polygon(const pugi::xml_node& polygon, const std::string& field) {
  PolygonRings rings;
  const auto outer = xml::child(xml::child(polygon, "outerBoundaryIs"), "LinearRing");
  if (!outer) return geometry_error(field, "Polygon 中缺少 outerBoundaryIs/LinearRing");
  auto shell = kml_ring(outer, field);
  if (!shell) return tl::unexpected(shell.error());
  rings.push_back(std::move(*shell));
  for (const auto& inner : xml::children(polygon, "innerBoundaryIs")) {
    for (const auto& ring_node : xml::children(inner, "LinearRing")) {
      auto hole = kml_ring(ring_node, field);
      if (!hole) return tl::unexpected(hole.error());
      rings.push_back(std::move(*hole));
    }
  }
  return rings;
}

}  // namespace

LonLat bbox_centre(const BoundingBox& b) {
  return {(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2};
}

Result<ZoneGeometry> zone_from_geojson(const json& input, const std::string& field) {
  if (!input.is_object())
    return geometry_error(field, "应为 GeoJSON 对象（Polygon、MultiPolygon 或含其一的 Feature）");
  const json* geometry = &input;
  if (input.value("type", "") == "Feature") {
    auto it = input.find("geometry");
    if (it == input.end() || !it->is_object())
      return geometry_error(field, "Feature 中缺少 geometry");
    geometry = &*it;
  }
  const std::string type = geometry->value("type", "");
  auto coords = geometry->find("coordinates");
  if (type != "Polygon" && type != "MultiPolygon")
    return geometry_error(field,
                          "不支持的几何类型“" + type + "”：区域边界应为 Polygon 或 MultiPolygon");
  if (coords == geometry->end() || !coords->is_array())
    return geometry_error(field, "缺少 coordinates 数组");
  std::vector<PolygonRings> parts;
  if (type == "Polygon") {
    auto p = polygon_from_json(*coords, field);
    if (!p) return tl::unexpected(p.error());
    parts.push_back(std::move(*p));
  } else {
    if (coords->size() > kMaxZoneParts)
      return geometry_error(field, "多边形过多（最多 " + std::to_string(kMaxZoneParts) + " 个）");
    for (const auto& pj : *coords) {
      auto p = polygon_from_json(pj, field);
      if (!p) return tl::unexpected(p.error());
      parts.push_back(std::move(*p));
    }
  }
  return finish_zone(parts, field);
}

Result<std::vector<KmlZone>> zones_from_kml(std::string_view kml) {
  pugi::xml_document doc;
  if (auto ok = xml::load(doc, kml, "KML"); !ok) return tl::unexpected(ok.error());
  std::vector<KmlZone> out;
  for (const auto& placemark : xml::descendants(doc, "Placemark")) {
    const auto polygons = xml::descendants(placemark, "Polygon");
    if (polygons.empty()) continue;
    KmlZone z{xml::child(placemark, "name").text().get(),
              xml::child(placemark, "description").text().get(),
              {},
              ZoneGeometry{}};
    for (const auto& d : xml::descendants(placemark, "Data"))
      z.data[d.attribute("name").value()] = xml::child(d, "value").text().get();
    for (const auto& d : xml::descendants(placemark, "SimpleData"))
      z.data[d.attribute("name").value()] = d.text().get();
    const std::string field = "placemarks/" + std::to_string(out.size()) + "/geometry";
    std::vector<PolygonRings> parts;
    for (const auto& polygon : polygons) {
      auto p = kml_polygon(polygon, field);
      if (!p) {
        z.geometry = tl::unexpected(p.error());
        break;
      }
      parts.push_back(std::move(*p));
    }
    if (z.geometry) z.geometry = finish_zone(parts, field);
    out.push_back(std::move(z));
  }
  if (out.empty())
    return fail(ErrorCode::kMalformedRequest, "KML 文件中没有多边形（Placemark/Polygon）");
  return out;
}

std::vector<std::vector<std::vector<LonLat>>> zone_polygons(const json& geojson) {
  std::vector<PolygonRings> parts;
  if (!geojson.is_object()) return parts;
  const std::string type = geojson.value("type", "");
  auto coords = geojson.find("coordinates");
  if (coords == geojson.end() || !coords->is_array()) return parts;
  auto ring_of = [](const json& r) {
    Path ring;
    for (const auto& p : r)
      if (p.is_array() && p.size() >= 2) ring.push_back({p[0].get<double>(), p[1].get<double>()});
    return ring;
  };
  auto polygon_of = [&](const json& pj) {
    PolygonRings rings;
    for (const auto& r : pj) rings.push_back(ring_of(r));
    return rings;
  };
  if (type == "Polygon") parts.push_back(polygon_of(*coords));
  if (type == "MultiPolygon")
    for (const auto& pj : *coords) parts.push_back(polygon_of(pj));
  return parts;
}

}  // namespace qf::geo
