#include "store/patrol_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

std::optional<std::int64_t> optional_int(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_int(r, i);
}

// A nullable column bound through SOCI: the value plus its indicator.
struct NullableInt {
  explicit NullableInt(const std::optional<std::int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

struct NullableDouble {
  explicit NullableDouble(const std::optional<double>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  double value;
  soci::indicator ind;
};

struct NullableText {
  explicit NullableText(const std::optional<std::string>& v)
      : value(v.value_or("")), ind(v ? soci::i_ok : soci::i_null) {}
  std::string value;
  soci::indicator ind;
};

// ---- plans ----------------------------------------------------------------

const char* kPlanSelect =
    "SELECT p.id, p.zone_id, z.name, p.team, p.period_from, p.period_to, p.target_patrols, "
    "p.target_km, p.note, p.owner_department_id, d.code, p.created_by, p.version, p.created_at, "
    "p.updated_at FROM patrol_plans p JOIN zones z ON z.id = p.zone_id JOIN departments d ON "
    "d.id = p.owner_department_id";

PatrolPlan plan_from_row(const soci::row& r) {
  PatrolPlan p;
  p.id = row_int(r, 0);
  p.zone_id = row_int(r, 1);
  p.zone_name = row_text(r, 2);
  p.team = row_text(r, 3);
  p.period_from = row_int(r, 4);
  p.period_to = row_int(r, 5);
  p.target_patrols = static_cast<int>(row_int(r, 6));
  p.target_km = row_double(r, 7);
  p.note = row_text(r, 8);
  p.owner_department_id = row_int(r, 9);
  p.department_code = row_text(r, 10);
  p.created_by = row_int(r, 11);
  p.version = static_cast<int>(row_int(r, 12));
  p.created_at = row_int(r, 13);
  p.updated_at = row_int(r, 14);
  return p;
}

// ---- patrols --------------------------------------------------------------

const char* kSelect =
    "SELECT p.id, p.owner_department_id, d.code, p.zone_id, z.name, p.team, p.members, "
    "p.transport, p.started_at, p.ended_at, p.km, p.hours, p.track, p.track_points, p.note, "
    "p.demo, p.created_by, p.version, p.created_at, p.updated_at, p.track_hours, "
    "(SELECT COUNT(*) FROM patrol_observations o WHERE o.patrol_id = p.id) "
    "FROM patrols p JOIN departments d ON d.id = p.owner_department_id "
    "LEFT JOIN zones z ON z.id = p.zone_id";

// The list leaves the track out (it may be megabytes); find_by_id has it.
const char* kListSelect =
    "SELECT p.id, p.owner_department_id, d.code, p.zone_id, z.name, p.team, p.members, "
    "p.transport, p.started_at, p.ended_at, p.km, p.hours, CAST(NULL AS TEXT), p.track_points, "
    "p.note, "
    "p.demo, p.created_by, p.version, p.created_at, p.updated_at, p.track_hours, "
    "(SELECT COUNT(*) FROM patrol_observations o WHERE o.patrol_id = p.id) "
    "FROM patrols p JOIN departments d ON d.id = p.owner_department_id "
    "LEFT JOIN zones z ON z.id = p.zone_id";

Patrol from_row(const soci::row& r) {
  Patrol p;
  p.id = row_int(r, 0);
  p.owner_department_id = row_int(r, 1);
  p.department_code = row_text(r, 2);
  p.zone_id = optional_int(r, 3);
  p.zone_name = row_text(r, 4);
  p.team = row_text(r, 5);
  p.members_json = row_text(r, 6);
  p.transport = row_text(r, 7);
  p.started_at = row_int(r, 8);
  p.ended_at = optional_int(r, 9);
  p.km = row_double(r, 10);
  p.hours = row_double(r, 11);
  if (!row_is_null(r, 12)) p.track = row_text(r, 12);
  p.track_points = static_cast<int>(row_int(r, 13));
  p.note = row_text(r, 14);
  p.demo = row_int(r, 15) != 0;
  p.created_by = row_int(r, 16);
  p.version = static_cast<int>(row_int(r, 17));
  p.created_at = row_int(r, 18);
  p.updated_at = row_int(r, 19);
  if (!row_is_null(r, 20)) p.track_hours = row_double(r, 20);
  p.observations_count = row_int(r, 21);
  return p;
}

// ---- observations ---------------------------------------------------------

const char* kObservationSelect =
    "SELECT id, patrol_id, kind, tool_kind, item_count, species_text, note, lon, lat, "
    "observed_at, evidence_ids, tip_id, created_by, created_at FROM patrol_observations";

PatrolObservation observation_from_row(const soci::row& r) {
  PatrolObservation o;
  o.id = row_int(r, 0);
  o.patrol_id = row_int(r, 1);
  o.kind = row_text(r, 2);
  o.tool_kind = row_text(r, 3);
  o.count = optional_int(r, 4);
  o.species_text = row_text(r, 5);
  o.note = row_text(r, 6);
  o.lon = row_double(r, 7);
  o.lat = row_double(r, 8);
  o.observed_at = row_int(r, 9);
  o.evidence_ids_json = row_text(r, 10);
  o.tip_id = optional_int(r, 11);
  o.created_by = row_int(r, 12);
  o.created_at = row_int(r, 13);
  return o;
}

}  // namespace

Result<PatrolPlan> PatrolRepository::insert_plan(soci::session& s, PatrolPlan p) {
  p.created_at = p.updated_at = now_ms();
  long long zone = p.zone_id, from = p.period_from, to = p.period_to, owner = p.owner_department_id,
            by = p.created_by, created = p.created_at, id = 0;
  s << "INSERT INTO patrol_plans (zone_id, team, period_from, period_to, target_patrols, "
       "target_km, note, owner_department_id, created_by, version, created_at, updated_at) "
       "VALUES (:zone, :team, :from, :to, :patrols, :km, :note, :owner, :by, 1, :c, :u) "
       "RETURNING id",
      soci::use(zone), soci::use(p.team), soci::use(from), soci::use(to),
      soci::use(p.target_patrols), soci::use(p.target_km), soci::use(p.note), soci::use(owner),
      soci::use(by), soci::use(created), soci::use(created), soci::into(id);
  auto stored = find_plan(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "新建的巡护计划未能读回");
  return **stored;
}

Result<std::optional<PatrolPlan>> PatrolRepository::find_plan(soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPlanSelect) + " WHERE p.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<PatrolPlan>(plan_from_row(r));
  return std::optional<PatrolPlan>();
}

Result<std::vector<PatrolPlan>> PatrolRepository::list_plans(soci::session& s,
                                                             const PatrolPlanQuery& q,
                                                             std::int64_t* total) {
  int has_zone = q.zone_id ? 1 : 0, has_from = q.overlaps_from ? 1 : 0,
      has_to = q.overlaps_to ? 1 : 0;
  long long zone = q.zone_id.value_or(0), from = q.overlaps_from.value_or(0),
            to = q.overlaps_to.value_or(0);
  const std::string where =
      " WHERE (:fz = 0 OR p.zone_id = :z) AND (:ff = 0 OR p.period_to > :f)"
      " AND (:ft = 0 OR p.period_from < :t)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM patrol_plans p" + where, soci::into(n), soci::use(has_zone),
        soci::use(zone), soci::use(has_from), soci::use(from), soci::use(has_to), soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<PatrolPlan> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPlanSelect) + where +
                        " ORDER BY p.period_from DESC, p.id DESC LIMIT :l OFFSET :o",
       soci::use(has_zone), soci::use(zone), soci::use(has_from), soci::use(from),
       soci::use(has_to), soci::use(to), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(plan_from_row(r));
  return out;
}

