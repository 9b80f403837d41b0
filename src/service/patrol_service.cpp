#include "service/patrol_service.h"

#include <cmath>

#include "core/text.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "geo/track.h"
#include "service/audit_writer.h"
#include "service/tip_service.h"
#include "store/department_repository.h"
#include "store/evidence_repository.h"
#include "store/zone_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kPatrolEntity = "patrol";
constexpr const char* kPlanEntity = "patrol_plan";
constexpr const char* kObservationEntity = "patrol_observation";
// Times a phone may be ahead of the server by (clock drift).
constexpr std::int64_t kClockSlackMs = 3600 * 1000;
// Before 2000-01-01: a device without a clock fix, not a patrol.
constexpr std::int64_t kMinTime = 946684800000LL;

struct Label {
  std::string_view code, label;
};
constexpr Label kTransports[] = {{"foot", "步行"}, {"vehicle", "汽车"}, {"motorbike", "摩托车"},
                                 {"boat", "船只"}, {"horse", "骑马"},   {"other", "其他"}};
constexpr Label kObservationKinds[] = {{"trap_removal", "清除猎捕工具"},
                                       {"wildlife", "野生动物"},
                                       {"suspicious", "可疑人员车辆"},
                                       {"violation", "违法行为"},
                                       {"other", "其他"}};
constexpr Label kToolKinds[] = {
    {"snare", "猎套"},      {"leghold_trap", "猎夹"},       {"mist_net", "粘网"},
    {"ground_gun", "地枪"}, {"electrofishing", "电鱼器具"}, {"poison", "毒饵"},
    {"other", "其他"}};

template <std::size_t N>
std::string_view label_of(const Label (&labels)[N], std::string_view code) {
  for (const auto& l : labels)
    if (l.code == code) return l.label;
  return {};
}

bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kAdmin && a.role != Role::kIntegration);
}

double rounded(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

void check_text(const std::string& v, const std::string& field, std::size_t max,
                std::vector<FieldError>& errors) {
  if (v.size() > max)
    errors.push_back({field, "过长（最多 " + std::to_string(max) + " 字节）"});
  else if (!is_valid_utf8(v))
    errors.push_back({field, "含无效的 UTF-8 字节"});
}

void check_time(std::int64_t t, const std::string& field, std::vector<FieldError>& errors) {
  if (t < kMinTime || t > now_ms() + kClockSlackMs)
    errors.push_back({field, "时间无效（应为不晚于现在的毫秒时间戳）"});
}

Status errors_to_status(std::vector<FieldError> errors) {
  if (errors.empty()) return {};
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", std::move(errors), 0});
}

void check_patrol_fields(const std::string& team, const std::vector<std::string>& members,
                         const std::string& transport, std::int64_t started_at,
                         const std::optional<std::int64_t>& ended_at, const std::string& note,
                         std::vector<FieldError>& errors) {
  if (is_blank(team)) errors.push_back({"team", "请填写巡护队"});
  check_text(team, "team", kMaxPatrolTextBytes, errors);
  if (members.size() > kMaxPatrolMembers)
    errors.push_back({"members", "队员过多（最多 " + std::to_string(kMaxPatrolMembers) + " 人）"});
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (is_blank(members[i])) errors.push_back({"members/" + std::to_string(i), "队员姓名不能为空"});
    check_text(members[i], "members/" + std::to_string(i), kMaxPatrolTextBytes, errors);
  }
  if (label_of(kTransports, transport).empty())
    errors.push_back({"transport", "交通方式应为 foot、vehicle、motorbike、boat、horse 或 other"});
  check_time(started_at, "started_at", errors);
  if (ended_at) {
    check_time(*ended_at, "ended_at", errors);
    if (*ended_at < started_at) errors.push_back({"ended_at", "结束时间不能早于开始时间"});
  }
  check_text(note, "note", kMaxPatrolNoteBytes, errors);
}

// Hours of effort: the track's own time span when it has one (measured),
// else the recorded start to end, else none yet.
double effort_hours(const store::Patrol& p) {
  if (p.track_hours) return *p.track_hours;
  if (p.ended_at) return static_cast<double>(*p.ended_at - p.started_at) / 3'600'000.0;
  return 0;
}

