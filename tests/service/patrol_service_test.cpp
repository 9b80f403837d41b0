// PatrolService on both backends: who records patrols (rangers of 林草
// included), who sees them (the row-level rule, a reserve station's patrols
// shared with 林草), tracks replacing tracks, optimistic versions, and
// observations becoming tips in the same transaction — once.
#include "service/patrol_service.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/clock.h"
#include "service/demo_patrols.h"
#include "service/evidence_service.h"
#include "service/tip_service.h"
#include "support/service_fixture.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
using testing::ServiceFixture;

std::int64_t count(store::Database& db, const std::string& sql) {
  auto n = db.read([&](soci::session& s) -> Result<std::int64_t> {
    long long v = 0;
    s << sql, soci::into(v);
    return static_cast<std::int64_t>(v);
  });
  return n ? *n : -1;
}

const char* kGpx = R"(<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
  <trkpt lat="37.50" lon="105.00"><time>2026-11-20T08:00:00Z</time></trkpt>
  <trkpt lat="37.51" lon="105.00"><time>2026-11-20T08:30:00Z</time></trkpt>
  <trkpt lat="37.51" lon="105.01"><time>2026-11-20T09:30:00Z</time></trkpt>
</trkseg></trk></gpx>)";

class PatrolServiceTest : public ::testing::Test {
 protected:
  PatrolServiceTest()
      : office(f.make_user("office1", Role::kOffice, "OFFICE")),
        lc_officer(f.make_user("lc-officer", Role::kOfficer, "LC")),
        ranger(f.make_user("lc-ranger", Role::kRanger, "LC-BHQ")),
        ny_officer(f.make_user("ny-officer", Role::kOfficer, "NY")),
        sj_officer(f.make_user("sj-officer", Role::kOfficer, "SJ")),
        ga_officer(f.make_user("ga-officer", Role::kOfficer, "GA")),
        inspector(f.make_user("inspector", Role::kInspector, "OFFICE")) {}

  NewPatrol patrol(std::int64_t started_at = 0) {
    NewPatrol p;
    p.team = "沙坡头保护站巡护一队";
    p.members = {"马护林员", "李某"};
    p.transport = "foot";
    p.started_at = started_at ? started_at : now_ms() - 3 * 3600 * 1000;
    return p;
  }

  NewObservation trap(bool to_tip) {
    NewObservation o;
    o.kind = "trap_removal";
    o.tool_kind = "snare";
    o.count = 6;
    o.note = "沙丘灌丛间清除钢丝猎套";
    o.lon = 105.02;
    o.lat = 37.47;
    o.observed_at = now_ms() - 3600 * 1000;
    o.to_tip = to_tip;
    return o;
  }

  std::int64_t upload_photo(const store::User& u) {
    const std::string path = f.dir() + "/trap.png";
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    png += std::string(64, 'x');
    std::ofstream(path, std::ios::binary) << png;
    auto v = EvidenceService(f.ctx()).upload(f.as(u), {path, "trap.png", "", std::nullopt});
    EXPECT_TRUE(v) << (v ? "" : v.error().message);
    return v ? v->file.id : 0;
  }

  ServiceFixture f;
  store::User office, lc_officer, ranger, ny_officer, sj_officer, ga_officer, inspector;
};

