// Zones and patrols over HTTP, on the backend ctest chose: zones as GeoJSON
// Features (self-intersections refused with where), import, If-Match,
// patrols resent with an Idempotency-Key recorded once, GPX/KML tracks by
// content type, observations turned into tips once, coverage — with the
// row-level rule and problem+json answers.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.h"
#include "support/test_server.h"

namespace qf::api {
namespace {

using json = nlohmann::json;
using testing::HttpClient;
using testing::HttpResult;
using testing::TestServer;

void expect_problem(const HttpResult& r, int status, const std::string& type) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j.value("type", ""), "https://qingfeng.invalid/problems/" + type) << r.body;
  const std::string title = j.value("title", "");
  EXPECT_TRUE(std::any_of(title.begin(), title.end(), [](char c) { return c & 0x80; })) << r.body;
}

json square(double lon = 105.0, double lat = 37.45, double size = 0.1) {
  return {
      {"type", "Polygon"},
      {"coordinates",
       {{{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}}}}};
}

json feature(const std::string& name, json geometry = square()) {
  return {{"type", "Feature"},
          {"geometry", std::move(geometry)},
          {"properties", {{"name", name}, {"kind", "nature_reserve"}, {"township", "迎水桥镇"}}}};
}

std::string id_of(const json& j) { return std::to_string(j["id"].get<long long>()); }

const char* kGpx = R"(<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
  <trkpt lat="37.40" lon="105.05"><time>2026-11-20T08:00:00Z</time></trkpt>
  <trkpt lat="37.50" lon="105.05"><time>2026-11-20T09:00:00Z</time></trkpt>
  <trkpt lat="37.60" lon="105.05"><time>2026-11-20T10:00:00Z</time></trkpt>
</trkseg></trk></gpx>)";

class PatrolsApiTest : public ::testing::Test {
 protected:
  PatrolsApiTest() {
    auto& f = s.fixture();
    f.make_user("boss", Role::kOffice, "OFFICE");
    f.make_user("lc-officer", Role::kOfficer, "LC");
    f.make_user("lc-ranger", Role::kRanger, "LC-BHQ");
    f.make_user("ny-officer", Role::kOfficer, "NY");
    f.make_user("ga-officer", Role::kOfficer, "GA");
  }

