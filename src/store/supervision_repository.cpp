#include "store/supervision_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT v.id, v.visited_at, v.members, v.findings, v.rectification, "
    "v.rectification_due_at, v.evidence_ids, v.demo, v.created_by, v.created_at, v.updated_at, "
    "v.version FROM supervision_visits v";

SupervisionVisit from_row(const soci::row& r) {
  SupervisionVisit v;
  v.id = row_int(r, 0);
  v.visited_at = row_int(r, 1);
  v.members = row_text(r, 2);
  v.findings = row_text(r, 3);
  v.rectification = row_text(r, 4);
  v.rectification_due_at = row_int(r, 5);
  v.evidence_ids = row_text(r, 6);
  v.demo = row_int(r, 7) != 0;
  v.created_by = row_int(r, 8);
  v.created_at = row_int(r, 9);
  v.updated_at = row_int(r, 10);
  v.version = static_cast<int>(row_int(r, 11));
  return v;
}

Status load_departments(soci::session& s, SupervisionVisit& v) {
  long long key = v.id;
  v.departments.clear();
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT vd.department_id, d.code, d.name, vd.outcome FROM "
                    "supervision_visit_departments vd JOIN departments d ON d.id = "
                    "vd.department_id WHERE vd.visit_id = :v ORDER BY vd.seq, d.id",
       soci::use(key));
  for (const auto& r : rows)
    v.departments.push_back({row_int(r, 0), row_text(r, 1), row_text(r, 2), row_text(r, 3)});
  return {};
}

Status write_departments(soci::session& s, const SupervisionVisit& v) {
  long long key = v.id;
  s << "DELETE FROM supervision_visit_departments WHERE visit_id = :v", soci::use(key);
  int seq = 0;
  for (const auto& d : v.departments) {
    long long dept = d.department_id;
    int position = seq++;
    s << "INSERT INTO supervision_visit_departments (visit_id, department_id, outcome, seq) "
         "VALUES (:v, :d, :o, :s)",
        soci::use(key), soci::use(dept), soci::use(d.outcome), soci::use(position);
  }
  return {};
}

}  // namespace

Result<SupervisionVisit> SupervisionRepository::insert(soci::session& s, SupervisionVisit v) {
  v.created_at = v.updated_at = now_ms();
  long long at = v.visited_at, due = v.rectification_due_at, by = v.created_by,
            created = v.created_at, id = 0;
  int demo = v.demo ? 1 : 0;
  s << "INSERT INTO supervision_visits (visited_at, members, findings, rectification, "
       "rectification_due_at, evidence_ids, demo, created_by, created_at, updated_at, version) "
       "VALUES (:a, :m, :f, :r, :d, :e, :demo, :b, :c, :u, 1) RETURNING id",
      soci::use(at), soci::use(v.members), soci::use(v.findings), soci::use(v.rectification),
      soci::use(due), soci::use(v.evidence_ids), soci::use(demo), soci::use(by), soci::use(created),
      soci::use(created), soci::into(id);
  v.id = id;
  if (auto ok = write_departments(s, v); !ok) return tl::unexpected(ok.error());
  auto stored = find_by_id(s, v.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "督导记录写入后无法读取");
  return **stored;
}

Result<SupervisionVisit> SupervisionRepository::update(soci::session& s, const SupervisionVisit& v,
                                                       int expected_version) {
  long long at = v.visited_at, due = v.rectification_due_at, updated = now_ms(), id = v.id;
  soci::statement st =
      (s.prepare << "UPDATE supervision_visits SET visited_at = :a, members = :m, findings = :f, "
                    "rectification = :r, rectification_due_at = :d, evidence_ids = :e, "
                    "version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(at), soci::use(v.members), soci::use(v.findings), soci::use(v.rectification),
       soci::use(due), soci::use(v.evidence_ids), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, v.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("督导记录不存在");
    return fail(ErrorCode::kPreconditionFailed, "该督导记录已被他人修改，请刷新后重试");
  }
  if (auto ok = write_departments(s, v); !ok) return tl::unexpected(ok.error());
  auto stored = find_by_id(s, v.id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return not_found("督导记录不存在");
  return **stored;
}

Result<std::optional<SupervisionVisit>> SupervisionRepository::find_by_id(soci::session& s,
                                                                          std::int64_t id) {
  long long key = id;
  std::optional<SupervisionVisit> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + " WHERE v.id = :id", soci::use(key));
    for (const auto& r : rows) {
      out = from_row(r);
      break;
    }
  }
  if (out)
    if (auto ok = load_departments(s, *out); !ok) return tl::unexpected(ok.error());
  return out;
}

Result<std::vector<SupervisionVisit>> SupervisionRepository::list(soci::session& s,
                                                                  const SupervisionQuery& q,
                                                                  std::int64_t* total) {
  int has_dept = q.department_id ? 1 : 0, has_from = q.from ? 1 : 0, has_to = q.to ? 1 : 0;
  long long dept = q.department_id.value_or(0), dept2 = dept, from = q.from.value_or(0),
            to = q.to.value_or(0);
  const std::string where =
      " WHERE (:hd = 0 OR EXISTS (SELECT 1 FROM supervision_visit_departments vd JOIN "
      "departments dp ON dp.id = vd.department_id WHERE vd.visit_id = v.id AND (dp.id = :d1 OR "
      "dp.parent_id = :d2))) AND (:hf = 0 OR v.visited_at >= :f) AND (:ht = 0 OR v.visited_at "
      "< :t)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM supervision_visits v" + where, soci::into(n), soci::use(has_dept),
        soci::use(dept), soci::use(dept2), soci::use(has_from), soci::use(from), soci::use(has_to),
        soci::use(to);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<SupervisionVisit> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kSelect) + where +
                          " ORDER BY v.visited_at DESC, v.id DESC LIMIT :l OFFSET :o",
         soci::use(has_dept), soci::use(dept), soci::use(dept2), soci::use(has_from),
         soci::use(from), soci::use(has_to), soci::use(to), soci::use(limit), soci::use(offset));
    for (const auto& r : rows) out.push_back(from_row(r));
  }
  for (auto& v : out)
    if (auto ok = load_departments(s, v); !ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace qf::store
