#include "service/directory_service.h"

#include <cctype>

#include "core/clock.h"
#include "service/audit_writer.h"
#include "service/auth_service.h"
#include "service/representations.h"

namespace qf::service {
namespace {

Status check_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 64)
    return invalid("username", "用户名长度应为 2–64 个字符");
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-')
      return invalid("username", "用户名只能包含字母、数字、点、下划线和连字符");
  return {};
}

Result<store::Department> department_by_code(soci::session& s, const std::string& code,
                                             const char* field) {
  auto d = store::DepartmentRepository::find_by_code(s, code);
  if (!d) return tl::unexpected(d.error());
  if (!*d) return invalid(field, "部门代码不存在: " + code);
  if (!(*d)->active) return invalid(field, "部门已停用: " + code);
  return **d;
}

}  // namespace

Result<store::User> DirectoryService::create_user(const CallContext& call, const NewUser& nu) {
  if (!AccessPolicy::allows(call.actor, Action::kManageUsers)) return forbidden();
  if (auto c = check_username(nu.username); !c) return tl::unexpected(c.error());
  if (nu.display_name.size() > 200) return invalid("display_name", "姓名过长");
  if (auto p = AuthService(ctx_).check_password_policy(nu.username, nu.password); !p)
    return tl::unexpected(p.error());
  auto hash = store::hash_password(nu.password, ctx_.security.password_cost);
  if (!hash) return tl::unexpected(hash.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::User> {
    auto dept = department_by_code(s, nu.department_code, "department");
    if (!dept) return tl::unexpected(dept.error());
    auto existing = store::UserRepository::find_by_username(s, nu.username);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return fail(ErrorCode::kConflict, "用户名已存在: " + nu.username);
    store::User u;
    u.username = nu.username;
    u.display_name = nu.display_name;
    u.role = nu.role;
    u.department_id = dept->id;
    u.password_hash = *hash;
    auto inserted = store::UserRepository::insert(s, u);
    if (!inserted) return inserted;
    if (auto a = audit(s, call, "user.create", "user", std::to_string(inserted->id), nullptr,
                       to_json(*inserted));
        !a)
      return tl::unexpected(a.error());
    return inserted;
  });
}

