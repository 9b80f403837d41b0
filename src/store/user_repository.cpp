#include "store/user_repository.h"

#include "core/clock.h"
#include "store/row_reader.h"

namespace qf::store {
namespace {

const char* kSelect =
    "SELECT u.id, u.username, u.display_name, u.role, u.department_id, d.code, u.password_hash, "
    "u.disabled, u.failed_logins, u.locked_until, u.password_changed_at, u.version, u.created_at, "
    "u.updated_at, COALESCE(p.code, d.code) FROM users u JOIN departments d ON d.id = "
    "u.department_id LEFT JOIN departments p ON p.id = d.parent_id";

User from_row(const soci::row& r) {
  User u;
  u.id = row_int(r, 0);
  u.username = row_text(r, 1);
  u.display_name = row_text(r, 2);
  u.role = parse_role(row_text(r, 3)).value_or(Role::kRanger);
  u.department_id = row_int(r, 4);
  u.department_code = row_text(r, 5);
  u.password_hash = row_text(r, 6);
  u.disabled = row_int(r, 7) != 0;
  u.failed_logins = static_cast<int>(row_int(r, 8));
  u.locked_until = row_int(r, 9);
  u.password_changed_at = row_int(r, 10);
  u.version = static_cast<int>(row_int(r, 11));
  u.created_at = row_int(r, 12);
  u.updated_at = row_int(r, 13);
  u.duty_department_code = row_text(r, 14);
  return u;
}

Result<std::optional<User>> find_one(soci::session& s, const std::string& where,
                                     const std::string& key) {
  soci::rowset<soci::row> rows = (s.prepare << std::string(kSelect) + where, soci::use(key));
  for (const auto& r : rows) return std::optional<User>(from_row(r));
  return std::optional<User>();
}

Status expect_one_row(soci::statement& st) {
  if (st.get_affected_rows() != 1) return not_found("用户不存在");
  return {};
}

}  // namespace

Result<User> UserRepository::insert(soci::session& s, User u) {
  u.created_at = u.updated_at = u.password_changed_at = now_ms();
  u.version = 1;
  std::string role(role_name(u.role));
  long long dept = u.department_id, created = u.created_at, id = 0;
  int disabled = u.disabled ? 1 : 0;
  s << "INSERT INTO users (username, display_name, role, department_id, password_hash, disabled, "
       "password_changed_at, version, created_at, updated_at) VALUES (:n, :dn, :r, :d, :h, :dis, "
       ":pc, 1, :c, :u) RETURNING id",
      soci::use(u.username), soci::use(u.display_name), soci::use(role), soci::use(dept),
      soci::use(u.password_hash), soci::use(disabled), soci::use(created), soci::use(created),
      soci::use(created), soci::into(id);
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kInternal, "新建用户后无法读取");
  return **stored;
}

Result<User> UserRepository::update(soci::session& s, User u, int expected_version) {
  std::string role(role_name(u.role));
  long long dept = u.department_id, updated = now_ms(), id = u.id;
  int disabled = u.disabled ? 1 : 0;
  soci::statement st =
      (s.prepare
           << "UPDATE users SET display_name = :dn, role = :r, department_id = :d, disabled "
              "= :dis, version = version + 1, updated_at = :u WHERE id = :id AND version = :v",
       soci::use(u.display_name), soci::use(role), soci::use(dept), soci::use(disabled),
       soci::use(updated), soci::use(id), soci::use(expected_version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto current = find_by_id(s, u.id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("用户不存在");
    return fail(ErrorCode::kPreconditionFailed, "用户信息已被他人修改，请刷新后重试");
  }
  auto stored = find_by_id(s, id);
  if (!stored) return tl::unexpected(stored.error());
  return **stored;
}

Status UserRepository::set_password(soci::session& s, std::int64_t id, const std::string& hash) {
  long long uid = id, at = now_ms();
  soci::statement st =
      (s.prepare << "UPDATE users SET password_hash = :h, password_changed_at = :a, failed_logins "
                    "= 0, locked_until = 0, version = version + 1, updated_at = :u WHERE id = :id",
       soci::use(hash), soci::use(at), soci::use(at), soci::use(uid));
  st.execute(true);
  return expect_one_row(st);
}

Status UserRepository::record_failure(soci::session& s, std::int64_t id,
                                      std::int64_t locked_until) {
  long long uid = id, until = locked_until;
  soci::statement st =
      (s.prepare << "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN "
                    ":l1 > locked_until THEN :l2 ELSE locked_until END WHERE id = :id",
       soci::use(until), soci::use(until), soci::use(uid));
  st.execute(true);
  return expect_one_row(st);
}

Status UserRepository::clear_failures(soci::session& s, std::int64_t id) {
  long long uid = id;
  soci::statement st =
      (s.prepare << "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = :id",
       soci::use(uid));
  st.execute(true);
  return expect_one_row(st);
}

Result<std::optional<User>> UserRepository::find_by_id(soci::session& s, std::int64_t id) {
  return find_one(s, " WHERE u.id = CAST(:id AS BIGINT)", std::to_string(id));
}

Result<std::optional<User>> UserRepository::find_by_username(soci::session& s,
                                                             const std::string& name) {
  return find_one(s, " WHERE u.username = :n", name);
}

Result<std::vector<User>> UserRepository::list(soci::session& s, const UserQuery& q,
                                               std::int64_t* total) {
  int has_dept = q.department_id ? 1 : 0, has_role = q.role ? 1 : 0, has_search = q.search ? 1 : 0;
  long long dept = q.department_id.value_or(0);
  std::string role = q.role.value_or(""), pattern = "%" + q.search.value_or("") + "%";
  const std::string where =
      " WHERE (:hd = 0 OR u.department_id = :d) AND (:hr = 0 OR u.role = :r) AND (:hs = 0 OR "
      "u.username LIKE :p1 OR u.display_name LIKE :p2)";
  if (total) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM users u" + where, soci::into(n), soci::use(has_dept),
        soci::use(dept), soci::use(has_role), soci::use(role), soci::use(has_search),
        soci::use(pattern), soci::use(pattern);
    *total = n;
  }
  int limit = q.limit, offset = q.offset;
  std::vector<User> out;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kSelect) + where + " ORDER BY u.id LIMIT :lim OFFSET :off",
       soci::use(has_dept), soci::use(dept), soci::use(has_role), soci::use(role),
       soci::use(has_search), soci::use(pattern), soci::use(pattern), soci::use(limit),
       soci::use(offset));
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

}  // namespace qf::store
