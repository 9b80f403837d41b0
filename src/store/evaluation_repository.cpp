#include "store/evaluation_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

constexpr const char* kTop = "COALESCE(dp.parent_id, dp.id, 0)";

const char* kRunSelect =
    "SELECT r.id, r.title, r.period_from, r.period_to, r.indicator_version, r.result, "
    "r.created_by, COALESCE(NULLIF(u.display_name, ''), u.username, ''), r.created_at, r.version "
    "FROM evaluation_runs r LEFT JOIN users u ON u.id = r.created_by";

EvaluationRunRow run_from_row(const soci::row& r, bool with_result) {
  EvaluationRunRow x;
  x.id = row_int(r, 0);
  x.title = row_text(r, 1);
  x.period_from = row_int(r, 2);
  x.period_to = row_int(r, 3);
  x.indicator_version = static_cast<int>(row_int(r, 4));
  if (with_result) x.result = row_text(r, 5);
  x.created_by = row_int(r, 6);
  x.created_by_name = row_is_null(r, 7) ? "" : row_text(r, 7);
  x.created_at = row_int(r, 8);
  x.version = static_cast<int>(row_int(r, 9));
  return x;
}

Result<std::optional<IndicatorSetRow>> one_set(soci::session& s, const std::string& where,
                                               int version) {
  std::optional<IndicatorSetRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT version, indicators, created_by, created_at FROM "
                    "evaluation_indicator_sets " +
                        where,
       soci::use(version));
  for (const auto& r : rows) {
    out = IndicatorSetRow{static_cast<int>(row_int(r, 0)), row_text(r, 1), row_int(r, 2),
                          row_int(r, 3)};
    break;
  }
  return out;
}

std::vector<DepartmentCount> counts(soci::rowset<soci::row>& rows) {
  std::vector<DepartmentCount> out;
  for (const auto& r : rows) out.push_back({row_int(r, 0), row_int(r, 1), row_int(r, 2)});
  return out;
}

}  // namespace

Result<std::optional<IndicatorSetRow>> EvaluationRepository::latest_indicator_set(
    soci::session& s) {
  return one_set(s, "WHERE version >= :v ORDER BY version DESC LIMIT 1", 0);
}

Result<std::optional<IndicatorSetRow>> EvaluationRepository::indicator_set(soci::session& s,
                                                                           int version) {
  return one_set(s, "WHERE version = :v", version);
}

Status EvaluationRepository::insert_indicator_set(soci::session& s, const IndicatorSetRow& row) {
  int version = row.version;
  long long by = row.created_by, at = row.created_at;
  s << "INSERT INTO evaluation_indicator_sets (version, indicators, created_by, created_at) "
       "VALUES (:v, :i, :b, :a)",
      soci::use(version), soci::use(row.indicators), soci::use(by), soci::use(at);
  return {};
}

Result<EvaluationRunRow> EvaluationRepository::insert_run(soci::session& s, EvaluationRunRow run) {
  run.created_at = now_ms();
  run.version = 1;
  long long from = run.period_from, to = run.period_to, by = run.created_by, at = run.created_at,
            id = 0;
  int indicator_version = run.indicator_version;
  s << "INSERT INTO evaluation_runs (title, period_from, period_to, indicator_version, result, "
       "created_by, created_at, version) VALUES (:t, :f, :to, :iv, :r, :b, :a, 1) RETURNING id",
      soci::use(run.title), soci::use(from), soci::use(to), soci::use(indicator_version),
      soci::use(run.result), soci::use(by), soci::use(at), soci::into(id);
  auto stored = find_run(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "考核结果写入后无法读取");
  return **stored;
}

Result<std::optional<EvaluationRunRow>> EvaluationRepository::find_run(soci::session& s,
                                                                       std::int64_t id) {
  long long key = id;
  std::optional<EvaluationRunRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRunSelect) + " WHERE r.id = :id", soci::use(key));
  for (const auto& r : rows) {
    out = run_from_row(r, true);
    break;
  }
  return out;
}

Result<std::vector<EvaluationRunRow>> EvaluationRepository::list_runs(soci::session& s, int limit,
                                                                      int offset,
                                                                      std::int64_t* total) {
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM evaluation_runs", soci::into(n);
    *total = n;
  }
  std::vector<EvaluationRunRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kRunSelect) + " ORDER BY r.id DESC LIMIT :l OFFSET :o",
       soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(run_from_row(r, false));
  return out;
}

Result<std::vector<TipDeadlineRow>> EvaluationRepository::tips_assigned(soci::session& s,
                                                                        std::int64_t from,
                                                                        std::int64_t to) {
  long long f = from, t = to;
  std::vector<TipDeadlineRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT t.id, ") + kTop +
                        ", t.state, t.created_at, t.state_changed_at, t.due_at FROM tips t "
                        "JOIN departments dp ON dp.id = t.assigned_department_id "
                        "WHERE t.created_at >= :f AND t.created_at < :t ORDER BY t.id",
       soci::use(f), soci::use(t));
  for (const auto& r : rows)
    out.push_back({row_int(r, 0), row_int(r, 1), row_text(r, 2), row_int(r, 3), row_int(r, 4),
                   row_int(r, 5)});
  return out;
}