Result<Patrol> PatrolRepository::insert(soci::session& s, Patrol p) {
  p.created_at = p.updated_at = now_ms();
  long long owner = p.owner_department_id, started = p.started_at, by = p.created_by,
            created = p.created_at, id = 0;
  NullableInt zone(p.zone_id), ended(p.ended_at);
  NullableText track(p.track);
  NullableDouble track_hours(p.track_hours);
  int demo = p.demo ? 1 : 0;
  s << "INSERT INTO patrols (owner_department_id, zone_id, team, members, transport, "
       "started_at, ended_at, km, hours, track, track_points, track_hours, note, demo, created_by, "
       "version, created_at, updated_at) VALUES (:owner, :zone, :team, :members, :transport, "
       ":started, :ended, :km, :hours, :track, :points, :track_hours, :note, :demo, :by, 1, :c, "
       ":u) RETURNING id",
      soci::use(owner), soci::use(zone.value, zone.ind), soci::use(p.team),
      soci::use(p.members_json), soci::use(p.transport), soci::use(started),
      soci::use(ended.value, ended.ind), soci::use(p.km), soci::use(p.hours),
      soci::use(track.value, track.ind), soci::use(p.track_points),
      soci::use(track_hours.value, track_hours.ind), soci::use(p.note), soci::use(demo),
      soci::use(by), soci::use(created), soci::use(created), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "新建的巡护记录未能读回");
  return **stored;
}

