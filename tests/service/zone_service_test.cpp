// ZoneService on both backends: who may create and edit zones, boundary
// checks with their messages, all-or-nothing import (GeoJSON and KML, dry
// run), optimistic versions, and coverage with plan vs actual for a known
// square zone.
#include "service/zone_service.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "geo/geodesy.h"
#include "service/patrol_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
using testing::ServiceFixture;

// 0.1° × 0.1° at 中卫: 8.82 km east–west × 11.12 km north–south.
json square(double lon = 105.0, double lat = 37.45, double size = 0.1) {
  return {
      {"type", "Polygon"},
      {"coordinates",
       {{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}}}};
}

json bow_tie() {
  return {{"type", "Polygon"},
          {"coordinates",
           {{{105.0, 37.0}, {105.1, 37.1}, {105.1, 37.0}, {105.0, 37.1}, {105.0, 37.0}}}}};
}

NewZone zone(const std::string& name, json geometry = square()) {
  NewZone z;
  z.properties.name = name;
  z.properties.kind = "nature_reserve";
  z.properties.township = "迎水桥镇";
  z.geometry = std::move(geometry);
  return z;
}

std::int64_t count(store::Database& db, const std::string& sql) {
  auto n = db.read([&](soci::session& s) -> Result<std::int64_t> {
    long long v = 0;
    s << sql, soci::into(v);
    return static_cast<std::int64_t>(v);
  });
  return n ? *n : -1;
}

// A GPX track north–south through the middle of square(), beyond its edges.
std::string middle_gpx(std::int64_t start_ms) {
  std::string gpx = "<gpx version=\"1.1\"><trk><trkseg>";
  for (int i = 0; i <= 20; ++i) {
    const double lat = 37.40 + 0.01 * i;
    gpx += "<trkpt lat=\"" + std::to_string(lat) + "\" lon=\"105.05\"><time>" +
           format_iso8601(start_ms + i * 6LL * 60 * 1000) + "</time></trkpt>";
  }
  return gpx + "</trkseg></trk></gpx>";
}

class ZoneServiceTest : public ::testing::Test {
 protected:
  ZoneServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        admin(f.make_user("admin1", Role::kAdmin, "OFFICE")) {}

  ServiceFixture f;
  store::User office, lc_officer, ny_officer, ga_officer, admin;
};

TEST_F(ZoneServiceTest, ForestryCreatesPoliceCannot) {
  ZoneService zones(f.ctx());
  auto police = zones.create(f.as(ga_officer), zone("公安建的区域"));
  ASSERT_FALSE(police);
  EXPECT_EQ(police.error().code, ErrorCode::kForbidden);

  auto created = zones.create(f.as(lc_officer), zone("沙坡头核心区"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->department_code, "LC");
  EXPECT_NEAR(created->area_km2, 98.1, 0.5);
  EXPECT_DOUBLE_EQ(created->min_lon, 105.0);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'zone.create'"), 1);

  // Every staff member reads zones; the system administrator does not.
  auto seen = zones.get(f.as(ga_officer), created->id);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->name, "沙坡头核心区");
  auto listed = zones.list(f.as(ny_officer), {});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 1);
  EXPECT_FALSE(zones.list(f.as(admin), {}));
  auto missing = zones.get(f.as(ga_officer), created->id + 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  const auto feature = zone_feature_json(*created);
  EXPECT_EQ(feature["type"], "Feature");
  EXPECT_EQ(feature["geometry"]["type"], "Polygon");
  EXPECT_EQ(feature["properties"]["kind_label"], "自然保护区");
  EXPECT_EQ(feature["properties"]["demo"], false);
}

