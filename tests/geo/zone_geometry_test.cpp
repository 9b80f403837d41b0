// Zone boundaries from GeoJSON and KML: what is accepted, what is refused
// and with which message, and the area of known shapes.
#include "geo/zone_geometry.h"

#include <gtest/gtest.h>

namespace qf::geo {
namespace {

using json = nlohmann::json;

// 0.1° × 0.1° at 中卫: 8.82 km east–west × 11.12 km north–south.
json square(double lon = 105.0, double lat = 37.45, double size = 0.1) {
  return {
      {"type", "Polygon"},
      {"coordinates",
       {{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}}}};
}

std::string field_message(const Error& e) { return e.fields.empty() ? "" : e.fields[0].message; }

TEST(ZoneGeometry, SquareHasItsAreaAndBox) {
  auto z = zone_from_geojson(square());
  ASSERT_TRUE(z) << z.error().message;
  const double width = distance_metres({105.0, 37.5}, {105.1, 37.5});
  const double height = distance_metres({105.0, 37.45}, {105.0, 37.55});
  EXPECT_NEAR(z->area_km2, width * height / 1e6, 0.005 * width * height / 1e6);
  EXPECT_NEAR(z->area_km2, 98.1, 0.5);
  EXPECT_DOUBLE_EQ(z->bbox.min_lon, 105.0);
  EXPECT_DOUBLE_EQ(z->bbox.max_lat, 37.55);
  EXPECT_EQ(z->geojson["type"], "Polygon");
}

TEST(ZoneGeometry, FeatureAndMultiPolygonAreAccepted) {
  json feature = {{"type", "Feature"}, {"properties", {{"name", "x"}}}, {"geometry", square()}};
  auto z = zone_from_geojson(feature);
  ASSERT_TRUE(z) << z.error().message;
  json multi = {
      {"type", "MultiPolygon"},
      {"coordinates", {square()["coordinates"], square(105.3, 37.45, 0.05)["coordinates"]}}};
  auto m = zone_from_geojson(multi);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->geojson["type"], "MultiPolygon");
  EXPECT_NEAR(m->area_km2, z->area_km2 * 1.25, 1.0);
  EXPECT_DOUBLE_EQ(m->bbox.max_lon, 105.35);
}

TEST(ZoneGeometry, AltitudesAreDropped) {
  json p = {
      {"type", "Polygon"},
      {"coordinates",
       {{{105.0, 37.0, 1200}, {105.1, 37.0, 1210}, {105.1, 37.1, 1190}, {105.0, 37.0, 1200}}}}};
  auto z = zone_from_geojson(p);
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(z->geojson["coordinates"][0][0].size(), 2u);
}

TEST(ZoneGeometry, BowTieIsRefusedWithWhere) {
  json bow = {{"type", "Polygon"},
              {"coordinates",
               {{{105.0, 37.0}, {105.1, 37.1}, {105.1, 37.0}, {105.0, 37.1}, {105.0, 37.0}}}}};
  auto z = zone_from_geojson(bow);
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(z.error().fields.at(0).field, "geometry");
  EXPECT_EQ(field_message(z.error()), "边界自相交，位置约 105.050,37.050");
  EXPECT_NE(z.error().message.find("边界自相交"), std::string::npos);
}

TEST(ZoneGeometry, OpenRingTooFewPointsAndRangeAreNamed) {
  json open = {{"type", "Polygon"},
               {"coordinates", {{{105.0, 37.0}, {105.1, 37.0}, {105.1, 37.1}, {105.0, 37.1}}}}};
  auto a = zone_from_geojson(open);
  ASSERT_FALSE(a);
  EXPECT_NE(field_message(a.error()).find("边界未闭合"), std::string::npos);

  json few = {{"type", "Polygon"},
              {"coordinates", {{{105.0, 37.0}, {105.1, 37.0}, {105.0, 37.0}}}}};
  auto b = zone_from_geojson(few);
  ASSERT_FALSE(b);
  EXPECT_NE(field_message(b.error()).find("点数过少"), std::string::npos);

  json swapped = {{"type", "Polygon"},
                  {"coordinates", {{{37.0, 105.0}, {37.1, 105.0}, {37.1, 105.1}, {37.0, 105.0}}}}};
  auto c = zone_from_geojson(swapped, "features/2/geometry");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).field, "features/2/geometry");
  EXPECT_NE(field_message(c.error()).find("坐标超出范围"), std::string::npos);
  EXPECT_NE(field_message(c.error()).find("写反"), std::string::npos);

  auto d = zone_from_geojson(json{{"type", "Point"}, {"coordinates", {105.0, 37.0}}});
  ASSERT_FALSE(d);
  EXPECT_NE(field_message(d.error()).find("Polygon 或 MultiPolygon"), std::string::npos);

  auto e = zone_from_geojson(json{{"type", "Polygon"}, {"coordinates", {{{"a", 1}}}}});
  ASSERT_FALSE(e);
}