TEST_F(PatrolServiceTest, RangerRecordsOthersDoNotSeeIt) {
  PatrolService patrols(f.ctx());
  auto police = patrols.create(f.as(ga_officer), patrol());
  ASSERT_FALSE(police);
  EXPECT_EQ(police.error().code, ErrorCode::kForbidden);

  auto created = patrols.create(f.as(ranger), patrol());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->department_code, "LC-BHQ");
  EXPECT_FALSE(created->ended_at);
  EXPECT_EQ(to_json(*created)["state"], "open");
  EXPECT_EQ(to_json(*created)["members"], json({"马护林员", "李某"}));
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'patrol.create'"), 1);

  // The station's department, 林草 (the station works under it), the office
  // and the inspector see it; other departments get "not found".
  for (const auto* u : {&ranger, &lc_officer, &office, &inspector}) {
    auto seen = patrols.get(f.as(*u), created->id);
    EXPECT_TRUE(seen) << u->username << ": " << (seen ? "" : seen.error().message);
  }
  for (const auto* u : {&ny_officer, &sj_officer, &ga_officer}) {
    auto hidden = patrols.get(f.as(*u), created->id);
    ASSERT_FALSE(hidden) << u->username;
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  }
  auto listed = patrols.list(f.as(ny_officer), {});
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->total, 0);
  auto lc_list = patrols.list(f.as(lc_officer), {});
  ASSERT_TRUE(lc_list);
  EXPECT_EQ(lc_list->total, 1);
  PatrolQueryParams mine;
  mine.mine = true;
  auto own = patrols.list(f.as(lc_officer), mine);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->total, 0);
  auto ranger_own = patrols.list(f.as(ranger), mine);
  ASSERT_TRUE(ranger_own);
  EXPECT_EQ(ranger_own->total, 1);

  // Another department cannot change it either (still "not found").
  PatrolChanges end;
  end.ended_at = now_ms();
  auto other = patrols.update(f.as(ny_officer), created->id, end, 1);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  auto track = patrols.put_track(f.as(sj_officer), created->id, TrackFormat::kGpx, kGpx);
  ASSERT_FALSE(track);
  EXPECT_EQ(track.error().code, ErrorCode::kNotFound);
}

TEST_F(PatrolServiceTest, TrackAndEndUpdateEffort) {
  PatrolService patrols(f.ctx());
  const std::int64_t start = now_ms() - 4 * 3600 * 1000;
  auto created = patrols.create(f.as(ranger), patrol(start));
  ASSERT_TRUE(created);

  PatrolChanges end;
  end.ended_at = start + 3 * 3600 * 1000;
  end.note = "返回保护站";
  auto ended = patrols.update(f.as(ranger), created->id, end, 1);
  ASSERT_TRUE(ended) << ended.error().message;
  EXPECT_NEAR(ended->hours, 3.0, 1e-9);
  EXPECT_EQ(ended->version, 2);
  EXPECT_EQ(to_json(*ended)["state"], "closed");

  auto stale = patrols.update(f.as(ranger), created->id, end, 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);

  // The track's own time span wins over start/end, and km come from it.
  auto tracked = patrols.put_track(f.as(ranger), created->id, TrackFormat::kGpx, kGpx);
  ASSERT_TRUE(tracked) << tracked.error().message;
  EXPECT_EQ(tracked->track_points, 3);
  EXPECT_NEAR(tracked->km, 1.11 + 0.88, 0.02);
  EXPECT_NEAR(tracked->hours, 1.5, 1e-9);
  // A resend replaces, not appends.
  auto again = patrols.put_track(f.as(ranger), created->id, TrackFormat::kGpx, kGpx);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->track_points, 3);
  EXPECT_NEAR(again->km, tracked->km, 1e-9);

  auto detail = patrols.get(f.as(lc_officer), created->id);
  ASSERT_TRUE(detail);
  const auto j = to_json(*detail);
  EXPECT_EQ(j["track"]["type"], "LineString");
  EXPECT_EQ(j["track"]["coordinates"].size(), 3u);
  EXPECT_TRUE(j["observations"].empty());

  auto broken = patrols.put_track(f.as(ranger), created->id, TrackFormat::kGpx, "<gpx><trk>");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kMalformedRequest);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'patrol.track'"), 2);

  PatrolChanges bad;
  bad.transport = "rocket";
  auto refused = patrols.update(f.as(ranger), created->id, bad, again->version);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
}

