#include "store/report_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kPeriodSelect =
    "SELECT id, kind, title, period_from, period_to, due_at, demo, created_by, created_at, "
    "version FROM report_periods";

const char* kSubmissionSelect =
    "SELECT r.id, r.period_id, r.department_id, COALESCE(dp.code, ''), r.state, r.figures, "
    "r.figures_at, r.body, r.evidence_ids, r.submitted_at, r.first_submitted_at, "
    "r.returned_reason, r.accepted_at, r.created_by, r.created_at, r.updated_at, r.version "
    "FROM report_submissions r LEFT JOIN departments dp ON dp.id = r.department_id";

ReportPeriod period_from_row(const soci::row& r) {
  ReportPeriod p;
  p.id = row_int(r, 0);
  p.kind = row_text(r, 1);
  p.title = row_text(r, 2);
  p.period_from = row_int(r, 3);
  p.period_to = row_int(r, 4);
  p.due_at = row_int(r, 5);
  p.demo = row_int(r, 6) != 0;
  p.created_by = row_int(r, 7);
  p.created_at = row_int(r, 8);
  p.version = static_cast<int>(row_int(r, 9));
  return p;
}

ReportSubmission submission_from_row(const soci::row& r) {
  ReportSubmission x;
  x.id = row_int(r, 0);
  x.period_id = row_int(r, 1);
  x.department_id = row_int(r, 2);
  x.department_code = row_text(r, 3);
  x.state = row_text(r, 4);
  x.figures_json = row_text(r, 5);
  x.figures_at = row_int(r, 6);
  x.body = row_text(r, 7);
  x.evidence_ids_json = row_text(r, 8);
  x.submitted_at = row_int(r, 9);
  x.first_submitted_at = row_int(r, 10);
  x.returned_reason = row_text(r, 11);
  x.accepted_at = row_int(r, 12);
  x.created_by = row_int(r, 13);
  x.created_at = row_int(r, 14);
  x.updated_at = row_int(r, 15);
  x.version = static_cast<int>(row_int(r, 16));
  return x;
}

}  // namespace

Result<ReportPeriod> ReportRepository::insert_period(soci::session& s, ReportPeriod p) {
  p.created_at = now_ms();
  p.version = 1;
  long long from = p.period_from, to = p.period_to, due = p.due_at, by = p.created_by,
            created = p.created_at, id = 0;
  int demo = p.demo ? 1 : 0;
  s << "INSERT INTO report_periods (kind, title, period_from, period_to, due_at, demo, "
       "created_by, created_at, version) VALUES (:kind, :title, :f, :t, :due, :demo, :by, :c, 1) "
       "RETURNING id",
      soci::use(p.kind), soci::use(p.title), soci::use(from), soci::use(to), soci::use(due),
      soci::use(demo), soci::use(by), soci::use(created), soci::into(id);
  p.id = id;
  return p;
}

Result<std::optional<ReportPeriod>> ReportRepository::find_period(soci::session& s,
                                                                  std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPeriodSelect) + " WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return std::optional<ReportPeriod>(period_from_row(r));
  return std::optional<ReportPeriod>();
}

Result<std::vector<ReportPeriod>> ReportRepository::list_periods(soci::session& s,
                                                                 const ReportPeriodQuery& q,
                                                                 std::int64_t* total) {
  int fk = q.kind ? 1 : 0;
  std::string kind = q.kind.value_or("");
  const std::string where = " WHERE (:fk = 0 OR kind = :k)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM report_periods" + where, soci::into(n), soci::use(fk),
        soci::use(kind);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<ReportPeriod> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPeriodSelect) + where +
                        " ORDER BY period_from DESC, id DESC LIMIT :l OFFSET :o",
       soci::use(fk), soci::use(kind), soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(period_from_row(r));
  return out;
}