  json create_zone(HttpClient& c, const std::string& name) {
    auto r = c.post_json("/api/v1/zones", feature(name));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  json start_patrol(HttpClient& c, const std::string& key, json body = nullptr) {
    if (body.is_null())
      body = {{"team", "沙坡头保护站巡护一队"},
              {"members", {"马护林员", "李某"}},
              {"transport", "foot"},
              {"started_at", now_ms() - 2 * 3600 * 1000}};
    auto r = c.post_json("/api/v1/patrols", body, {{"Idempotency-Key", key}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  TestServer s;
};

TEST_F(PatrolsApiTest, ZonesAreFeatures) {
  auto lc = s.client_as("lc-officer");
  auto created = lc.post_json("/api/v1/zones", feature("沙坡头核心区"));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  const auto z = created.json();
  EXPECT_EQ(z["type"], "Feature");
  EXPECT_EQ(z["geometry"]["type"], "Polygon");
  const auto& props = z["properties"];
  for (const char* key :
       {"id", "name", "kind", "kind_label", "township", "unit", "responsible_person",
        "responsible_phone", "department_code", "demo", "area_km2", "version", "updated_at"})
    EXPECT_TRUE(props.contains(key)) << key;
  EXPECT_EQ(props["kind_label"], "自然保护区");
  EXPECT_EQ(props["department_code"], "LC");
  EXPECT_NEAR(props["area_km2"].get<double>(), 98.1, 0.5);
  EXPECT_EQ(z["id"], props["id"]);

  auto ga = s.client_as("ga-officer");
  auto list = ga.get("/api/v1/zones?page=1&page_size=10");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto fc = list.json();
  EXPECT_EQ(fc["type"], "FeatureCollection");
  EXPECT_EQ(fc["total"], 1);
  EXPECT_EQ(fc["page_size"], 10);
  EXPECT_EQ(fc["features"][0]["properties"]["name"], "沙坡头核心区");
  EXPECT_EQ(ga.get("/api/v1/zones/" + id_of(z)).status, 200);
  expect_problem(ga.get("/api/v1/zones/99999"), 404, "not-found");
  expect_problem(ga.post_json("/api/v1/zones", feature("公安的区域")), 403, "forbidden");

  // A geo+json body is a Feature too.
  auto geo = lc.request("POST", "/api/v1/zones", feature("第二个").dump(),
                        {{"Content-Type", "application/geo+json"}});
  EXPECT_EQ(geo.status, 201) << geo.body;
}

TEST_F(PatrolsApiTest, SelfIntersectingBoundaryIs400WithWhere) {
  auto lc = s.client_as("lc-officer");
  const json bow = {
      {"type", "Polygon"},
      {"coordinates",
       {{{105.0, 37.0}, {105.1, 37.1}, {105.1, 37.0}, {105.0, 37.1}, {105.0, 37.0}}}}};
  auto r = lc.post_json("/api/v1/zones", feature("蝴蝶结", bow));
  expect_problem(r, 400, "malformed-request");
  const auto j = r.json();
  EXPECT_NE(j.value("detail", "").find("边界自相交，位置约 105.050,37.050"), std::string::npos)
      << r.body;
  ASSERT_TRUE(j.contains("errors"));
  EXPECT_EQ(j["errors"][0]["field"], "geometry");

  auto unknown = lc.post_json(
      "/api/v1/zones",
      {{"type", "Feature"},
       {"geometry", square()},
       {"properties", {{"name", "x"}, {"kind", "nature_reserve"}, {"colour", "red"}}}});
  expect_problem(unknown, 422, "invalid-input");
}

TEST_F(PatrolsApiTest, ZoneEditsNeedIfMatch) {
  auto lc = s.client_as("lc-officer");
  const auto z = create_zone(lc, "香山林场");
  const std::string path = "/api/v1/zones/" + id_of(z);
  const std::string patch = json{{"properties", {{"responsible_person", "马某某"}}}}.dump();
  expect_problem(lc.request("PATCH", path, patch, {{"Content-Type", "application/json"}}), 428,
                 "precondition-required");
  auto ok = lc.request("PATCH", path, patch,
                       {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.header("etag"), "\"v2\"");
  EXPECT_EQ(ok.json()["properties"]["responsible_person"], "马某某");
  expect_problem(lc.request("PATCH", path, patch,
                            {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}),
                 412, "precondition-failed");
  // The feature as GET returns it may be sent back (read-only fields ignored).
  json echoed = ok.json();
  echoed["properties"]["unit"] = "沙坡头保护区管理局";
  auto back = lc.request("PATCH", path, echoed.dump(),
                         {{"Content-Type", "application/json"}, {"If-Match", "\"v2\""}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()["properties"]["unit"], "沙坡头保护区管理局");
  expect_problem(s.client_as("ny-officer")
                     .request("PATCH", path, patch,
                              {{"Content-Type", "application/json"}, {"If-Match", "\"v3\""}}),
                 403, "forbidden");
}

TEST_F(PatrolsApiTest, ImportGeoJsonAndKml) {
  auto ny = s.client_as("ny-officer");
  const json fc = {{"type", "FeatureCollection"},
                   {"features",
                    {{{"type", "Feature"},
                      {"properties", {{"name", "黄河禁捕段"}, {"kind", "no_fishing_water"}}},
                      {"geometry", square(105.1, 37.47, 0.02)}}}}};
  auto dry = ny.request("POST", "/api/v1/zones:import?dry_run=true", fc.dump(),
                        {{"Content-Type", "application/geo+json"}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json()["dry_run"], true);
  EXPECT_EQ(dry.json()["features"].size(), 1u);
  EXPECT_EQ(ny.get("/api/v1/zones").json()["total"], 0);

  auto done = ny.request("POST", "/api/v1/zones:import", fc.dump(),
                         {{"Content-Type", "application/geo+json"}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json()["created"], 1);

  const std::string kml =
      "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Placemark><name>湿地</name><Polygon>"
      "<outerBoundaryIs><LinearRing><coordinates>105.17,37.53 105.21,37.525 105.235,37.545 "
      "105.17,37.53</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>";
  auto k = ny.request("POST", "/api/v1/zones:import?kind=bird_wintering", kml,
                      {{"Content-Type", "application/vnd.google-earth.kml+xml"}});
  ASSERT_EQ(k.status, 201) << k.body;
  EXPECT_EQ(k.json()["features"][0]["properties"]["kind"], "bird_wintering");

  expect_problem(ny.request("POST", "/api/v1/zones:import", kml, {{"Content-Type", "text/plain"}}),
                 415, "unsupported-media-type");
  expect_problem(ny.request("POST", "/api/v1/zones:import", "<kml><Placemark>",
                            {{"Content-Type", "application/vnd.google-earth.kml+xml"}}),
                 400, "malformed-request");
}

TEST_F(PatrolsApiTest, RangerPatrolWithTrackObservationAndTip) {
  auto ranger = s.client_as("lc-ranger");
  const auto p = start_patrol(ranger, "phone-1-patrol");
  for (const char* key : {"id", "zone_id", "zone_name", "team", "members", "transport",
                          "started_at", "ended_at", "state", "km", "hours", "track_points",
                          "department_code", "note", "observations_count", "version", "created_at"})
    EXPECT_TRUE(p.contains(key)) << key;
  EXPECT_EQ(p["state"], "open");
  EXPECT_EQ(p["ended_at"], nullptr);
  const std::string path = "/api/v1/patrols/" + id_of(p);

  // The phone resends after a lost answer: replayed, not duplicated.
  auto replay = ranger.post_json("/api/v1/patrols",
                                 {{"team", "沙坡头保护站巡护一队"},
                                  {"members", {"马护林员", "李某"}},
                                  {"transport", "foot"},
                                  {"started_at", p["started_at"]}},
                                 {{"Idempotency-Key", "phone-1-patrol"}});
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.json()["id"], p["id"]);
  EXPECT_EQ(ranger.get("/api/v1/patrols?mine=true").json()["total"], 1);

  // Track by content type.
  auto track =
      ranger.request("PUT", path + "/track", kGpx, {{"Content-Type", "application/gpx+xml"}});
  ASSERT_EQ(track.status, 200) << track.body;
  EXPECT_NEAR(track.json()["km"].get<double>(), 22.24, 0.05);
  EXPECT_EQ(track.json()["hours"], 2.0);
  EXPECT_EQ(track.json()["track_points"], 3);
  expect_problem(ranger.request("PUT", path + "/track", "<gpx><trk><trkseg><trkpt",
                                {{"Content-Type", "application/gpx+xml"}}),
                 400, "malformed-request");
  expect_problem(
      ranger.request("PUT", path + "/track", kGpx, {{"Content-Type", "application/json"}}), 415,
      "unsupported-media-type");
  const std::string kml =
      "<kml><Placemark><LineString><coordinates>105.0,37.5 105.0,37.51</coordinates>"
      "</LineString></Placemark></kml>";
  auto kml_track = ranger.request("PUT", path + "/track", kml,
                                  {{"Content-Type", "application/vnd.google-earth.kml+xml"}});
  ASSERT_EQ(kml_track.status, 200) << kml_track.body;
  EXPECT_EQ(kml_track.json()["track_points"], 2);

  // An observation sent twice with its key: one observation, one tip.
  const json obs = {{"kind", "trap_removal"},
                    {"tool_kind", "snare"},
                    {"count", 6},
                    {"lon", 105.02},
                    {"lat", 37.47},
                    {"observed_at", now_ms() - 3600 * 1000},
                    {"evidence_ids", json::array()},
                    {"to_tip", true}};
  auto first =
      ranger.post_json(path + "/observations", obs, {{"Idempotency-Key", "phone-1-obs-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const auto o = first.json();
  for (const char* key :
       {"id", "patrol_id", "kind", "kind_label", "tool_kind", "tool_label", "count", "species_text",
        "note", "lon", "lat", "observed_at", "evidence_ids", "tip_id", "created_at"})
    EXPECT_TRUE(o.contains(key)) << key;
  EXPECT_TRUE(o["tip_id"].is_number_integer()) << first.body;
  auto second =
      ranger.post_json(path + "/observations", obs, {{"Idempotency-Key", "phone-1-obs-1"}});
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  auto detail = ranger.get(path);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json()["observations"].size(), 1u);
  EXPECT_EQ(detail.json()["observations_count"], 1);
  EXPECT_EQ(detail.json()["track"]["type"], "LineString");
  auto tips = s.client_as("boss").get("/api/v1/tips?channel=patrol");
  ASSERT_EQ(tips.status, 200) << tips.body;
  EXPECT_EQ(tips.json()["total"], 1);

  expect_problem(ranger.post_json(path + "/observations/" + id_of(o) + "/tip", json::object()), 409,
                 "conflict");
  expect_problem(ranger.post_json(path + "/observations/99999/tip", json::object()), 404,
                 "not-found");
  auto bad = ranger.post_json(
      path + "/observations",
      {{"kind", "trap_removal"}, {"lon", 105.0}, {"lat", 37.5}, {"observed_at", now_ms()}});
  expect_problem(bad, 422, "invalid-input");

  // Another department: not found, as for a missing patrol.
  auto ny = s.client_as("ny-officer");
  expect_problem(ny.get(path), 404, "not-found");
  expect_problem(ny.get("/api/v1/patrols/99999"), 404, "not-found");
  EXPECT_EQ(ny.get("/api/v1/patrols").json()["total"], 0);
  EXPECT_EQ(s.client_as("lc-officer").get(path).status, 200);
  expect_problem(s.client_as("ga-officer")
                     .post_json("/api/v1/patrols",
                                {{"team", "x"}, {"transport", "foot"}, {"started_at", now_ms()}}),
                 403, "forbidden");
}

TEST_F(PatrolsApiTest, PatrolEndNeedsIfMatch) {
  auto ranger = s.client_as("lc-ranger");
  const auto p = start_patrol(ranger, "phone-2-patrol");
  const std::string path = "/api/v1/patrols/" + id_of(p);
  const std::string body = json{{"ended_at", now_ms()}, {"note", "返回保护站"}}.dump();
  expect_problem(ranger.request("PATCH", path, body, {{"Content-Type", "application/json"}}), 428,
                 "precondition-required");
  auto ended = ranger.request("PATCH", path, body,
                              {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["state"], "closed");
  EXPECT_NEAR(ended.json()["hours"].get<double>(), 2.0, 0.01);
  expect_problem(ranger.request("PATCH", path, body,
                                {{"Content-Type", "application/json"}, {"If-Match", "\"v1\""}}),
                 412, "precondition-failed");
}

TEST_F(PatrolsApiTest, CoverageAndPlanVsActual) {
  auto lc = s.client_as("lc-officer");
  const auto z = create_zone(lc, "正方形保护区");
  const std::string zone_id = id_of(z);
  const std::int64_t day = 24LL * 3600 * 1000;
  const std::int64_t from = now_ms() - 5 * day, to = now_ms() + day;
  auto plan = lc.post_json("/api/v1/patrol-plans", {{"zone_id", z["id"]},
                                                    {"team", "一队"},
                                                    {"period_from", from},
                                                    {"period_to", to},
                                                    {"target_patrols", 2},
                                                    {"target_km", 10}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(plan.json()["short"], true);

  const auto p = start_patrol(lc, "lc-1",
                              {{"zone_id", z["id"]},
                               {"team", "一队"},
                               {"transport", "foot"},
                               {"started_at", now_ms() - day}});
  auto track = lc.request("PUT", "/api/v1/patrols/" + id_of(p) + "/track", kGpx,
                          {{"Content-Type", "application/gpx+xml"}});
  ASSERT_EQ(track.status, 200) << track.body;

  auto c = s.client_as("ga-officer")
               .get("/api/v1/zones/" + zone_id + "/coverage?from=" + std::to_string(from) +
                    "&to=" + std::to_string(to));
  ASSERT_EQ(c.status, 200) << c.body;
  const auto j = c.json();
  for (const char* key : {"zone_id", "from", "to", "km", "hours", "covered_ratio", "patrols",
                          "buffer_m", "gaps", "plans"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["patrols"], 1);
  EXPECT_NEAR(j["covered_ratio"].get<double>(), 0.1134, 0.003);
  EXPECT_EQ(j["buffer_m"], 500.0);
  EXPECT_EQ(j["gaps"]["type"], "MultiPolygon");
  ASSERT_EQ(j["plans"].size(), 1u);
  for (const char* key :
       {"id", "team", "target_patrols", "target_km", "actual_patrols", "actual_km", "short"})
    EXPECT_TRUE(j["plans"][0].contains(key)) << key;
  EXPECT_EQ(j["plans"][0]["actual_patrols"], 1);
  EXPECT_EQ(j["plans"][0]["short"], true);

  auto wide = lc.get("/api/v1/zones/" + zone_id + "/coverage?from=" + std::to_string(from) +
                     "&to=" + std::to_string(to) + "&buffer_m=5000");
  ASSERT_EQ(wide.status, 200) << wide.body;
  EXPECT_EQ(wide.json()["covered_ratio"], 1.0);
  EXPECT_TRUE(wide.json()["gaps"].is_null());

  auto got = lc.get("/api/v1/patrol-plans/" + id_of(plan.json()));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["actual_patrols"], 1);
  auto plans = lc.get("/api/v1/patrol-plans?zone_id=" + zone_id);
  ASSERT_EQ(plans.status, 200);
  EXPECT_EQ(plans.json()["total"], 1);
  expect_problem(lc.get("/api/v1/zones/99999/coverage"), 404, "not-found");
  expect_problem(lc.get("/api/v1/patrol-plans/99999"), 404, "not-found");
}

}  // namespace
}  // namespace qf::api