Result<store::User> DirectoryService::update_user(const CallContext& call, std::int64_t id,
                                                  const UserChanges& c, int expected_version) {
  if (!AccessPolicy::allows(call.actor, Action::kManageUsers)) return forbidden();
  return ctx_.db.transact([&](soci::session& s) -> Result<store::User> {
    auto current = store::UserRepository::find_by_id(s, id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("用户不存在");
    store::User u = **current;
    if (c.display_name) u.display_name = *c.display_name;
    if (c.role) u.role = *c.role;
    if (c.disabled) u.disabled = *c.disabled;
    if (c.department_code) {
      auto dept = department_by_code(s, *c.department_code, "department");
      if (!dept) return tl::unexpected(dept.error());
      u.department_id = dept->id;
    }
    if (call.actor.user_id == id && (u.disabled || u.role != Role::kAdmin))
      return invalid("role", "不能停用自己的账户或取消自己的管理员角色");
    auto updated = store::UserRepository::update(s, u, expected_version);
    if (!updated) return updated;
    if (updated->disabled && !(*current)->disabled) {
      auto revoked = store::SessionRepository::revoke_all_for_user(s, id, now_ms());
      if (!revoked) return tl::unexpected(revoked.error());
    }
    if (auto a = audit(s, call, "user.update", "user", std::to_string(id), to_json(**current),
                       to_json(*updated));
        !a)
      return tl::unexpected(a.error());
    return updated;
  });
}

Status DirectoryService::set_password(const CallContext& call, const std::string& username,
                                      const std::string& password) {
  if (!AccessPolicy::allows(call.actor, Action::kManageUsers)) return forbidden();
  if (auto p = AuthService(ctx_).check_password_policy(username, password); !p) return p;
  auto hash = store::hash_password(password, ctx_.security.password_cost);
  if (!hash) return tl::unexpected(hash.error());
  return ctx_.db.transact([&](soci::session& s) -> Status {
    auto user = store::UserRepository::find_by_username(s, username);
    if (!user) return tl::unexpected(user.error());
    if (!*user) return not_found("用户不存在: " + username);
    if (auto r = store::UserRepository::set_password(s, (*user)->id, *hash); !r) return r;
    auto revoked = store::SessionRepository::revoke_all_for_user(s, (*user)->id, now_ms());
    if (!revoked) return tl::unexpected(revoked.error());
    return audit(s, call, "user.password_reset", "user", std::to_string((*user)->id), nullptr,
                 {{"sessions_revoked", *revoked}});
  });
}

Status DirectoryService::disable_user(const CallContext& call, const std::string& username) {
  if (!AccessPolicy::allows(call.actor, Action::kManageUsers)) return forbidden();
  auto user = ctx_.db.read([&](soci::session& s) { return store::UserRepository::find_by_username(s, username); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return not_found("用户不存在: " + username);
  UserChanges c;
  c.disabled = true;
  auto r = update_user(call, (*user)->id, c, (*user)->version);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<store::User> DirectoryService::get_user(const CallContext& call, std::int64_t id) {
  if (!AccessPolicy::allows(call.actor, Action::kReadDirectory)) return forbidden();
  auto user = ctx_.db.read([&](soci::session& s) { return store::UserRepository::find_by_id(s, id); });
  if (!user) return tl::unexpected(user.error());
  if (!*user) return not_found("用户不存在");
  return **user;
}

Result<Page<store::User>> DirectoryService::list_users(const CallContext& call,
                                                       const store::UserQuery& q) {
  if (!AccessPolicy::allows(call.actor, Action::kReadDirectory)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::User>> {
    Page<store::User> page;
    auto items = store::UserRepository::list(s, q, &page.total);
    if (!items) return tl::unexpected(items.error());
    page.items = std::move(*items);
    return page;
  });
}

Result<std::vector<store::Department>> DirectoryService::list_departments(const CallContext& call) {
  if (!AccessPolicy::allows(call.actor, Action::kReadDirectory)) return forbidden();
  return ctx_.db.read([](soci::session& s) { return store::DepartmentRepository::list(s); });
}

Result<store::Department> DirectoryService::get_department(const CallContext& call,
                                                           std::int64_t id) {
  if (!AccessPolicy::allows(call.actor, Action::kReadDirectory)) return forbidden();
  auto d = ctx_.db.read([&](soci::session& s) { return store::DepartmentRepository::find_by_id(s, id); });
  if (!d) return tl::unexpected(d.error());
  if (!*d) return not_found("部门不存在");
  return **d;
}

Result<store::Department> DirectoryService::update_department(const CallContext& call,
                                                              std::int64_t id,
                                                              const DepartmentChanges& c,
                                                              int expected_version) {
  if (!AccessPolicy::allows(call.actor, Action::kManageDepartments)) return forbidden();
  if (c.name && (c.name->empty() || c.name->size() > 200)) return invalid("name", "请填写部门名称");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Department> {
    auto current = store::DepartmentRepository::find_by_id(s, id);
    if (!current) return tl::unexpected(current.error());
    if (!*current) return not_found("部门不存在");
    store::Department d = **current;
    if (c.name) d.name = *c.name;
    if (c.short_name) d.short_name = *c.short_name;
    if (c.duties) d.duties = *c.duties;
    if (c.active) d.active = *c.active;
    auto updated = store::DepartmentRepository::update(s, d, expected_version);
    if (!updated) return updated;
    if (auto a = audit(s, call, "department.update", "department", std::to_string(id),
                       to_json(**current), to_json(*updated));
        !a)
      return tl::unexpected(a.error());
    return updated;
  });
}

Result<store::Department> DirectoryService::create_unit(const CallContext& call, const NewUnit& u) {
  if (!AccessPolicy::allows(call.actor, Action::kManageDepartments)) return forbidden();
  if (u.code.empty() || u.code.size() > 32) return invalid("code", "请填写单位代码（32 字符以内）");
  for (unsigned char ch : u.code)
    if (!std::isalnum(ch) && ch != '-' && ch != '_') return invalid("code", "单位代码只能包含字母、数字、-、_");
  if (u.name.empty() || u.name.size() > 200) return invalid("name", "请填写单位名称");
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Department> {
    auto parent = department_by_code(s, u.parent_code, "parent_code");
    if (!parent) return tl::unexpected(parent.error());
    auto existing = store::DepartmentRepository::find_by_code(s, u.code);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return fail(ErrorCode::kConflict, "单位代码已存在: " + u.code);
    store::Department d;
    d.code = u.code;
    d.name = u.name;
    d.kind = "unit";
    d.parent_id = parent->id;
    d.duties = u.duties;
    auto inserted = store::DepartmentRepository::insert(s, d);
    if (!inserted) return inserted;
    if (auto a = audit(s, call, "department.create", "department", std::to_string(inserted->id),
                       nullptr, to_json(*inserted));
        !a)
      return tl::unexpected(a.error());
    return inserted;
  });
}

}  // namespace qf::service