Result<PeriodTally> ReportRepository::tally(soci::session& s, std::int64_t period_id) {
  long long key = period_id;
  PeriodTally t;
  t.period_id = period_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT state, CAST(COUNT(*) AS BIGINT) FROM report_submissions WHERE "
                    "period_id = :p GROUP BY state",
       soci::use(key));
  for (const auto& r : rows) {
    const std::string state = row_text(r, 0);
    const std::int64_t n = row_int(r, 1);
    if (state == "draft") t.draft = n;
    if (state == "submitted") t.submitted = n;
    if (state == "returned") t.returned = n;
    if (state == "accepted") t.accepted = n;
  }
  return t;
}

Result<ReportSubmission> ReportRepository::insert_submission(soci::session& s, ReportSubmission x) {
  if (auto existing = find_submission(s, x.period_id, x.department_id); !existing)
    return tl::unexpected(existing.error());
  else if (*existing)
    return fail(ErrorCode::kConflict, "该部门本期报告已存在，请刷新后重试");
  x.created_at = x.updated_at = now_ms();
  x.version = 1;
  long long period = x.period_id, dept = x.department_id, figures_at = x.figures_at,
            submitted = x.submitted_at, first = x.first_submitted_at, accepted = x.accepted_at,
            by = x.created_by, created = x.created_at, id = 0;
  s << "INSERT INTO report_submissions (period_id, department_id, state, figures, figures_at, "
       "body, evidence_ids, submitted_at, first_submitted_at, returned_reason, accepted_at, "
       "created_by, created_at, updated_at, version) VALUES (:p, :d, :state, :fig, :figat, :body, "
       ":ev, :sub, :first, :reason, :acc, :by, :c, :u, 1) RETURNING id",
      soci::use(period), soci::use(dept), soci::use(x.state), soci::use(x.figures_json),
      soci::use(figures_at), soci::use(x.body), soci::use(x.evidence_ids_json),
      soci::use(submitted), soci::use(first), soci::use(x.returned_reason), soci::use(accepted),
      soci::use(by), soci::use(created), soci::use(created), soci::into(id);
  auto stored = find_submission(s, x.period_id, x.department_id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "报告写入后无法读取");
  return **stored;
}

Result<ReportSubmission> ReportRepository::update_submission(soci::session& s,
                                                             const ReportSubmission& x,
                                                             int expected_version) {
  long long figures_at = x.figures_at, submitted = x.submitted_at, first = x.first_submitted_at,
            accepted = x.accepted_at, updated = now_ms(), id = x.id;
  soci::statement st =
      (s.prepare << "UPDATE report_submissions SET state = :state, figures = :fig, "
                    "figures_at = :figat, body = :body, evidence_ids = :ev, submitted_at = :sub, "
                    "first_submitted_at = :first, returned_reason = :reason, accepted_at = :acc, "
                    "version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(x.state), soci::use(x.figures_json), soci::use(figures_at), soci::use(x.body),
       soci::use(x.evidence_ids_json), soci::use(submitted), soci::use(first),
       soci::use(x.returned_reason), soci::use(accepted), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1)
    return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
  auto stored = find_submission(s, x.period_id, x.department_id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("报告不存在");
  return **stored;
}

Result<std::optional<ReportSubmission>> ReportRepository::find_submission(
    soci::session& s, std::int64_t period_id, std::int64_t department_id) {
  long long period = period_id, dept = department_id;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSubmissionSelect) +
                        " WHERE r.period_id = :p AND r.department_id = :d",
       soci::use(period), soci::use(dept));
  for (const auto& r : rows) return std::optional<ReportSubmission>(submission_from_row(r));
  return std::optional<ReportSubmission>();
}

Result<std::vector<ReportSubmission>> ReportRepository::submissions(soci::session& s,
                                                                    std::int64_t period_id) {
  long long period = period_id;
  std::vector<ReportSubmission> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSubmissionSelect) +
                        " WHERE r.period_id = :p ORDER BY r.department_id",
       soci::use(period));
  for (const auto& r : rows) out.push_back(submission_from_row(r));
  return out;
}

}  // namespace qf::store