std::string members_json(const std::vector<std::string>& members) { return json(members).dump(); }

json members_of(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_array() ? j : json::array();
}

Result<std::int64_t> department_of(soci::session& s, const Actor& a) {
  if (a.department_id != 0) return a.department_id;
  auto office = store::DepartmentRepository::find_by_code(s, "OFFICE");
  if (!office) return tl::unexpected(office.error());
  if (!*office) return fail(ErrorCode::kInternal, "未找到协调办（OFFICE）部门");
  return (*office)->id;
}

Status check_zone(soci::session& s, std::int64_t zone_id) {
  auto z = store::ZoneRepository::find_by_id(s, zone_id);
  if (!z) return tl::unexpected(z.error());
  if (!*z) return invalid("zone_id", "区域不存在: " + std::to_string(zone_id));
  return {};
}

// The patrol if the actor may see it; kNotFound otherwise (as if missing).
Result<store::Patrol> load_visible(soci::session& s, const Actor& a, std::int64_t id) {
  auto found = store::PatrolRepository::find_by_id(s, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return not_found("巡护记录不存在");
  auto shares = store::RecordShareRepository::departments(s, kPatrolEntity, id);
  if (!shares) return tl::unexpected(shares.error());
  if (!AccessPolicy::can_see(a, RecordScope{(*found)->owner_department_id, *shares}))
    return not_found("巡护记录不存在");
  return **found;
}

// Visible and changeable by this actor. Rangers change their patrols
// (tracks, observations, the end) though they hold no kUpdateRecord: a
// patrol is their field data (AccessPolicy: kRecordPatrols).
Result<store::Patrol> load_for_change(soci::session& s, const Actor& a, std::int64_t id) {
  auto p = load_visible(s, a, id);
  if (!p) return p;
  if (!AccessPolicy::allows(a, Action::kRecordPatrols)) return forbidden();
  return p;
}

Status check_evidence(soci::session& s, const Actor& a, const std::vector<std::int64_t>& ids) {
  if (ids.size() > kMaxObservationEvidence)
    return invalid("evidence_ids",
                   "照片过多（最多 " + std::to_string(kMaxObservationEvidence) + " 个）");
  for (auto id : ids) {
    auto ev = store::EvidenceRepository::find_by_id(s, id);
    if (!ev) return tl::unexpected(ev.error());
    auto shares = store::RecordShareRepository::departments(s, "evidence", id);
    if (!shares) return tl::unexpected(shares.error());
    if (!*ev || !AccessPolicy::can_see(a, RecordScope{(*ev)->owner_department_id, *shares}))
      return invalid("evidence_ids", "证据文件不存在: " + std::to_string(id));
  }
  return {};
}

std::vector<std::int64_t> evidence_of(const store::PatrolObservation& o) {
  std::vector<std::int64_t> ids;
  json j = json::parse(o.evidence_ids_json, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_number_integer()) ids.push_back(v.get<std::int64_t>());
  return ids;
}

// The tip an observation becomes: what was found, where and by whom, with
// the point, the species and the photos.
NewTip tip_of(const store::Patrol& p, const store::PatrolObservation& o) {
  NewTip t;
  t.channel = "patrol";
  std::string content = "巡护发现：" + std::string(observation_kind_label(o.kind));
  if (o.kind == "trap_removal" && !o.tool_kind.empty()) {
    content += "，清除" + std::string(tool_kind_label(o.tool_kind));
    if (o.count) content += " " + std::to_string(*o.count) + " 件";
  } else if (o.count) {
    content += "，数量 " + std::to_string(*o.count);
  }
  if (!o.species_text.empty()) content += "，物种：" + o.species_text;
  if (!o.note.empty()) content += "。" + o.note;
  content += "（巡护队：" + p.team + "，巡护记录 #" + std::to_string(p.id) + "）";
  t.content = std::move(content);
  t.occurred_at = o.observed_at;
  t.place_text = p.zone_name;
  t.lon = o.lon;
  t.lat = o.lat;
  t.species_text = o.species_text;
  t.attachments = evidence_of(o);
  return t;
}

Result<PlanProgress> load_plan(soci::session& s, std::int64_t id) {
  auto found = store::PatrolRepository::find_plan(s, id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return not_found("巡护计划不存在");
  return plan_progress(s, std::move(**found));
}

}  // namespace

std::string_view transport_label(std::string_view t) { return label_of(kTransports, t); }
std::string_view observation_kind_label(std::string_view k) {
  return label_of(kObservationKinds, k);
}
std::string_view tool_kind_label(std::string_view k) { return label_of(kToolKinds, k); }

json to_json(const store::Patrol& p) {
  return {{"id", p.id},
          {"zone_id", p.zone_id ? json(*p.zone_id) : json(nullptr)},
          {"zone_name", p.zone_id ? json(p.zone_name) : json(nullptr)},
          {"team", p.team},
          {"members", members_of(p.members_json)},
          {"transport", p.transport},
          {"transport_label", transport_label(p.transport)},
          {"started_at", p.started_at},
          {"ended_at", p.ended_at ? json(*p.ended_at) : json(nullptr)},
          {"state", p.ended_at ? "closed" : "open"},
          {"km", rounded(p.km, 3)},
          {"hours", rounded(p.hours, 2)},
          {"track_points", p.track_points},
          {"department_code", p.department_code},
          {"note", p.note},
          {"demo", p.demo},
          {"observations_count", p.observations_count},
          {"version", p.version},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

json to_json(const store::PatrolObservation& o) {
  return {{"id", o.id},
          {"patrol_id", o.patrol_id},
          {"kind", o.kind},
          {"kind_label", observation_kind_label(o.kind)},
          {"tool_kind", o.tool_kind.empty() ? json(nullptr) : json(o.tool_kind)},
          {"tool_label", o.tool_kind.empty() ? json(nullptr) : json(tool_kind_label(o.tool_kind))},
          {"count", o.count ? json(*o.count) : json(nullptr)},
          {"species_text", o.species_text},
          {"note", o.note},
          {"lon", o.lon},
          {"lat", o.lat},
          {"observed_at", o.observed_at},
          {"evidence_ids", evidence_of(o)},
          {"tip_id", o.tip_id ? json(*o.tip_id) : json(nullptr)},
          {"created_at", o.created_at}};
}

json to_json(const PatrolDetail& d) {
  json j = to_json(d.patrol);
  json track = nullptr;
  if (d.patrol.track) {
    track = json::parse(*d.patrol.track, nullptr, false);
    if (track.is_discarded()) track = nullptr;
  }
  j["track"] = std::move(track);
  json observations = json::array();
  for (const auto& o : d.observations) observations.push_back(to_json(o));
  j["observations"] = std::move(observations);
  return j;
}

// ---- plans ----------------------------------------------------------------

Result<PlanProgress> PatrolService::create_plan(const CallContext& call, const NewPatrolPlan& np) {
  if (!AccessPolicy::allows(call.actor, Action::kManageZones)) return forbidden();
  std::vector<FieldError> errors;
  check_text(np.team, "team", kMaxPatrolTextBytes, errors);
  check_text(np.note, "note", kMaxPatrolNoteBytes, errors);
  if (np.period_from <= 0) errors.push_back({"period_from", "请填写计划开始时间"});
  if (np.period_to <= np.period_from) errors.push_back({"period_to", "计划结束时间应晚于开始时间"});
  if (np.target_patrols < 0 || np.target_patrols > 100000)
    errors.push_back({"target_patrols", "目标巡护次数应为 0–100000"});
  if (!(np.target_km >= 0 && np.target_km <= 1e6))
    errors.push_back({"target_km", "目标里程应为 0–1000000 公里"});
  if (np.target_patrols == 0 && np.target_km == 0)
    errors.push_back({"target_patrols", "请至少填写目标巡护次数或目标里程"});
  if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<PlanProgress> {
    if (auto ok = check_zone(s, np.zone_id); !ok) return tl::unexpected(ok.error());
    auto owner = department_of(s, call.actor);
    if (!owner) return tl::unexpected(owner.error());
    store::PatrolPlan p;
    p.zone_id = np.zone_id;
    p.team = np.team;
    p.period_from = np.period_from;
    p.period_to = np.period_to;
    p.target_patrols = np.target_patrols;
    p.target_km = np.target_km;
    p.note = np.note;
    p.owner_department_id = *owner;
    p.created_by = call.actor.user_id;
    auto stored = store::PatrolRepository::insert_plan(s, std::move(p));
    if (!stored) return tl::unexpected(stored.error());
    auto progress = plan_progress(s, std::move(*stored));
    if (!progress) return progress;
    json after = to_json(*progress);
    for (const char* derived : {"actual_patrols", "actual_km", "actual_hours", "short"})
      after.erase(derived);
    if (auto a = audit(s, call, "patrol_plan.create", kPlanEntity,
                       std::to_string(progress->plan.id), nullptr, after);
        !a)
      return tl::unexpected(a.error());
    return progress;
  });
}

Result<Page<PlanProgress>> PatrolService::list_plans(const CallContext& call,
                                                     const store::PatrolPlanQuery& q) {
  if (!is_staff(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<Page<PlanProgress>> {
    Page<PlanProgress> page;
    auto plans = store::PatrolRepository::list_plans(s, q, &page.total);
    if (!plans) return tl::unexpected(plans.error());
    for (auto& p : *plans) {
      auto progress = plan_progress(s, std::move(p));
      if (!progress) return tl::unexpected(progress.error());
      page.items.push_back(std::move(*progress));
    }
    return page;
  });
}

Result<PlanProgress> PatrolService::get_plan(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) { return load_plan(s, id); });
}

// ---- patrols --------------------------------------------------------------

Result<store::Patrol> PatrolService::create(const CallContext& call, const NewPatrol& np) {
  if (!AccessPolicy::allows(call.actor, Action::kRecordPatrols)) return forbidden();
  std::vector<FieldError> errors;
  check_patrol_fields(np.team, np.members, np.transport, np.started_at, np.ended_at, np.note,
                      errors);
  if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Patrol> {
    if (np.zone_id)
      if (auto ok = check_zone(s, *np.zone_id); !ok) return tl::unexpected(ok.error());
    auto owner = department_of(s, call.actor);
    if (!owner) return tl::unexpected(owner.error());
    store::Patrol p;
    p.owner_department_id = *owner;
    p.zone_id = np.zone_id;
    p.team = np.team;
    p.members_json = members_json(np.members);
    p.transport = np.transport;
    p.started_at = np.started_at;
    p.ended_at = np.ended_at;
    p.hours = effort_hours(p);
    p.note = np.note;
    p.demo = np.demo;
    p.created_by = call.actor.user_id;
    auto stored = store::PatrolRepository::insert(s, std::move(p));
    if (!stored) return stored;
    // A sub-unit's patrol is shared with the department it works under.
    const Actor& a = call.actor;
    if (!a.duty_department_code.empty() && a.duty_department_code != a.department_code) {
      auto parent = store::DepartmentRepository::find_by_code(s, a.duty_department_code);
      if (!parent) return tl::unexpected(parent.error());
      if (*parent)
        if (auto shared =
                store::RecordShareRepository::add(s, kPatrolEntity, stored->id, (*parent)->id);
            !shared)
          return tl::unexpected(shared.error());
    }
    if (auto au = audit(s, call, "patrol.create", kPatrolEntity, std::to_string(stored->id),
                        nullptr, to_json(*stored));
        !au)
      return tl::unexpected(au.error());
    return stored;
  });
}