TEST_F(PatrolServiceTest, ObservationBecomesATipInTheSameWrite) {
  PatrolService patrols(f.ctx());
  auto created = patrols.create(f.as(ranger), patrol());
  ASSERT_TRUE(created);
  const std::int64_t photo = upload_photo(ranger);

  NewObservation o = trap(true);
  o.evidence_ids = {photo};
  auto obs = patrols.add_observation(f.as(ranger), created->id, o);
  ASSERT_TRUE(obs) << obs.error().message;
  ASSERT_TRUE(obs->tip_id);
  const auto j = to_json(*obs);
  EXPECT_EQ(j["kind_label"], "清除猎捕工具");
  EXPECT_EQ(j["tool_label"], "猎套");
  EXPECT_EQ(j["count"], 6);
  EXPECT_EQ(j["evidence_ids"], json({photo}));

  auto tip = TipService(f.ctx()).get(f.as(office), *obs->tip_id);
  ASSERT_TRUE(tip) << tip.error().message;
  EXPECT_EQ(tip->tip.channel, "patrol");
  ASSERT_TRUE(tip->tip.lon);
  EXPECT_DOUBLE_EQ(*tip->tip.lon, 105.02);
  EXPECT_DOUBLE_EQ(*tip->tip.lat, 37.47);
  EXPECT_EQ(tip->attachments, std::vector<std::int64_t>{photo});
  EXPECT_NE(tip->tip.content.find("猎套 6 件"), std::string::npos) << tip->tip.content;
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'tip.create'"), 1);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'patrol_observation.tip'"),
            1);

  // Once only.
  auto twice = patrols.observation_to_tip(f.as(ranger), created->id, obs->id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);

  // A photo the ranger cannot see refuses the whole observation: nothing
  // written, no tip.
  const std::int64_t foreign = upload_photo(sj_officer);
  NewObservation hidden = trap(true);
  hidden.evidence_ids = {foreign};
  auto refused = patrols.add_observation(f.as(ranger), created->id, hidden);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM patrol_observations"), 1);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM tips"), 1);

  auto detail = patrols.get(f.as(ranger), created->id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->observations.size(), 1u);
  EXPECT_EQ(detail->patrol.observations_count, 1);
}

TEST_F(PatrolServiceTest, LaterTipOnceAndObservationChecks) {
  PatrolService patrols(f.ctx());
  auto created = patrols.create(f.as(lc_officer), patrol());
  ASSERT_TRUE(created);
  auto obs = patrols.add_observation(f.as(lc_officer), created->id, trap(false));
  ASSERT_TRUE(obs) << obs.error().message;
  EXPECT_FALSE(obs->tip_id);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM tips"), 0);

  auto tipped = patrols.observation_to_tip(f.as(lc_officer), created->id, obs->id);
  ASSERT_TRUE(tipped) << tipped.error().message;
  ASSERT_TRUE(tipped->tip_id);
  auto twice = patrols.observation_to_tip(f.as(lc_officer), created->id, obs->id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM tips"), 1);

  // The observation must belong to the patrol in the path.
  auto other = patrols.create(f.as(lc_officer), patrol());
  ASSERT_TRUE(other);
  auto wrong = patrols.observation_to_tip(f.as(lc_officer), other->id, obs->id);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);

  NewObservation no_tool = trap(false);
  no_tool.tool_kind = "";
  auto a = patrols.add_observation(f.as(lc_officer), created->id, no_tool);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().fields.at(0).field, "tool_kind");
  NewObservation wildlife = trap(false);
  wildlife.kind = "wildlife";
  wildlife.tool_kind = "";
  wildlife.species_text = "鹅喉羚";
  auto b = patrols.add_observation(f.as(lc_officer), created->id, wildlife);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(to_json(*b)["tool_kind"], nullptr);
}