TEST_F(ZoneServiceTest, InvalidBoundariesAreRefusedWithTheirReason) {
  ZoneService zones(f.ctx());
  auto bow = zones.create(f.as(lc_officer), zone("蝴蝶结", bow_tie()));
  ASSERT_FALSE(bow);
  EXPECT_EQ(bow.error().code, ErrorCode::kMalformedRequest);
  ASSERT_EQ(bow.error().fields.size(), 1u);
  EXPECT_EQ(bow.error().fields[0].field, "geometry");
  EXPECT_EQ(bow.error().fields[0].message, "边界自相交，位置约 105.050,37.050");

  auto nameless = zones.create(f.as(lc_officer), zone(""));
  ASSERT_FALSE(nameless);
  EXPECT_EQ(nameless.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(nameless.error().fields.at(0).field, "properties/name");

  NewZone bad_kind = zone("未知类型");
  bad_kind.properties.kind = "desert";
  ASSERT_FALSE(zones.create(f.as(lc_officer), bad_kind));
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM zones"), 0);
}

TEST_F(ZoneServiceTest, EditsNeedTheOwnerAndTheCurrentVersion) {
  ZoneService zones(f.ctx());
  auto created = zones.create(f.as(lc_officer), zone("香山林场"));
  ASSERT_TRUE(created);
  ZoneChanges c;
  c.responsible_person = "马某某";
  auto other = zones.update(f.as(ny_officer), created->id, c, 1);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kForbidden);

  auto changed = zones.update(f.as(lc_officer), created->id, c, 1);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->responsible_person, "马某某");
  EXPECT_EQ(changed->version, 2);

  auto stale = zones.update(f.as(lc_officer), created->id, c, 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);

  ZoneChanges grow;
  grow.geometry = square(105.0, 37.45, 0.2);
  auto bigger = zones.update(f.as(office), created->id, grow, 2);
  ASSERT_TRUE(bigger) << bigger.error().message;
  EXPECT_NEAR(bigger->area_km2, 4 * created->area_km2, 0.02 * 4 * created->area_km2);
  EXPECT_EQ(bigger->department_code, "LC");

  ZoneChanges broken;
  broken.geometry = bow_tie();
  auto refused = zones.update(f.as(lc_officer), created->id, broken, 3);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'zone.update'"), 2);
}

TEST_F(ZoneServiceTest, GeoJsonImportIsAllOrNothing) {
  ZoneService zones(f.ctx());
  json good = {{"type", "Feature"},
               {"properties", {{"name", "黄河禁捕段"}, {"kind", "no_fishing_water"}}},
               {"geometry", square(105.1, 37.45, 0.05)}};
  json bad = {{"type", "Feature"}, {"properties", {{"name", "坏边界"}}}, {"geometry", bow_tie()}};
  json nameless = {{"type", "Feature"}, {"properties", json::object()}, {"geometry", square()}};
  ZoneImport in;
  in.body = json{{"type", "FeatureCollection"}, {"features", {good, bad, nameless}}}.dump();
  auto refused = zones.import(f.as(ny_officer), in);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformedRequest);
  bool geometry_error = false, name_error = false;
  for (const auto& e : refused.error().fields) {
    if (e.field == "features/1/geometry") {
      geometry_error = true;
      EXPECT_NE(e.message.find("边界自相交"), std::string::npos);
    }
    if (e.field == "features/2/properties/name") name_error = true;
  }
  EXPECT_TRUE(geometry_error && name_error) << refused.error().message;
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM zones"), 0);

  in.body = json{{"type", "FeatureCollection"}, {"features", {good, good}}}.dump();
  in.dry_run = true;
  auto preview = zones.import(f.as(ny_officer), in);
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->zones.size(), 2u);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM zones"), 0);

  in.dry_run = false;
  auto done = zones.import(f.as(ny_officer), in);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->zones.size(), 2u);
  EXPECT_EQ(done->zones[0].kind, "no_fishing_water");
  EXPECT_EQ(done->zones[0].department_code, "NY");
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM zones"), 2);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'zone.import'"), 2);

  EXPECT_FALSE(zones.import(f.as(ga_officer), in));
}