TEST(ZoneGeometry, HoleOutsideShellIsRefused) {
  json p = square();
  p["coordinates"].push_back(
      {{106.0, 37.0}, {106.01, 37.0}, {106.01, 37.01}, {106.0, 37.01}, {106.0, 37.0}});
  auto z = zone_from_geojson(p);
  ASSERT_FALSE(z);
  EXPECT_NE(field_message(z.error()).find("内环"), std::string::npos) << field_message(z.error());
}

TEST(ZoneGeometry, KmlPolygonsPerPlacemark) {
  const std::string kml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>沙坡头核心区</name><description>演示</description>
    <ExtendedData><Data name="kind"><value>nature_reserve</value></Data></ExtendedData>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>
      105.0,37.45,0 105.1,37.45,0 105.1,37.55,0 105.0,37.55,0 105.0,37.45,0
    </coordinates></LinearRing></outerBoundaryIs>
    <innerBoundaryIs><LinearRing><coordinates>
      105.04,37.49 105.06,37.49 105.06,37.51 105.04,37.51 105.04,37.49
    </coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>
  <Placemark><name>坏的</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
      105.0,37.0 105.1,37.1 105.1,37.0 105.0,37.1 105.0,37.0
  </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
  <Placemark><name>只是一个点</name><Point><coordinates>105,37</coordinates></Point></Placemark>
</Document></kml>)";
  auto zones = zones_from_kml(kml);
  ASSERT_TRUE(zones) << zones.error().message;
  ASSERT_EQ(zones->size(), 2u);
  const auto& good = (*zones)[0];
  EXPECT_EQ(good.name, "沙坡头核心区");
  EXPECT_EQ(good.data.at("kind"), "nature_reserve");
  ASSERT_TRUE(good.geometry) << good.geometry.error().message;
  EXPECT_EQ(good.geometry->geojson["coordinates"].size(), 2u);  // shell and hole
  const auto& bad = (*zones)[1];
  ASSERT_FALSE(bad.geometry);
  EXPECT_EQ(bad.geometry.error().fields.at(0).field, "placemarks/1/geometry");
  EXPECT_NE(field_message(bad.geometry.error()).find("边界自相交，位置约 105.050,37.050"),
            std::string::npos);
}

TEST(ZoneGeometry, KmlWithoutPolygonsOrBrokenIsRefused) {
  auto none = zones_from_kml("<kml><Document><Placemark><Point/></Placemark></Document></kml>");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kMalformedRequest);
  auto broken = zones_from_kml("<kml><Document><Placemark>");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("KML 文件格式错误"), std::string::npos);
  auto coords = zones_from_kml(
      "<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>105;37 x,y"
      "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>");
  ASSERT_TRUE(coords);
  ASSERT_FALSE((*coords)[0].geometry);
  EXPECT_NE(field_message((*coords)[0].geometry.error()).find("坐标格式错误"), std::string::npos);
}

TEST(ZoneGeometry, StoredGeometryReadsBack) {
  auto z = zone_from_geojson(square());
  ASSERT_TRUE(z);
  const auto parts = zone_polygons(z->geojson);
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_EQ(parts[0].size(), 1u);
  EXPECT_EQ(parts[0][0].size(), 5u);
  EXPECT_TRUE(zone_polygons(json{{"type", "LineString"}}).empty());
}

}  // namespace
}  // namespace qf::geo
