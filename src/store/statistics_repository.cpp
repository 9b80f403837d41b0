#include "store/statistics_repository.h"

#include "store/row_reader.h"

namespace qf::store {
namespace {

// One grouped figure. Every part is a fixed fragment of this file: no
// caller text reaches the SQL. The scope row "sc" carries the bound
// parameters (f, t, n, r, v, hd, d).
struct GroupedQuery {
  const char* from = nullptr;        // tables with aliases, after "FROM sc CROSS JOIN"
  const char* time = nullptr;        // the record's time column for the period
  const char* key = nullptr;         // GROUP BY key (text)
  const char* department = nullptr;  // top-level department expression, or "0"
  // Row-level rule; by default a restricted scope sees nothing.
  const char* visible = "sc.r = 0";
  const char* in_department = "(sc.hd = 0 OR dp.id = sc.d OR dp.parent_id = sc.d)";
  const char* where = "1 = 1";  // extra conditions
  const char* count = "COUNT(*)";
  const char* a = "0";  // aggregate expressions
  const char* b = "0";
  const char* c = "0";
  const char* d = "0";
};

constexpr const char* kTopDepartment = "COALESCE(dp.parent_id, dp.id, 0)";

std::string visible_through_shares(const std::string& alias, const std::string& entity) {
  return "(sc.r = 0 OR " + alias +
         ".owner_department_id = sc.v OR EXISTS (SELECT 1 FROM "
         "record_shares rs WHERE rs.entity = '" +
         entity + "' AND rs.entity_id = " + alias + ".id AND rs.department_id = sc.v))";
}

std::string sum(const char* aggregate) {
  return std::string("CAST(COALESCE(") + aggregate + ", 0) AS DOUBLE PRECISION)";
}

Result<std::vector<StatsGroup>> grouped(soci::session& s, const StatsScope& q,
                                        const GroupedQuery& g, const std::string& visible) {
  const std::string sql =
      "WITH sc AS (SELECT CAST(:f AS BIGINT) AS f, CAST(:t AS BIGINT) AS t, CAST(:n AS BIGINT) "
      "AS n, CAST(:r AS BIGINT) AS r, CAST(:v AS BIGINT) AS v, CAST(:hd AS BIGINT) AS hd, "
      "CAST(:d AS BIGINT) AS d) "
      "SELECT CAST(" +
      std::string(g.key) + " AS TEXT), CAST(" + g.department + " AS BIGINT), CAST(" + g.count +
      " AS BIGINT), " + sum(g.a) + ", " + sum(g.b) + ", " + sum(g.c) + ", " + sum(g.d) +
      " FROM sc CROSS JOIN " + g.from + " WHERE " + g.time + " >= sc.f AND " + g.time +
      " < sc.t AND " + visible + " AND " + g.in_department + " AND " + g.where +
      " GROUP BY 1, 2 ORDER BY 1, 2";
  long long from = q.from, to = q.to, now = q.now;
  long long restricted = q.visible_to_department ? 1 : 0;
  long long viewer = q.visible_to_department.value_or(0);
  long long has_department = q.department_id ? 1 : 0;
  long long department = q.department_id.value_or(0);
  std::vector<StatsGroup> out;
  soci::rowset<soci::row> rows =
      (s.prepare << sql, soci::use(from), soci::use(to), soci::use(now), soci::use(restricted),
       soci::use(viewer), soci::use(has_department), soci::use(department));
  for (const auto& r : rows) {
    StatsGroup row;
    row.key = row_is_null(r, 0) ? "" : row_text(r, 0);
    row.department_id = row_int(r, 1);
    row.count = row_int(r, 2);
    row.a = row_double(r, 3);
    row.b = row_double(r, 4);
    row.c = row_double(r, 5);
    row.d = row_double(r, 6);
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<StatsGroup>> grouped(soci::session& s, const StatsScope& q,
                                        const GroupedQuery& g) {
  return grouped(s, q, g, g.visible);
}

// Case figures share the case's scope.
GroupedQuery case_query(const char* key) {
  GroupedQuery g;
  g.from = "cases c JOIN departments dp ON dp.id = c.owner_department_id";
  g.time = "c.created_at";
  g.key = key;
  g.department = kTopDepartment;
  return g;
}

const std::string& case_visible() {
  static const std::string v = visible_through_shares("c", "case");
  return v;
}

}  // namespace

Result<std::vector<StatsGroup>> StatisticsRepository::tips(soci::session& s, const StatsScope& q) {
  GroupedQuery g;
  g.from = "tips t LEFT JOIN departments dp ON dp.id = t.assigned_department_id";
  g.time = "t.created_at";
  g.key = "t.channel";
  g.department = kTopDepartment;
  g.a =
      "SUM(CASE WHEN t.state IN ('case_opened', 'unfounded', 'referred', 'concluded') THEN 1 "
      "ELSE 0 END)";
  return grouped(s, q, g, visible_through_shares("t", "tip"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::cases_by_offence(soci::session& s,
                                                                       const StatsScope& q) {
  GroupedQuery g = case_query("c.offence_type");
  g.a = "SUM(c.priority)";
  g.b = "SUM(c.major)";
  g.c = "SUM(CASE WHEN c.penalty_decision_no <> '' THEN c.penalty_amount_fen ELSE 0 END)";
  g.d = "SUM(CASE WHEN c.penalty_decision_no <> '' THEN 1 ELSE 0 END)";
  return grouped(s, q, g, case_visible());
}

Result<std::vector<StatsGroup>> StatisticsRepository::cases_by_source(soci::session& s,
                                                                      const StatsScope& q) {
  return grouped(s, q, case_query("c.source"), case_visible());
}

Result<std::vector<StatsGroup>> StatisticsRepository::cases_closed(soci::session& s,
                                                                   const StatsScope& q) {
  GroupedQuery g;
  g.from =
      "case_events e JOIN cases c ON c.id = e.case_id JOIN departments dp ON dp.id = "
      "c.owner_department_id";
  g.time = "e.at";
  g.key = "'closed'";
  g.department = kTopDepartment;
  // The timeline's transition data is written by CaseService as compact
  // JSON ({"from":…,"to":"closed"}).
  g.where = "e.kind = 'transition' AND e.data_json LIKE '%\"to\":\"closed\"%'";
  g.count = "COUNT(DISTINCT c.id)";
  return grouped(s, q, g, case_visible());
}

Result<std::vector<StatsGroup>> StatisticsRepository::transfers(soci::session& s,
                                                                const StatsScope& q) {
  GroupedQuery g;
  g.from = "transfers tr JOIN departments dp ON dp.id = tr.from_department_id";
  g.time = "tr.requested_at";
  g.key = "tr.kind || '/' || tr.state";
  g.department = kTopDepartment;
  g.visible = "(sc.r = 0 OR tr.from_department_id = sc.v OR tr.to_department_id = sc.v)";
  return grouped(s, q, g);
}

namespace {
GroupedQuery specimen_query(const char* key) {
  GroupedQuery g = case_query(key);
  g.from =
      "case_items ci JOIN cases c ON c.id = ci.case_id JOIN departments dp ON dp.id = "
      "c.owner_department_id LEFT JOIN species sp ON sp.id = ci.species_id";
  g.a = "SUM(ci.count)";
  g.b = "SUM(ci.weight_kg)";
  g.c = "SUM(ci.value_fen)";
  g.d = "SUM(CASE WHEN ci.value_fen IS NULL THEN 0 ELSE 1 END)";
  return g;
}
}  // namespace

Result<std::vector<StatsGroup>> StatisticsRepository::specimens_by_species(soci::session& s,
                                                                           const StatsScope& q) {
  return grouped(s, q, specimen_query("ci.species"), case_visible());
}

Result<std::vector<StatsGroup>> StatisticsRepository::specimens_by_level(soci::session& s,
                                                                         const StatsScope& q) {
  return grouped(s, q, specimen_query("COALESCE(sp.level, '')"), case_visible());
}

Result<std::vector<StatsGroup>> StatisticsRepository::listings(soci::session& s,
                                                               const StatsScope& q) {
  GroupedQuery g;
  g.from = "listings l";
  g.time = "l.received_at";
  g.key = "l.review_state";
  g.department = "0";
  g.visible = "1 = 1";
  g.in_department = "1 = 1";
  g.a = "SUM(CASE WHEN l.takedown_state IN ('taken_down', 'verified') THEN 1 ELSE 0 END)";
  return grouped(s, q, g);
}

Result<std::vector<double>> StatisticsRepository::takedown_hours(soci::session& s,
                                                                 const StatsScope& q) {
  long long from = q.from, to = q.to;
  std::vector<double> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT CAST(l.taken_down_at - l.received_at AS DOUBLE PRECISION) / "
                    "3600000.0 FROM listings l WHERE l.received_at >= :f AND l.received_at < :t "
                    "AND l.takedown_state IN ('taken_down', 'verified') AND l.taken_down_at > 0 "
                    "ORDER BY 1",
       soci::use(from), soci::use(to));
  for (const auto& r : rows) out.push_back(row_double(r, 0));
  return out;
}

Result<std::vector<StatsGroup>> StatisticsRepository::patrols(soci::session& s,
                                                              const StatsScope& q) {
  GroupedQuery g;
  g.from = "patrols pa JOIN departments dp ON dp.id = pa.owner_department_id";
  g.time = "pa.started_at";
  g.key = "''";
  g.department = kTopDepartment;
  g.a = "SUM(pa.km)";
  g.b = "SUM(pa.hours)";
  return grouped(s, q, g, visible_through_shares("pa", "patrol"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::trap_removals(soci::session& s,
                                                                    const StatsScope& q) {
  GroupedQuery g;
  g.from =
      "patrol_observations o JOIN patrols pa ON pa.id = o.patrol_id JOIN departments dp ON "
      "dp.id = pa.owner_department_id";
  g.time = "o.observed_at";
  g.key = "o.tool_kind";
  g.department = kTopDepartment;
  g.where = "o.kind = 'trap_removal'";
  g.a = "SUM(o.item_count)";
  g.b = "SUM(CASE WHEN o.item_count IS NULL THEN 1 ELSE 0 END)";
  return grouped(s, q, g, visible_through_shares("pa", "patrol"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::inspections(soci::session& s,
                                                                  const StatsScope& q,
                                                                  bool by_department) {
  GroupedQuery g;
  g.from = "inspections i JOIN departments dp ON dp.id = i.owner_department_id";
  g.time = "i.inspected_at";
  g.key = "''";
  g.department = by_department ? kTopDepartment : "0";
  g.a = "COUNT(DISTINCT i.place_id)";
  g.b =
      "SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_findings fi WHERE fi.inspection_id = "
      "i.id) THEN 1 ELSE 0 END)";
  return grouped(s, q, g, visible_through_shares("i", "inspection"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::inspection_findings(soci::session& s,
                                                                          const StatsScope& q) {
  GroupedQuery g;
  g.from =
      "inspection_findings fi JOIN inspections i ON i.id = fi.inspection_id JOIN departments dp "
      "ON dp.id = i.owner_department_id";
  g.time = "i.inspected_at";
  g.key = "fi.kind";
  g.department = kTopDepartment;
  return grouped(s, q, g, visible_through_shares("i", "inspection"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::rectifications(soci::session& s,
                                                                     const StatsScope& q) {
  GroupedQuery g;
  g.from =
      "rectification_orders ro JOIN inspections i ON i.id = ro.inspection_id JOIN departments dp "
      "ON dp.id = i.owner_department_id";
  g.time = "ro.created_at";
  g.key = "ro.state";
  g.department = kTopDepartment;
  g.a = "SUM(CASE WHEN ro.state = 'open' AND ro.deadline < sc.n THEN 1 ELSE 0 END)";
  return grouped(s, q, g, visible_through_shares("i", "inspection"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::places_closed(soci::session& s,
                                                                    const StatsScope& q) {
  GroupedQuery g;
  g.from = "places pl JOIN departments dp ON dp.id = pl.owner_department_id";
  g.time = "pl.closed_at";
  g.key = "pl.place_type";
  g.department = kTopDepartment;
  g.visible = "(sc.r = 0 OR pl.owner_department_id = sc.v)";
  g.where = "pl.status = 'closed' AND pl.closed_at > 0";
  return grouped(s, q, g);
}

Result<std::vector<StatsGroup>> StatisticsRepository::transport_checks(soci::session& s,
                                                                       const StatsScope& q) {
  GroupedQuery g;
  g.from = "transport_checks tc JOIN departments dp ON dp.id = tc.owner_department_id";
  g.time = "tc.checked_at";
  g.key = "tc.finding";
  g.department = kTopDepartment;
  g.a = "SUM(tc.spot_check)";
  g.b = "SUM(CASE WHEN tc.handed_over_at > 0 THEN 1 ELSE 0 END)";
  return grouped(s, q, g, visible_through_shares("tc", "transport_check"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::customs_assessments(soci::session& s,
                                                                          const StatsScope& q) {
  GroupedQuery g;
  g.from = "customs_assessments ca JOIN departments dp ON dp.id = ca.owner_department_id";
  g.time = "ca.created_at";
  g.key = "ca.level";
  g.department = kTopDepartment;
  g.visible = "(sc.r = 0 OR ca.owner_department_id = sc.v)";
  return grouped(s, q, g);
}

Result<std::vector<StatsGroup>> StatisticsRepository::seizures(soci::session& s,
                                                               const StatsScope& q) {
  GroupedQuery g;
  g.from = "seizures z JOIN departments dp ON dp.id = z.owner_department_id";
  g.time = "z.seized_at";
  g.key = "z.product_type";
  g.department = kTopDepartment;
  g.a = "SUM(z.weight_kg)";
  g.b = "SUM(z.quantity_pieces)";
  return grouped(s, q, g, visible_through_shares("z", "seizure"));
}

Result<std::vector<StatsGroup>> StatisticsRepository::intake_events(soci::session& s,
                                                                    const StatsScope& q) {
  GroupedQuery g;
  g.from = "intake_events ie";
  g.time = "ie.received_at";
  g.key = "ie.source";
  g.department = "0";
  g.visible = "1 = 1";
  g.in_department = "1 = 1";
  return grouped(s, q, g);
}

Result<std::vector<StatsGroup>> StatisticsRepository::publicity(soci::session& s,
                                                                const StatsScope& q) {
  GroupedQuery g;
  g.from = "publicity_events pe JOIN departments dp ON dp.id = pe.organiser_department_id";
  g.time = "pe.held_at";
  g.key = "pe.kind";
  g.department = kTopDepartment;
  g.visible = "(sc.r = 0 OR pe.organiser_department_id = sc.v)";
  g.a = "SUM(pe.attendees)";
  return grouped(s, q, g);
}

}  // namespace qf::store