TEST_F(ZoneServiceTest, KmlImportTakesNamesAndDefaultKind) {
  ZoneService zones(f.ctx());
  ZoneImport in;
  in.format = ZoneFileFormat::kKml;
  in.default_kind = "bird_wintering";
  in.body = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>腾格里湖湿地</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
    105.17,37.53 105.21,37.525 105.235,37.545 105.22,37.565 105.18,37.56 105.17,37.53
  </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>)";
  auto done = zones.import(f.as(lc_officer), in);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(done->zones.size(), 1u);
  EXPECT_EQ(done->zones[0].name, "腾格里湖湿地");
  EXPECT_EQ(done->zones[0].kind, "bird_wintering");
  EXPECT_GT(done->zones[0].area_km2, 5);

  in.body = "<kml><Document>";
  auto broken = zones.import(f.as(lc_officer), in);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kMalformedRequest);
}

TEST_F(ZoneServiceTest, CoverageOfASquareByATrackThroughTheMiddle) {
  ZoneService zones(f.ctx());
  PatrolService patrols(f.ctx());
  auto z = zones.create(f.as(lc_officer), zone("正方形保护区"));
  ASSERT_TRUE(z);
  const std::int64_t day = 24LL * 3600 * 1000;
  const std::int64_t start = now_ms() / day * day - 3 * day;

  NewPatrolPlan plan{z->id, "一队", start - day, start + 10 * day, 2, 5, ""};
  auto created_plan = patrols.create_plan(f.as(lc_officer), plan);
  ASSERT_TRUE(created_plan) << created_plan.error().message;
  EXPECT_EQ(created_plan->actual.patrols, 0);
  EXPECT_TRUE(created_plan->short_of_target);

  NewPatrol p;
  p.zone_id = z->id;
  p.team = "一队";
  p.transport = "foot";
  p.started_at = start;
  auto patrol = patrols.create(f.as(lc_officer), p);
  ASSERT_TRUE(patrol) << patrol.error().message;
  auto tracked =
      patrols.put_track(f.as(lc_officer), patrol->id, TrackFormat::kGpx, middle_gpx(start));
  ASSERT_TRUE(tracked) << tracked.error().message;
  EXPECT_NEAR(tracked->km, 22.24, 0.05);
  EXPECT_NEAR(tracked->hours, 2.0, 1e-6);

  auto c = zones.coverage(f.as(ga_officer), z->id, start - day, start + day);
  ASSERT_TRUE(c) << c.error().message;
  const double width = geo::distance_metres({105.0, 37.5}, {105.1, 37.5});
  EXPECT_NEAR(c->coverage.covered_ratio, 1000.0 / width, 0.002);
  EXPECT_EQ(c->effort.patrols, 1);
  EXPECT_NEAR(c->effort.km, 22.24, 0.05);
  EXPECT_NEAR(c->effort.hours, 2.0, 1e-6);
  ASSERT_TRUE(c->coverage.gaps.is_object());
  ASSERT_EQ(c->plans.size(), 1u);
  EXPECT_EQ(c->plans[0].actual.patrols, 1);
  EXPECT_TRUE(c->plans[0].short_of_target);  // 1 of 2 patrols, though 22 of 5 km
  const auto j = to_json(*c);
  EXPECT_EQ(j["patrols"], 1);
  EXPECT_EQ(j["buffer_m"], 500.0);
  EXPECT_EQ(j["plans"][0]["short"], true);

  auto wide = zones.coverage(f.as(lc_officer), z->id, start - day, start + day, 5000);
  ASSERT_TRUE(wide);
  EXPECT_NEAR(wide->coverage.covered_ratio, 1.0, 1e-9);
  EXPECT_TRUE(wide->coverage.gaps.is_null());

  // Outside the period: nothing patrolled, the whole zone is a gap.
  auto before = zones.coverage(f.as(lc_officer), z->id, start - 10 * day, start - 5 * day);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->effort.patrols, 0);
  EXPECT_EQ(before->coverage.covered_ratio, 0.0);
  EXPECT_EQ(before->coverage.gaps["type"], "Polygon");

  auto reversed = zones.coverage(f.as(lc_officer), z->id, start, start - day);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace qf::service