Result<Patrol> PatrolRepository::update(soci::session& s, Patrol p, int expected_version) {
  p.updated_at = now_ms();
  long long started = p.started_at, updated = p.updated_at, id = p.id;
  NullableInt zone(p.zone_id), ended(p.ended_at);
  NullableText track(p.track);
  NullableDouble track_hours(p.track_hours);
  soci::statement st =
      (s.prepare << "UPDATE patrols SET zone_id = :zone, team = :team, members = :members, "
                    "transport = :transport, started_at = :started, ended_at = :ended, km = :km, "
                    "hours = :hours, track = :track, track_points = :points, track_hours = "
                    ":track_hours, note = :note, version = version + 1, updated_at = :u WHERE id "
                    "= :id AND version = :v",
       soci::use(zone.value, zone.ind), soci::use(p.team), soci::use(p.members_json),
       soci::use(p.transport), soci::use(started), soci::use(ended.value, ended.ind),
       soci::use(p.km), soci::use(p.hours), soci::use(track.value, track.ind),
       soci::use(p.track_points), soci::use(track_hours.value, track_hours.ind), soci::use(p.note),
       soci::use(updated), soci::use(id), soci::use(expected_version));
  st.execute(true);
  const bool changed = st.get_affected_rows() == 1;
  auto stored = find_by_id(s, p.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("巡护记录不存在");
  if (!changed) return fail(ErrorCode::kPreconditionFailed, "该巡护记录已被他人修改，请刷新后重试");
  return **stored;
}

Result<std::optional<Patrol>> PatrolRepository::find_by_id(soci::session& s, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE p.id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<Patrol>(from_row(r));
  return std::optional<Patrol>();
}

Result<std::vector<Patrol>> PatrolRepository::list(soci::session& s, const PatrolQuery& q,
                                                   std::int64_t* total) {
  int restricted = q.visible_to_department ? 1 : 0, has_zone = q.zone_id ? 1 : 0,
      has_team = q.team ? 1 : 0, has_from = q.started_from ? 1 : 0, has_to = q.started_to ? 1 : 0,
      has_creator = q.created_by ? 1 : 0;
  long long dept = q.visible_to_department.value_or(0), zone = q.zone_id.value_or(0),
            from = q.started_from.value_or(0), to = q.started_to.value_or(0),
            creator = q.created_by.value_or(0);
  std::string team = q.team.value_or("");
  const std::string where =
      " WHERE (:r = 0 OR p.owner_department_id = :d1 OR EXISTS (SELECT 1 FROM record_shares rs "
      "WHERE rs.entity = 'patrol' AND rs.entity_id = p.id AND rs.department_id = :d2))"
      " AND (:fz = 0 OR p.zone_id = :z) AND (:fm = 0 OR p.team = :m)"
      " AND (:ff = 0 OR p.started_at >= :f) AND (:ft = 0 OR p.started_at < :t)"
      " AND (:fc = 0 OR p.created_by = :c)";
  auto bind = [&](auto&& st) -> decltype(auto) {
    return (st, soci::use(restricted), soci::use(dept), soci::use(dept), soci::use(has_zone),
            soci::use(zone), soci::use(has_team), soci::use(team), soci::use(has_from),
            soci::use(from), soci::use(has_to), soci::use(to), soci::use(has_creator),
            soci::use(creator));
  };
  if (total) {
    long long n = 0;
    bind((s << "SELECT COUNT(*) FROM patrols p" + where, soci::into(n)));
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<Patrol> out;
  soci::rowset<soci::row> rows =
      (bind(s.prepare << std::string(kListSelect) + where +
                             " ORDER BY p.started_at DESC, p.id DESC LIMIT :l OFFSET :o"),
       soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<PatrolEffort> PatrolRepository::effort(soci::session& s, std::int64_t zone_id,
                                              const std::string& team, std::int64_t from,
                                              std::int64_t to) {
  long long zone = zone_id, f = from, t = to;
  int any_team = team.empty() ? 1 : 0;
  std::string team_value = team;
  PatrolEffort e;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT COUNT(*), COALESCE(SUM(km), 0), COALESCE(SUM(hours), 0) FROM "
                    "patrols WHERE zone_id = :z AND started_at >= :f AND started_at < :t AND "
                    "(:any = 1 OR team = :team)",
       soci::use(zone), soci::use(f), soci::use(t), soci::use(any_team), soci::use(team_value));
  for (const auto& r : rows) {
    e.patrols = row_int(r, 0);
    e.km = row_double(r, 1);
    e.hours = row_double(r, 2);
  }
  return e;
}

Result<std::vector<std::string>> PatrolRepository::tracks(soci::session& s, std::int64_t zone_id,
                                                          std::int64_t from, std::int64_t to) {
  long long zone = zone_id, f = from, t = to;
  std::vector<std::string> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT track FROM patrols WHERE zone_id = :z AND started_at >= :f AND "
                    "started_at < :t AND track IS NOT NULL ORDER BY id",
       soci::use(zone), soci::use(f), soci::use(t));
  for (const auto& r : rows) out.push_back(row_text(r, 0));
  return out;
}

Result<PatrolObservation> PatrolRepository::add_observation(soci::session& s, PatrolObservation o) {
  o.created_at = now_ms();
  long long patrol = o.patrol_id, observed = o.observed_at, by = o.created_by,
            created = o.created_at, id = 0;
  NullableInt count(o.count), tip(o.tip_id);
  s << "INSERT INTO patrol_observations (patrol_id, kind, tool_kind, item_count, species_text, "
       "note, lon, lat, observed_at, evidence_ids, tip_id, created_by, created_at) VALUES "
       "(:patrol, :kind, :tool, :count, :species, :note, :lon, :lat, :observed, :evidence, :tip, "
       ":by, :c) RETURNING id",
      soci::use(patrol), soci::use(o.kind), soci::use(o.tool_kind),
      soci::use(count.value, count.ind), soci::use(o.species_text), soci::use(o.note),
      soci::use(o.lon), soci::use(o.lat), soci::use(observed), soci::use(o.evidence_ids_json),
      soci::use(tip.value, tip.ind), soci::use(by), soci::use(created), soci::into(id);
  o.id = id;
  return o;
}

Result<std::optional<PatrolObservation>> PatrolRepository::find_observation(soci::session& s,
                                                                            std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kObservationSelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<PatrolObservation>(observation_from_row(r));
  return std::optional<PatrolObservation>();
}

Result<std::vector<PatrolObservation>> PatrolRepository::observations(soci::session& s,
                                                                      std::int64_t patrol_id) {
  long long key = patrol_id;
  std::vector<PatrolObservation> out;
  soci::rowset<soci::row> rows = (s.prepare << std::string(kObservationSelect) +
                                                   " WHERE patrol_id = :p ORDER BY observed_at, id",
                                  soci::use(key));
  for (const auto& r : rows) out.push_back(observation_from_row(r));
  return out;
}

Status PatrolRepository::set_observation_tip(soci::session& s, std::int64_t id,
                                             std::int64_t tip_id) {
  long long key = id, tip = tip_id;
  soci::statement st =
      (s.prepare << "UPDATE patrol_observations SET tip_id = :t WHERE id = :id AND tip_id IS NULL",
       soci::use(tip), soci::use(key));
  st.execute(true);
  if (st.get_affected_rows() != 1) return fail(ErrorCode::kConflict, "该发现已转为线索");
  return {};
}

}  // namespace qf::store
