#include "service/demo_patrols.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/clock.h"
#include "geo/geodesy.h"
#include "service/auth_service.h"
#include "service/patrol_service.h"
#include "service/zone_service.h"
#include "store/user_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
using Path = std::vector<geo::LonLat>;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

struct DemoZone {
  const char* owner;  // demo account that registers it
  const char* name;
  const char* kind;
  const char* township;
  const char* unit;
  const char* person;
  const char* phone;
  Path shell;  // closed ring
};

// Invented outlines that sit where such places are: the reserve's desert
// edge west of 中卫, the 黄河 as it passes the city, a wetland to the east.
const std::vector<DemoZone>& demo_zones() {
  static const std::vector<DemoZone> zones = {
      {"lc.officer",
       "沙坡头国家级自然保护区·沙坡头片区（演示）",
       "nature_reserve",
       "迎水桥镇",
       "宁夏中卫沙坡头国家级自然保护区管理局（演示）",
       "马某某（演示）",
       "0955-0000001",
       {{104.96, 37.44},
        {105.05, 37.43},
        {105.14, 37.45},
        {105.16, 37.50},
        {105.08, 37.53},
        {104.99, 37.52},
        {104.95, 37.48},
        {104.96, 37.44}}},
      {"ny.officer",
       "黄河中卫城区段禁捕水域（演示）",
       "no_fishing_water",
       "柔远镇",
       "中卫市农业综合执法支队（演示）",
       "杨某某（演示）",
       "0955-0000002",
       {{105.00, 37.472},
        {105.06, 37.480},
        {105.12, 37.492},
        {105.18, 37.504},
        {105.24, 37.514},
        {105.24, 37.506},
        {105.18, 37.496},
        {105.12, 37.484},
        {105.06, 37.472},
        {105.00, 37.464},
        {105.00, 37.472}}},
      {"lc.officer",
       "腾格里湖湿地候鸟越冬地（演示）",
       "bird_wintering",
       "宣和镇",
       "中卫市林业和草原局湿地保护站（演示）",
       "周某某（演示）",
       "0955-0000003",
       {{105.17, 37.53},
        {105.21, 37.525},
        {105.235, 37.545},
        {105.22, 37.565},
        {105.18, 37.56},
        {105.17, 37.53}}},
  };
  return zones;
}

struct DemoPlan {
  int zone;
  const char* owner;
  const char* team;
  int target_patrols;
  double target_km;
  const char* note;
};

const std::vector<DemoPlan>& demo_plans() {
  static const std::vector<DemoPlan> plans = {
      {0, "lc.officer", "沙坡头保护站巡护一队", 10, 120, "冬季反盗猎专项巡护（演示）"},
      {1, "ny.officer", "黄河渔政巡查队", 3, 20, "禁捕水域日常巡查（演示）"},
      {2, "lc.officer", "湿地巡护队", 6, 30, "候鸟越冬期巡护（演示）"},
  };
  return plans;
}

struct DemoObservation {
  const char* kind;
  const char* tool_kind;
  int count;  // 0 = not counted
  const char* species;
  const char* note;
  geo::LonLat at;
  bool to_tip;  // made a tip by seed_demo_patrol_tips
};

struct DemoPatrol {
  int zone;
  const char* user;
  const char* team;
  std::vector<std::string> members;
  const char* transport;
  int days_ago;
  double kmh;
  Path route;
  std::vector<DemoObservation> observations;
};

