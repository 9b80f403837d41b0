#include "store/statistics_series_repository.h"

#include <algorithm>
#include <string>

#include "store/row_reader.h"

namespace qf::store {
namespace {

constexpr const char* kInDepartment = "(sc.hd = 0 OR dp.id = sc.d OR dp.parent_id = sc.d)";

// One daily series. Every part is a fixed fragment of this file, copied
// from the figure's query in statistics_repository.cpp: no caller text
// reaches the SQL. The scope row "sc" carries the bound parameters.
struct SeriesQuery {
  std::string_view code;
  const char* from = nullptr;  // tables with aliases, after "FROM sc CROSS JOIN"
  const char* time = nullptr;  // the record's time column
  std::string visible = "sc.r = 0";
  const char* in_department = kInDepartment;
  const char* where = "1 = 1";
  const char* measure = "COUNT(*)";
};

std::string visible_through_shares(const std::string& alias, const std::string& entity) {
  return "(sc.r = 0 OR " + alias +
         ".owner_department_id = sc.v OR EXISTS (SELECT 1 FROM "
         "record_shares rs WHERE rs.entity = '" +
         entity + "' AND rs.entity_id = " + alias + ".id AND rs.department_id = sc.v))";
}

std::vector<SeriesQuery> make_queries() {
  const std::string tip_visible = visible_through_shares("t", "tip");
  const std::string case_visible = visible_through_shares("c", "case");
  const std::string patrol_visible = visible_through_shares("pa", "patrol");
  const std::string inspection_visible = visible_through_shares("i", "inspection");
  const char* tips = "tips t LEFT JOIN departments dp ON dp.id = t.assigned_department_id";
  const char* cases = "cases c JOIN departments dp ON dp.id = c.owner_department_id";
  const char* transfers = "transfers tr JOIN departments dp ON dp.id = tr.from_department_id";
  const char* transfer_visible =
      "(sc.r = 0 OR tr.from_department_id = sc.v OR tr.to_department_id = sc.v)";
  const char* patrols = "patrols pa JOIN departments dp ON dp.id = pa.owner_department_id";
  const char* listings = "listings l";
  const char* seizures = "seizures z JOIN departments dp ON dp.id = z.owner_department_id";

  std::vector<SeriesQuery> q;
  q.push_back({"tips.received", tips, "t.created_at", tip_visible});
  q.push_back({"tips.verified", tips, "t.created_at", tip_visible, kInDepartment,
               "t.state IN ('case_opened', 'unfounded', 'referred', 'concluded')"});
  q.push_back({"cases.opened", cases, "c.created_at", case_visible});
  q.push_back({"cases.major", cases, "c.created_at", case_visible, kInDepartment, "c.major <> 0"});
  // Each case once, on its first 结案 in the period (the figure counts
  // distinct cases).
  q.push_back({"cases.closed",
               "(SELECT e.case_id, MIN(e.at) AS at FROM case_events e CROSS JOIN sc s2 WHERE "
               "e.at >= s2.f AND e.at < s2.t AND e.kind = 'transition' AND e.data_json LIKE "
               "'%\"to\":\"closed\"%' GROUP BY e.case_id) ce JOIN cases c ON c.id = ce.case_id "
               "JOIN departments dp ON dp.id = c.owner_department_id",
               "ce.at", case_visible});
  q.push_back({"transfers.criminal_sent", transfers, "tr.requested_at", transfer_visible,
               kInDepartment, "tr.kind = 'criminal'"});
  q.push_back({"transfers.handovers_sent", transfers, "tr.requested_at", transfer_visible,
               kInDepartment, "tr.kind = 'handover'"});
  q.push_back({"listings.received", listings, "l.received_at", "1 = 1", "1 = 1"});
  q.push_back({"listings.taken_down", listings, "l.received_at", "1 = 1", "1 = 1",
               "l.takedown_state IN ('taken_down', 'verified')"});
  q.push_back({"patrols.count", patrols, "pa.started_at", patrol_visible});
  q.push_back({"patrols.km", patrols, "pa.started_at", patrol_visible, kInDepartment, "1 = 1",
               "SUM(pa.km)"});
  q.push_back({"patrols.hours", patrols, "pa.started_at", patrol_visible, kInDepartment, "1 = 1",
               "SUM(pa.hours)"});
  q.push_back({"inspections.count",
               "inspections i JOIN departments dp ON dp.id = i.owner_department_id",
               "i.inspected_at", inspection_visible});
  q.push_back({"rectifications.issued",
               "rectification_orders ro JOIN inspections i ON i.id = ro.inspection_id JOIN "
               "departments dp ON dp.id = i.owner_department_id",
               "ro.created_at", inspection_visible});
  q.push_back({"transport.checks",
               "transport_checks tc JOIN departments dp ON dp.id = tc.owner_department_id",
               "tc.checked_at", visible_through_shares("tc", "transport_check")});
  q.push_back(
      {"customs.seizures", seizures, "z.seized_at", visible_through_shares("z", "seizure")});
  q.push_back({"customs.seizure_weight_kg", seizures, "z.seized_at",
               visible_through_shares("z", "seizure"), kInDepartment, "1 = 1", "SUM(z.weight_kg)"});
  q.push_back({"intake.events", "intake_events ie", "ie.received_at", "1 = 1", "1 = 1"});
  const char* publicity =
      "publicity_events pe JOIN departments dp ON dp.id = pe.organiser_department_id";
  const char* publicity_visible = "(sc.r = 0 OR pe.organiser_department_id = sc.v)";
  q.push_back({"publicity.events", publicity, "pe.held_at", publicity_visible, kInDepartment,
               "pe.kind <> 'training'"});
  q.push_back({"publicity.trainings", publicity, "pe.held_at", publicity_visible, kInDepartment,
               "pe.kind = 'training'"});
  return q;
}

const std::vector<SeriesQuery>& queries() {
  static const std::vector<SeriesQuery> q = make_queries();
  return q;
}

}  // namespace

const std::vector<std::string_view>& StatisticsSeriesRepository::figure_codes() {
  static const std::vector<std::string_view> codes = [] {
    std::vector<std::string_view> out;
    for (const auto& q : queries()) out.push_back(q.code);
    return out;
  }();
  return codes;
}

bool StatisticsSeriesRepository::has_figure(std::string_view code) {
  const auto& codes = figure_codes();
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

Result<std::vector<DailyValue>> StatisticsSeriesRepository::daily(soci::session& s,
                                                                  const StatsScope& q,
                                                                  std::string_view figure_code) {
  const auto& all = queries();
  auto it = std::find_if(all.begin(), all.end(),
                         [&](const SeriesQuery& g) { return g.code == figure_code; });
  if (it == all.end()) return invalid("figures", "没有这个趋势指标: " + std::string(figure_code));
  const SeriesQuery& g = *it;
  // The CST day of an epoch-ms time: (t + 8 h) / 1 day, integer division
  // on both backends (times are BIGINT and never negative here).
  const std::string day = std::string("((") + g.time + " + 28800000) / 86400000)";
  const std::string sql =
      "WITH sc AS (SELECT CAST(:f AS BIGINT) AS f, CAST(:t AS BIGINT) AS t, CAST(:n AS BIGINT) "
      "AS n, CAST(:r AS BIGINT) AS r, CAST(:v AS BIGINT) AS v, CAST(:hd AS BIGINT) AS hd, "
      "CAST(:d AS BIGINT) AS d) "
      "SELECT CAST(" +
      day + " AS BIGINT), CAST(COALESCE(" + g.measure +
      ", 0) AS DOUBLE PRECISION) FROM sc CROSS JOIN " + g.from + " WHERE " + g.time +
      " >= sc.f AND " + g.time + " < sc.t AND " + g.visible + " AND " + g.in_department + " AND " +
      g.where + " GROUP BY " + day + " ORDER BY 1";
  long long from = q.from, to = q.to, now = q.now;
  long long restricted = q.visible_to_department ? 1 : 0;
  long long viewer = q.visible_to_department.value_or(0);
  long long has_department = q.department_id ? 1 : 0;
  long long department = q.department_id.value_or(0);
  std::vector<DailyValue> out;
  soci::rowset<soci::row> rows =
      (s.prepare << sql, soci::use(from), soci::use(to), soci::use(now), soci::use(restricted),
       soci::use(viewer), soci::use(has_department), soci::use(department));
  for (const auto& r : rows) out.push_back(DailyValue{row_int(r, 0), row_double(r, 1)});
  return out;
}

}  // namespace qf::store
