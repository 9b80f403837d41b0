#include "store/joint_report_repository.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT r.id, r.title, r.period_from, r.period_to, r.case_ids, r.overview_note, "
    "r.achievements, r.shortcomings, r.suggestions, r.state, r.demo, r.created_by, "
    "u.display_name, r.version, r.created_at, r.updated_at FROM joint_reports r "
    "LEFT JOIN users u ON u.id = r.created_by";

std::string ids_json(const std::vector<std::int64_t>& ids) { return nlohmann::json(ids).dump(); }

std::vector<std::int64_t> ids_from(const std::string& text) {
  std::vector<std::int64_t> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  return out;
}

JointReport from_row(const soci::row& row) {
  JointReport r;
  r.id = row_int(row, 0);
  r.title = row_text(row, 1);
  r.period_from = row_int(row, 2);
  r.period_to = row_int(row, 3);
  r.case_ids = ids_from(row_text(row, 4));
  r.overview_note = row_text(row, 5);
  r.achievements = row_text(row, 6);
  r.shortcomings = row_text(row, 7);
  r.suggestions = row_text(row, 8);
  r.state = row_text(row, 9);
  r.demo = row_int(row, 10) != 0;
  r.created_by = row_int(row, 11);
  r.created_by_name = row_text(row, 12);
  r.version = static_cast<int>(row_int(row, 13));
  r.created_at = row_int(row, 14);
  r.updated_at = row_int(row, 15);
  return r;
}

}  // namespace

Result<JointReport> JointReportRepository::insert(soci::session& s, JointReport r) {
  r.created_at = r.updated_at = now_ms();
  long long from = r.period_from, to = r.period_to, by = r.created_by, at = r.created_at, id = 0;
  int demo = r.demo ? 1 : 0;
  const std::string cases = ids_json(r.case_ids);
  s << "INSERT INTO joint_reports (title, period_from, period_to, case_ids, overview_note, "
       "achievements, shortcomings, suggestions, state, demo, created_by, version, created_at, "
       "updated_at) VALUES (:t, :f, :to, :c, :o, :a, :sh, :su, :st, :d, :by, 1, :ca, :ua) "
       "RETURNING id",
      soci::use(r.title), soci::use(from), soci::use(to), soci::use(cases),
      soci::use(r.overview_note), soci::use(r.achievements), soci::use(r.shortcomings),
      soci::use(r.suggestions), soci::use(r.state), soci::use(demo), soci::use(by), soci::use(at),
      soci::use(at), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "联合行动报告写入后无法读取");
  return **stored;
}

Result<JointReport> JointReportRepository::update(soci::session& s, const JointReport& r,
                                                  int expected_version) {
  long long from = r.period_from, to = r.period_to, updated = now_ms(), id = r.id;
  const std::string cases = ids_json(r.case_ids);
  soci::statement st =
      (s.prepare << "UPDATE joint_reports SET title = :t, period_from = :f, period_to = :to, "
                    "case_ids = :c, overview_note = :o, achievements = :a, shortcomings = :sh, "
                    "suggestions = :su, state = :st, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND version = :v",
       soci::use(r.title), soci::use(from), soci::use(to), soci::use(cases),
       soci::use(r.overview_note), soci::use(r.achievements), soci::use(r.shortcomings),
       soci::use(r.suggestions), soci::use(r.state), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, r.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("联合行动报告不存在");
    return fail(ErrorCode::kPreconditionFailed, "该报告已被他人修改，请刷新后重试");
  }
  auto stored = find_by_id(s, r.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("联合行动报告不存在");
  return **stored;
}

Result<std::optional<JointReport>> JointReportRepository::find_by_id(soci::session& s,
                                                                     std::int64_t id) {
  long long key = id;
  std::optional<JointReport> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + " WHERE r.id = :id", soci::use(key));
  for (const auto& r : rows) {
    out = from_row(r);
    break;
  }
  return out;
}

Result<std::vector<JointReport>> JointReportRepository::list(soci::session& s, int limit,
                                                             int offset, std::int64_t* total) {
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM joint_reports", soci::into(n);
    *total = n;
  }
  std::vector<JointReport> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) +
                        " ORDER BY r.period_to DESC, r.id DESC LIMIT :l OFFSET :o",
       soci::use(limit), soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace qf::store