Result<Page<store::Patrol>> PatrolService::list(const CallContext& call,
                                                const PatrolQueryParams& params) {
  if (!is_staff(call.actor)) return forbidden();
  if (params.from && params.to && *params.from >= *params.to)
    return invalid("to", "结束时间应晚于开始时间");
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Patrol>> {
    store::PatrolQuery q;
    if (!AccessPolicy::sees_all(call.actor)) q.visible_to_department = call.actor.department_id;
    q.zone_id = params.zone_id;
    q.team = params.team;
    q.started_from = params.from;
    q.started_to = params.to;
    if (params.mine) q.created_by = call.actor.user_id;
    q.limit = params.limit;
    q.offset = params.offset;
    Page<store::Patrol> page;
    auto patrols = store::PatrolRepository::list(s, q, &page.total);
    if (!patrols) return tl::unexpected(patrols.error());
    page.items = std::move(*patrols);
    return page;
  });
}

Result<PatrolDetail> PatrolService::get(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return not_found("巡护记录不存在");
  return ctx_.db.read([&](soci::session& s) -> Result<PatrolDetail> {
    auto p = load_visible(s, call.actor, id);
    if (!p) return tl::unexpected(p.error());
    auto observations = store::PatrolRepository::observations(s, id);
    if (!observations) return tl::unexpected(observations.error());
    return PatrolDetail{std::move(*p), std::move(*observations)};
  });
}

