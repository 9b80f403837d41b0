#include "store/department_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT id, code, name, short_name, kind, parent_id, duties, active, version, created_at, "
    "updated_at FROM departments";

Department from_row(const soci::row& r) {
  Department d;
  d.id = row_int(r, 0);
  d.code = row_text(r, 1);
  d.name = row_text(r, 2);
  d.short_name = row_text(r, 3);
  d.kind = row_text(r, 4);
  if (!row_is_null(r, 5)) d.parent_id = row_int(r, 5);
  d.duties = row_text(r, 6);
  d.active = row_int(r, 7) != 0;
  d.version = static_cast<int>(row_int(r, 8));
  d.created_at = row_int(r, 9);
  d.updated_at = row_int(r, 10);
  return d;
}

Result<std::optional<Department>> find_one(soci::session& s, const std::string& where,
                                           const std::string& key) {
  soci::rowset<soci::row> rows = (s.prepare << std::string(kSelect) + where, soci::use(key));
  for (const auto& r : rows) return std::optional<Department>(from_row(r));
  return std::optional<Department>();
}

}  // namespace

Result<Department> DepartmentRepository::insert(soci::session& s, Department d) {
  d.created_at = d.updated_at = now_ms();
  d.version = 1;
  long long parent = d.parent_id.value_or(0);
  soci::indicator parent_ind = d.parent_id ? soci::i_ok : soci::i_null;
  int active = d.active ? 1 : 0;
  long long created = d.created_at, id = 0;
  s << "INSERT INTO departments (code, name, short_name, kind, parent_id, duties, active, version, "
       "created_at, updated_at) VALUES (:code, :name, :short, :kind, :parent, :duties, :active, 1, "
       ":c, :u) RETURNING id",
      soci::use(d.code), soci::use(d.name), soci::use(d.short_name), soci::use(d.kind),
      soci::use(parent, parent_ind), soci::use(d.duties), soci::use(active), soci::use(created),
      soci::use(created), soci::into(id);
  d.id = id;
  return d;
}

Result<Department> DepartmentRepository::update(soci::session& s, Department d,
                                                int expected_version) {
  d.updated_at = now_ms();
  long long parent = d.parent_id.value_or(0);
  soci::indicator parent_ind = d.parent_id ? soci::i_ok : soci::i_null;
  int active = d.active ? 1 : 0;
  long long updated = d.updated_at, id = d.id;
  soci::statement st =
      (s.prepare << "UPDATE departments SET name = :name, short_name = :short, kind = :kind, "
                    "parent_id = :parent, duties = :duties, active = :active, version = version + "
                    "1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(d.name), soci::use(d.short_name), soci::use(d.kind), soci::use(parent, parent_ind),
       soci::use(d.duties), soci::use(active), soci::use(updated), soci::use(id),
       soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, d.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("部门不存在");
    return fail(ErrorCode::kPreconditionFailed, "部门信息已被他人修改，请刷新后重试");
  }
  d.version = expected_version + 1;
  return d;
}

Result<std::optional<Department>> DepartmentRepository::find_by_id(soci::session& s,
                                                                   std::int64_t id) {
  return find_one(s, " WHERE id = CAST(:id AS BIGINT)", std::to_string(id));
}

Result<std::optional<Department>> DepartmentRepository::find_by_code(soci::session& s,
                                                                     const std::string& code) {
  return find_one(s, " WHERE code = :code", code);
}

Result<std::vector<Department>> DepartmentRepository::list(soci::session& s) {
  std::vector<Department> out;
  soci::rowset<soci::row> rows = (s.prepare << std::string(kSelect) + " ORDER BY id");
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace qf::store