TEST_F(PatrolServiceTest, PlansNeedZoneManagers) {
  ZoneService zones(f.ctx());
  NewZone z;
  z.properties.name = "黄河禁捕段";
  z.properties.kind = "no_fishing_water";
  z.geometry = {
      {"type", "Polygon"},
      {"coordinates",
       {{{105.0, 37.47}, {105.1, 37.47}, {105.1, 37.48}, {105.0, 37.48}, {105.0, 37.47}}}}};
  auto zone = zones.create(f.as(ny_officer), z);
  ASSERT_TRUE(zone) << zone.error().message;
  PatrolService patrols(f.ctx());
  const std::int64_t now = now_ms();
  NewPatrolPlan plan{zone->id, "渔政巡查队", now - 86400000LL, now + 86400000LL * 20, 4, 40, ""};
  auto by_ranger = patrols.create_plan(f.as(ranger), plan);
  ASSERT_FALSE(by_ranger);
  EXPECT_EQ(by_ranger.error().code, ErrorCode::kForbidden);
  auto by_police = patrols.create_plan(f.as(ga_officer), plan);
  ASSERT_FALSE(by_police);
  auto created = patrols.create_plan(f.as(ny_officer), plan);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->plan.zone_name, "黄河禁捕段");

  NewPatrol p = patrol();
  p.zone_id = zone->id;
  p.team = "渔政巡查队";
  p.transport = "boat";
  ASSERT_TRUE(patrols.create(f.as(ny_officer), p));
  p.team = "别的队";
  ASSERT_TRUE(patrols.create(f.as(ny_officer), p));
  auto progress = patrols.get_plan(f.as(ga_officer), created->plan.id);
  ASSERT_TRUE(progress) << progress.error().message;
  EXPECT_EQ(progress->actual.patrols, 1);  // only the plan's team counts
  EXPECT_TRUE(progress->short_of_target);

  NewPatrolPlan unknown_zone = plan;
  unknown_zone.zone_id = zone->id + 99;
  auto refused = patrols.create_plan(f.as(ny_officer), unknown_zone);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "zone_id");
  auto plans = patrols.list_plans(f.as(lc_officer), {});
  ASSERT_TRUE(plans);
  EXPECT_EQ(plans->total, 1);
}

TEST_F(PatrolServiceTest, DemoDataIsPlausibleAndSeededOnce) {
  f.make_user("lc.officer", Role::kOfficer, "LC");
  f.make_user("lc.ranger", Role::kRanger, "LC-BHQ");
  f.make_user("ny.officer", Role::kOfficer, "NY");
  auto seeded = seed_demo_patrols(f.ctx());
  ASSERT_TRUE(seeded) << seeded.error().message;
  EXPECT_FALSE(seeded->skipped);
  EXPECT_EQ(seeded->zones, 3);
  EXPECT_EQ(seeded->plans, 3);
  EXPECT_EQ(seeded->patrols, 10);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM zones WHERE demo = 1"), 3);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM patrols WHERE demo = 1 AND track IS NOT NULL"), 10);
  // The tip comes in a second step, after the demo tips (see the header).
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM tips"), 0);
  auto tips = seed_demo_patrol_tips(f.ctx());
  ASSERT_TRUE(tips) << tips.error().message;
  EXPECT_EQ(*tips, 1);
  EXPECT_EQ(count(f.db(), "SELECT COUNT(*) FROM tips WHERE channel = 'patrol'"), 1);
  EXPECT_EQ(*seed_demo_patrol_tips(f.ctx()), 0);

  // The reserve's plan falls short; its patrols cover part of it.
  auto zones = ZoneService(f.ctx()).list(f.as(office), {});
  ASSERT_TRUE(zones);
  for (const auto& z : zones->items) EXPECT_NE(z.name.find("（演示）"), std::string::npos);
  const std::int64_t now = now_ms();
  std::int64_t reserve_id = 0;
  for (const auto& z : zones->items)
    if (z.kind == "nature_reserve") reserve_id = z.id;
  auto c = ZoneService(f.ctx()).coverage(f.as(office), reserve_id, now - 30 * 86400000LL, now);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->effort.patrols, 5);
  EXPECT_GT(c->coverage.covered_ratio, 0.1);
  EXPECT_LT(c->coverage.covered_ratio, 0.9);
  ASSERT_EQ(c->plans.size(), 1u);
  EXPECT_TRUE(c->plans[0].short_of_target);

  auto again = seed_demo_patrols(f.ctx());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->skipped);
}

}  // namespace
}  // namespace qf::service