const std::vector<DemoPatrol>& demo_patrols() {
  static const std::vector<DemoPatrol> patrols = {
      {0,
       "lc.ranger",
       "沙坡头保护站巡护一队",
       {"马护林员（演示）", "李某（演示）"},
       "foot",
       2,
       4,
       {{104.97, 37.45}, {105.02, 37.47}, {105.06, 37.46}, {105.10, 37.48}},
       {{"trap_removal",
         "snare",
         6,
         "",
         "沙丘灌丛间清除钢丝猎套 6 个，疑针对鹅喉羚（演示）",
         {105.02, 37.47},
         true},
        {"wildlife", "", 3, "鹅喉羚", "3 只，向西北方向移动（演示）", {105.06, 37.46}, false}}},
      {0,
       "lc.ranger",
       "沙坡头保护站巡护一队",
       {"马护林员（演示）"},
       "motorbike",
       5,
       15,
       {{105.00, 37.51}, {105.05, 37.49}, {105.09, 37.51}, {105.13, 37.49}},
       {}},
      {0,
       "lc.ranger",
       "沙坡头保护站巡护一队",
       {"马护林员（演示）", "王某（演示）"},
       "foot",
       8,
       4,
       {{105.12, 37.46}, {105.15, 37.50}, {105.10, 37.52}},
       {{"trap_removal",
         "leghold_trap",
         2,
         "",
         "水源地附近清除猎夹 2 个（演示）",
         {105.15, 37.50},
         false}}},
      {0,
       "lc.ranger",
       "沙坡头保护站巡护一队",
       {"马护林员（演示）"},
       "foot",
       11,
       4,
       {{104.96, 37.47}, {104.99, 37.50}, {105.03, 37.515}},
       {}},
      {0,
       "lc.ranger",
       "沙坡头保护站巡护一队",
       {"马护林员（演示）", "李某（演示）"},
       "vehicle",
       14,
       20,
       {{105.04, 37.44}, {105.08, 37.45}, {105.12, 37.455}},
       {{"suspicious",
         "",
         0,
         "",
         "一辆无牌越野车在保护区内越野行驶，已拍照（演示）",
         {105.08, 37.45},
         false}}},
      {1,
       "ny.officer",
       "黄河渔政巡查队",
       {"刘执法（演示）", "渔政协管员（演示）"},
       "boat",
       3,
       10,
       {{105.00, 37.468}, {105.06, 37.476}, {105.12, 37.488}},
       {{"trap_removal",
         "electrofishing",
         1,
         "",
         "岸边草丛收缴电鱼器具一套（演示）",
         {105.06, 37.476},
         false}}},
      {1,
       "ny.officer",
       "黄河渔政巡查队",
       {"刘执法（演示）"},
       "boat",
       6,
       10,
       {{105.12, 37.488}, {105.18, 37.500}, {105.24, 37.510}},
       {{"suspicious",
         "",
         0,
         "",
         "夜间河边停放可疑车辆，车内有地笼网（演示）",
         {105.18, 37.500},
         false}}},
      {1,
       "ny.officer",
       "黄河渔政巡查队",
       {"刘执法（演示）"},
       "vehicle",
       9,
       20,
       {{105.03, 37.474}, {105.09, 37.484}, {105.15, 37.496}},
       {}},
      {2,
       "lc.officer",
       "湿地巡护队",
       {"张执法（演示）", "湿地管护员（演示）"},
       "foot",
       4,
       3,
       {{105.175, 37.535}, {105.20, 37.54}, {105.225, 37.55}},
       {{"wildlife", "", 40, "灰鹤", "湖心浅滩灰鹤约 40 只越冬（演示）", {105.20, 37.54}, false}}},
      {2,
       "lc.officer",
       "湿地巡护队",
       {"张执法（演示）"},
       "foot",
       12,
       3,
       {{105.18, 37.555}, {105.21, 37.56}},
       {}},
  };
  return patrols;
}

// Whether a stored observation is one demo_patrols() marks to_tip (the
// demo's notes are unique).
bool meant_as_tip(const std::string& note) {
  for (const auto& p : demo_patrols())
    for (const auto& o : p.observations)
      if (o.to_tip && note == o.note) return true;
  return false;
}

Result<CallContext> demo_call(ServiceContext& ctx, const char* username) {
  auto u = ctx.db.read(
      [&](soci::session& s) { return store::UserRepository::find_by_username(s, username); });
  if (!u) return tl::unexpected(u.error());
  if (!*u) return not_found(std::string("缺少演示账户 ") + username);
  return CallContext{actor_for(**u), "demo-patrols", "127.0.0.1"};
}

json ring_json(const Path& ring) {
  json out = json::array();
  for (const auto& p : ring) out.push_back({p.lon, p.lat});
  return out;
}

// A GPX 1.1 track along the route: a fix about every 100 m at the given
// speed, starting at start_ms. Returns the end time through end_ms.
std::string gpx_track(const Path& route, double kmh, std::int64_t start_ms, std::int64_t& end_ms) {
  std::string gpx =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"qingfeng demo\" "
      "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>演示轨迹</name><trkseg>\n";
  double metres = 0;
  auto point = [&](const geo::LonLat& p) {
    const auto t = start_ms + static_cast<std::int64_t>(metres / (kmh * 1000 / 3600) * 1000);
    end_ms = t;
    char buf[160];
    std::snprintf(buf, sizeof buf, "<trkpt lat=\"%.6f\" lon=\"%.6f\"><time>%s</time></trkpt>\n",
                  p.lat, p.lon, format_iso8601(t).c_str());
    gpx += buf;
  };
  point(route.front());
  for (std::size_t i = 1; i < route.size(); ++i) {
    const auto& a = route[i - 1];
    const auto& b = route[i];
    const double leg = geo::distance_metres(a, b);
    const int steps = std::max(1, static_cast<int>(std::ceil(leg / 100)));
    for (int k = 1; k <= steps; ++k) {
      const double f = static_cast<double>(k) / steps;
      metres += leg / steps;
      point({a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f});
    }
  }
  gpx += "</trkseg></trk></gpx>\n";
  return gpx;
}

}  // namespace

