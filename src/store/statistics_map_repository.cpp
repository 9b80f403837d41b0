#include "store/statistics_map_repository.h"

#include <algorithm>

#include "store/row_reader.h"

namespace qf::store {
namespace {

constexpr const char* kInDepartment = "(sc.hd = 0 OR dp.id = sc.d OR dp.parent_id = sc.d)";

// One kind of point. Fixed fragments only: no caller text reaches the SQL.
struct MapQuery {
  std::string_view kind;
  const char* from = nullptr;
  const char* time = nullptr;
  const char* lon = nullptr;
  const char* lat = nullptr;
  const char* id = nullptr;
  const char* record_id = nullptr;
  const char* label = nullptr;
  const char* detail = nullptr;
  std::string visible;
};

std::string visible_through_shares(const std::string& alias, const std::string& entity) {
  return "(sc.r = 0 OR " + alias +
         ".owner_department_id = sc.v OR EXISTS (SELECT 1 FROM "
         "record_shares rs WHERE rs.entity = '" +
         entity + "' AND rs.entity_id = " + alias + ".id AND rs.department_id = sc.v))";
}

const std::vector<MapQuery>& queries() {
  static const std::vector<MapQuery> q = {
      {"cases", "cases c JOIN departments dp ON dp.id = c.owner_department_id", "c.created_at",
       "c.lon", "c.lat", "c.id", "c.id", "c.number || ' ' || c.title", "c.offence_type",
       visible_through_shares("c", "case")},
      {"tips", "tips t LEFT JOIN departments dp ON dp.id = t.assigned_department_id",
       "t.created_at", "t.lon", "t.lat", "t.id", "t.id", "SUBSTR(t.content, 1, 40)", "t.channel",
       visible_through_shares("t", "tip")},
      {"observations",
       "patrol_observations o JOIN patrols pa ON pa.id = o.patrol_id JOIN departments dp ON "
       "dp.id = pa.owner_department_id",
       "o.observed_at", "o.lon", "o.lat", "o.id", "pa.id", "o.species_text", "o.kind",
       visible_through_shares("pa", "patrol")},
      {"inspections",
       "inspections i JOIN places pl ON pl.id = i.place_id JOIN departments dp ON dp.id = "
       "i.owner_department_id",
       "i.inspected_at", "pl.lon", "pl.lat", "i.id", "i.id", "pl.name", "pl.place_type",
       visible_through_shares("i", "inspection")},
      {"transport", "transport_checks tc JOIN departments dp ON dp.id = tc.owner_department_id",
       "tc.checked_at", "tc.lon", "tc.lat", "tc.id", "tc.id", "tc.place_text", "tc.finding",
       visible_through_shares("tc", "transport_check")},
      {"seizures", "seizures z JOIN departments dp ON dp.id = z.owner_department_id", "z.seized_at",
       "z.lon", "z.lat", "z.id", "z.id",
       "CASE WHEN z.reference_no = '' THEN z.species_text ELSE z.reference_no || ' ' || "
       "z.species_text END",
       "z.product_type", visible_through_shares("z", "seizure")},
  };
  return q;
}

const MapQuery* find(std::string_view kind) {
  const auto& all = queries();
  auto it = std::find_if(all.begin(), all.end(), [&](const MapQuery& q) { return q.kind == kind; });
  return it == all.end() ? nullptr : &*it;
}

const char* kScope =
    "WITH sc AS (SELECT CAST(:f AS BIGINT) AS f, CAST(:t AS BIGINT) AS t, CAST(:r AS BIGINT) AS "
    "r, CAST(:v AS BIGINT) AS v, CAST(:hd AS BIGINT) AS hd, CAST(:d AS BIGINT) AS d) ";

std::string scoped_where(const MapQuery& g) {
  return std::string(" WHERE ") + g.time + " >= sc.f AND " + g.time + " < sc.t AND " + g.visible +
         " AND " + kInDepartment;
}

struct Bound {
  long long from, to, restricted, viewer, has_department, department;
  explicit Bound(const StatsScope& q)
      : from(q.from),
        to(q.to),
        restricted(q.visible_to_department ? 1 : 0),
        viewer(q.visible_to_department.value_or(0)),
        has_department(q.department_id ? 1 : 0),
        department(q.department_id.value_or(0)) {}
};

}  // namespace

const std::vector<std::string_view>& StatisticsMapRepository::kinds() {
  static const std::vector<std::string_view> out = [] {
    std::vector<std::string_view> k;
    for (const auto& q : queries()) k.push_back(q.kind);
    return k;
  }();
  return out;
}

bool StatisticsMapRepository::has_kind(std::string_view kind) { return find(kind) != nullptr; }

Result<std::vector<MapPoint>> StatisticsMapRepository::points(soci::session& s, const StatsScope& q,
                                                              std::string_view kind,
                                                              std::int64_t limit) {
  const MapQuery* g = find(kind);
  if (!g) return invalid("kinds", "地图没有这类记录: " + std::string(kind));
  const std::string sql = std::string(kScope) + "SELECT CAST(" + g->id + " AS BIGINT), CAST(" +
                          g->record_id + " AS BIGINT), CAST(" + g->label + " AS TEXT), CAST(" +
                          g->detail + " AS TEXT), CAST(" + g->time + " AS BIGINT), CAST(" + g->lon +
                          " AS DOUBLE PRECISION), CAST(" + g->lat +
                          " AS DOUBLE PRECISION) FROM sc CROSS JOIN " + g->from + scoped_where(*g) +
                          " AND " + g->lon + " IS NOT NULL AND " + g->lat +
                          " IS NOT NULL ORDER BY 5 DESC, 1 DESC LIMIT CAST(:lim AS BIGINT)";
  Bound b(q);
  long long lim = limit;
  std::vector<MapPoint> out;
  soci::rowset<soci::row> rows =
      (s.prepare << sql, soci::use(b.from), soci::use(b.to), soci::use(b.restricted),
       soci::use(b.viewer), soci::use(b.has_department), soci::use(b.department), soci::use(lim));
  for (const auto& r : rows) {
    MapPoint p;
    p.id = row_int(r, 0);
    p.record_id = row_int(r, 1);
    p.label = row_text(r, 2);
    p.detail = row_text(r, 3);
    p.at = row_int(r, 4);
    p.lon = row_double(r, 5);
    p.lat = row_double(r, 6);
    out.push_back(std::move(p));
  }
  return out;
}

Result<StatisticsMapRepository::Counts> StatisticsMapRepository::counts(soci::session& s,
                                                                        const StatsScope& q,
                                                                        std::string_view kind) {
  const MapQuery* g = find(kind);
  if (!g) return invalid("kinds", "地图没有这类记录: " + std::string(kind));
  const std::string located = std::string(g->lon) + " IS NOT NULL AND " + g->lat + " IS NOT NULL";
  const std::string sql = std::string(kScope) + "SELECT CAST(COALESCE(SUM(CASE WHEN " + located +
                          " THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM sc "
                          "CROSS JOIN " +
                          g->from + scoped_where(*g);
  Bound b(q);
  long long with_point = 0, all = 0;
  s << sql, soci::use(b.from), soci::use(b.to), soci::use(b.restricted), soci::use(b.viewer),
      soci::use(b.has_department), soci::use(b.department), soci::into(with_point), soci::into(all);
  return Counts{with_point, all - with_point};
}

}  // namespace qf::store