Result<std::vector<DepartmentCount>> EvaluationRepository::case_closure(soci::session& s,
                                                                        std::int64_t from,
                                                                        std::int64_t to) {
  long long f = from, t = to;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT ") + kTop +
                        ", COUNT(*), SUM(CASE WHEN c.state = 'closed' THEN 1 ELSE 0 END) "
                        "FROM cases c JOIN departments dp ON dp.id = c.owner_department_id "
                        "WHERE c.created_at >= :f AND c.created_at < :t AND c.state NOT IN "
                        "('not_filed', 'revoked') GROUP BY 1 ORDER BY 1",
       soci::use(f), soci::use(t));
  return counts(rows);
}

Result<std::vector<DepartmentCount>> EvaluationRepository::overdue(soci::session& s,
                                                                   std::int64_t at) {
  long long a1 = at, a2 = at;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT d, SUM(tips), SUM(cases) FROM (SELECT ") + kTop +
                        " AS d, 1 AS tips, 0 AS cases FROM tips t JOIN departments dp ON "
                        "dp.id = t.assigned_department_id WHERE t.due_at > 0 AND t.due_at < :a1 "
                        "UNION ALL SELECT " +
                        kTop +
                        ", 0, 1 FROM cases c JOIN departments dp ON dp.id = "
                        "c.owner_department_id WHERE c.due_at > 0 AND c.due_at < :a2) x "
                        "GROUP BY d ORDER BY d",
       soci::use(a1), soci::use(a2));
  return counts(rows);
}

Result<std::vector<DepartmentCount>> EvaluationRepository::criminal_transfers_received(
    soci::session& s, std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT ") + kTop +
                        ", COUNT(*), SUM(CASE WHEN tr.state IN ('accepted', 'returned') THEN 1 "
                        "ELSE 0 END) FROM transfers tr JOIN departments dp ON dp.id = "
                        "tr.to_department_id WHERE tr.kind = 'criminal' AND tr.requested_at >= "
                        ":f AND tr.requested_at < :t GROUP BY 1 ORDER BY 1",
       soci::use(f), soci::use(t));
  return counts(rows);
}

Result<std::vector<TakedownRow>> EvaluationRepository::takedowns(soci::session& s,
                                                                 std::int64_t from,
                                                                 std::int64_t to) {
  long long f = from, t = to;
  std::vector<TakedownRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT ") + kTop +
                        ", l.received_at, CASE WHEN l.takedown_state IN ('taken_down', "
                        "'verified') THEN l.taken_down_at ELSE 0 END FROM listings l JOIN users "
                        "u ON u.id = l.reviewer_id JOIN departments dp ON dp.id = "
                        "u.department_id WHERE l.review_state = 'confirmed' AND l.reviewed_at "
                        ">= :f AND l.reviewed_at < :t ORDER BY l.id",
       soci::use(f), soci::use(t));
  for (const auto& r : rows) out.push_back({row_int(r, 0), row_int(r, 1), row_int(r, 2)});
  return out;
}

Result<std::vector<ReportDueRow>> EvaluationRepository::reports_due(soci::session& s,
                                                                    std::int64_t from,
                                                                    std::int64_t to) {
  long long f = from, t = to;
  std::vector<ReportDueRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT p.id, p.title, p.due_at, CAST(") + kTop +
                        " AS BIGINT), COALESCE(rs.first_submitted_at, 0) FROM report_periods p "
                        "LEFT JOIN report_submissions rs ON rs.period_id = p.id LEFT JOIN "
                        "departments dp ON dp.id = rs.department_id WHERE p.due_at >= :f AND "
                        "p.due_at < :t ORDER BY p.due_at, p.id",
       soci::use(f), soci::use(t));
  for (const auto& r : rows)
    out.push_back({row_int(r, 0), row_text(r, 1), row_int(r, 2), row_int(r, 3), row_int(r, 4)});
  return out;
}

Result<std::vector<SupervisionOutcomeRow>> EvaluationRepository::supervision_outcomes(
    soci::session& s, std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  std::vector<SupervisionOutcomeRow> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT v.id, v.visited_at, ") + kTop +
                        ", vd.outcome FROM supervision_visits v JOIN "
                        "supervision_visit_departments vd ON vd.visit_id = v.id JOIN "
                        "departments dp ON dp.id = vd.department_id WHERE v.visited_at >= :f "
                        "AND v.visited_at < :t ORDER BY v.visited_at, v.id, vd.seq",
       soci::use(f), soci::use(t));
  for (const auto& r : rows)
    out.push_back({row_int(r, 0), row_int(r, 1), row_int(r, 2), row_text(r, 3)});
  return out;
}

}  // namespace qf::store