Result<store::Patrol> PatrolService::update(const CallContext& call, std::int64_t id,
                                            const PatrolChanges& c, int expected_version) {
  if (!is_staff(call.actor)) return not_found("巡护记录不存在");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Patrol> {
    auto before = load_for_change(s, call.actor, id);
    if (!before) return before;
    store::Patrol p = *before;
    if (c.team) p.team = *c.team;
    if (c.transport) p.transport = *c.transport;
    if (c.note) p.note = *c.note;
    if (c.ended_at) p.ended_at = *c.ended_at;
    std::vector<std::string> members;
    for (const auto& m : members_of(p.members_json))
      if (m.is_string()) members.push_back(m.get<std::string>());
    if (c.members) members = *c.members;
    std::vector<FieldError> errors;
    check_patrol_fields(p.team, members, p.transport, p.started_at, p.ended_at, p.note, errors);
    if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
    if (c.zone_id) {
      if (auto ok = check_zone(s, *c.zone_id); !ok) return tl::unexpected(ok.error());
      p.zone_id = *c.zone_id;
    }
    p.members_json = members_json(members);
    p.hours = effort_hours(p);
    auto stored = store::PatrolRepository::update(s, std::move(p), expected_version);
    if (!stored) return stored;
    if (auto a = audit(s, call, "patrol.update", kPatrolEntity, std::to_string(id),
                       to_json(*before), to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::Patrol> PatrolService::put_track(const CallContext& call, std::int64_t id,
                                               TrackFormat format, std::string_view body) {
  if (!is_staff(call.actor)) return not_found("巡护记录不存在");
  if (body.size() > kMaxTrackBytes) return fail(ErrorCode::kTooLarge, "轨迹文件过大（最多 20 MB）");
  // Parsed before the transaction: the write lock is held for the write.
  auto track = format == TrackFormat::kGpx ? geo::track_from_gpx(body) : geo::track_from_kml(body);
  if (!track) return tl::unexpected(track.error());
  const std::string line = geo::track_geojson(*track).dump();
  const double km = geo::track_km(*track);
  const auto hours = geo::track_hours(*track);
  const int points = static_cast<int>(track->points.size());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Patrol> {
    auto before = load_for_change(s, call.actor, id);
    if (!before) return before;
    store::Patrol p = *before;
    p.track = line;
    p.track_points = points;
    p.km = km;
    p.track_hours = hours;
    p.hours = effort_hours(p);
    // The track replaces whatever was there, so the current version is
    // the one written over: a resent upload is harmless.
    auto stored = store::PatrolRepository::update(s, std::move(p), before->version);
    if (!stored) return stored;
    json after = to_json(*stored);
    after["track_format"] = format == TrackFormat::kGpx ? "gpx" : "kml";
    if (auto a = audit(s, call, "patrol.track", kPatrolEntity, std::to_string(id), to_json(*before),
                       after);
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::PatrolObservation> PatrolService::add_observation(const CallContext& call,
                                                                std::int64_t patrol_id,
                                                                const NewObservation& no) {
  if (!is_staff(call.actor)) return not_found("巡护记录不存在");
  std::vector<FieldError> errors;
  if (observation_kind_label(no.kind).empty())
    errors.push_back(
        {"kind", "发现类型应为 trap_removal、wildlife、suspicious、violation 或 other"});
  if (no.kind == "trap_removal") {
    if (tool_kind_label(no.tool_kind).empty())
      errors.push_back({"tool_kind",
                        "请选择猎捕工具类型（snare、leghold_trap、mist_net、"
                        "ground_gun、electrofishing、poison 或 other）"});
  } else if (!no.tool_kind.empty()) {
    errors.push_back({"tool_kind", "只有清除猎捕工具（trap_removal）填写工具类型"});
  }
  if (no.count && (*no.count < 0 || *no.count > 1000000))
    errors.push_back({"count", "数量应为 0–1000000"});
  check_text(no.species_text, "species_text", kMaxPatrolTextBytes, errors);
  check_text(no.note, "note", kMaxPatrolNoteBytes, errors);
  if (!(no.lon >= -180 && no.lon <= 180)) errors.push_back({"lon", "经度应在 -180～180"});
  if (!(no.lat >= -90 && no.lat <= 90)) errors.push_back({"lat", "纬度应在 -90～90"});
  check_time(no.observed_at, "observed_at", errors);
  if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::PatrolObservation> {
    auto patrol = load_for_change(s, call.actor, patrol_id);
    if (!patrol) return tl::unexpected(patrol.error());
    if (auto ok = check_evidence(s, call.actor, no.evidence_ids); !ok)
      return tl::unexpected(ok.error());
    store::PatrolObservation o;
    o.patrol_id = patrol_id;
    o.kind = no.kind;
    o.tool_kind = no.tool_kind;
    o.count = no.count;
    o.species_text = no.species_text;
    o.note = no.note;
    o.lon = no.lon;
    o.lat = no.lat;
    o.observed_at = no.observed_at;
    o.evidence_ids_json = json(no.evidence_ids).dump();
    o.created_by = call.actor.user_id;
    auto stored = store::PatrolRepository::add_observation(s, std::move(o));
    if (!stored) return stored;
    if (auto a = audit(s, call, "patrol_observation.create", kObservationEntity,
                       std::to_string(stored->id), nullptr, to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    if (!no.to_tip) return stored;
    // The tip is written by TipService in this same transaction (its own
    // audit row included): observation and tip stand or fall together.
    auto tip = TipService(ctx_).create(s, call, tip_of(*patrol, *stored));
    if (!tip) return tl::unexpected(tip.error());
    if (auto linked = store::PatrolRepository::set_observation_tip(s, stored->id, tip->tip.id);
        !linked)
      return tl::unexpected(linked.error());
    const json before = to_json(*stored);
    stored->tip_id = tip->tip.id;
    if (auto a = audit(s, call, "patrol_observation.tip", kObservationEntity,
                       std::to_string(stored->id), before, to_json(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<store::PatrolObservation> PatrolService::observation_to_tip(const CallContext& call,
                                                                   std::int64_t patrol_id,
                                                                   std::int64_t observation_id) {
  if (!is_staff(call.actor)) return not_found("巡护记录不存在");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::PatrolObservation> {
    auto patrol = load_for_change(s, call.actor, patrol_id);
    if (!patrol) return tl::unexpected(patrol.error());
    auto found = store::PatrolRepository::find_observation(s, observation_id);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->patrol_id != patrol_id) return not_found("巡护发现不存在");
    store::PatrolObservation o = **found;
    if (o.tip_id)
      return fail(ErrorCode::kConflict,
                  "该发现已转为线索（线索 #" + std::to_string(*o.tip_id) + "），不能重复转");
    auto tip = TipService(ctx_).create(s, call, tip_of(*patrol, o));
    if (!tip) return tl::unexpected(tip.error());
    if (auto linked = store::PatrolRepository::set_observation_tip(s, o.id, tip->tip.id); !linked)
      return tl::unexpected(linked.error());
    const json before = to_json(o);
    o.tip_id = tip->tip.id;
    if (auto a = audit(s, call, "patrol_observation.tip", kObservationEntity, std::to_string(o.id),
                       before, to_json(o));
        !a)
      return tl::unexpected(a.error());
    return o;
  });
}

}  // namespace qf::service