Result<DemoPatrolReport> seed_demo_patrols(ServiceContext& ctx) {
  DemoPatrolReport report;
  ZoneService zones(ctx);
  PatrolService patrols(ctx);
  store::ZoneQuery any;
  any.limit = 1;
  auto existing = zones.list(cli_call_context(), any);
  if (!existing) return tl::unexpected(existing.error());
  if (existing->total > 0) {
    report.skipped = true;
    return report;
  }
  for (const char* u : {"lc.officer", "lc.ranger", "ny.officer"}) {
    auto call = demo_call(ctx, u);
    if (!call) {
      if (call.error().code != ErrorCode::kNotFound) return tl::unexpected(call.error());
      report.skipped = true;
      return report;
    }
  }

  std::vector<std::int64_t> zone_ids;
  for (const auto& z : demo_zones()) {
    auto call = demo_call(ctx, z.owner);
    if (!call) return tl::unexpected(call.error());
    NewZone nz;
    nz.properties = {z.name, z.kind, z.township, z.unit, z.person, z.phone, true};
    nz.geometry = {{"type", "Polygon"}, {"coordinates", json::array({ring_json(z.shell)})}};
    auto created = zones.create(*call, nz);
    if (!created) return tl::unexpected(created.error());
    zone_ids.push_back(created->id);
    ++report.zones;
  }

  // The current plan period: the last 20 days and the next 10.
  const std::int64_t today = now_ms() / kDayMs * kDayMs;
  for (const auto& p : demo_plans()) {
    auto call = demo_call(ctx, p.owner);
    if (!call) return tl::unexpected(call.error());
    NewPatrolPlan np{
        zone_ids.at(p.zone), p.team, today - 20 * kDayMs, today + 10 * kDayMs, p.target_patrols,
        p.target_km,         p.note};
    auto created = patrols.create_plan(*call, np);
    if (!created) return tl::unexpected(created.error());
    ++report.plans;
  }

  for (const auto& d : demo_patrols()) {
    auto call = demo_call(ctx, d.user);
    if (!call) return tl::unexpected(call.error());
    // 08:30 Beijing time (00:30 UTC) on the day.
    const std::int64_t start = today - d.days_ago * kDayMs + 30LL * 60 * 1000;
    std::int64_t end = start;
    const std::string gpx = gpx_track(d.route, d.kmh, start, end);
    NewPatrol np;
    np.zone_id = zone_ids.at(d.zone);
    np.team = d.team;
    np.members = d.members;
    np.transport = d.transport;
    np.started_at = start;
    np.ended_at = end + 10 * 60 * 1000;  // back at the station
    np.note = "演示巡护记录";
    np.demo = true;
    auto created = patrols.create(*call, np);
    if (!created) return tl::unexpected(created.error());
    auto tracked = patrols.put_track(*call, created->id, TrackFormat::kGpx, gpx);
    if (!tracked) return tl::unexpected(tracked.error());
    ++report.patrols;
    int n = 0;
    for (const auto& o : d.observations) {
      NewObservation no;
      no.kind = o.kind;
      no.tool_kind = o.tool_kind;
      if (o.count > 0) no.count = o.count;
      no.species_text = o.species;
      no.note = o.note;
      no.lon = o.at.lon;
      no.lat = o.at.lat;
      // Spread along the patrol's time.
      no.observed_at =
          start + (end - start) * (++n) / static_cast<std::int64_t>(d.observations.size() + 1);
      // Tips come later (seed_demo_patrol_tips); see the header.
      no.to_tip = false;
      auto added = patrols.add_observation(*call, created->id, no);
      if (!added) return tl::unexpected(added.error());
      ++report.observations;
    }
  }
  return report;
}

Result<int> seed_demo_patrol_tips(ServiceContext& ctx) {
  auto ranger = demo_call(ctx, "lc.ranger");
  if (!ranger)
    return ranger.error().code == ErrorCode::kNotFound ? Result<int>(0)
                                                       : tl::unexpected(ranger.error());
  PatrolService patrols(ctx);
  PatrolQueryParams mine;
  mine.mine = true;
  mine.limit = 100;
  auto list = patrols.list(*ranger, mine);
  if (!list) return tl::unexpected(list.error());
  int made = 0;
  for (const auto& p : list->items) {
    if (!p.demo) continue;
    auto detail = patrols.get(*ranger, p.id);
    if (!detail) return tl::unexpected(detail.error());
    for (const auto& o : detail->observations) {
      if (o.tip_id || !meant_as_tip(o.note)) continue;
      auto tipped = patrols.observation_to_tip(*ranger, p.id, o.id);
      if (!tipped) return tl::unexpected(tipped.error());
      ++made;
    }
  }
  return made;
}

}  // namespace qf::service
