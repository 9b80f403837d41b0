// Departments, users and integration API keys.
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/auth_service.h"
#include "service/directory_service.h"
#include "service/representations.h"

namespace qf::api {
namespace {

using service::CallContext;

Result<Role> role_field(const std::string& name) {
  auto r = parse_role(name);
  if (!r) return invalid("role", "未知角色: " + name + "（可选 admin, office, leader, officer, ranger, inspector, integration）");
  return *r;
}

}  // namespace

void register_directory_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/departments", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(list, service::DirectoryService(deps.ctx).list_departments(call), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& d : list) items.push_back(service::to_json(d));
    return json_response(200, {{"items", items}, {"total", list.size()}});
  }), {.summary = "部门列表"});

  router.add("POST", "/api/v1/departments", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto code = in.string("code", true, 32);
    auto name = in.string("name", true, 200);
    auto parent = in.string("parent_code", true, 32);
    auto duties = in.string("duties", false, 4000);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(d, service::DirectoryService(deps.ctx).create_unit(call, {*code, *name, *parent, duties.value_or("")}), req);
    return record_response(201, service::to_json(d));
  }), {.body_limit = 64 * 1024, .summary = "新增下属单位"});

  router.add("GET", "/api/v1/departments/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(d, service::DirectoryService(deps.ctx).get_department(call, id), req);
    return record_response(200, service::to_json(d));
  }), {.summary = "部门详情"});

  router.add("PATCH", "/api/v1/departments/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(version, if_match_version(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    service::DepartmentChanges c;
    c.name = in.string("name", false, 200);
    c.short_name = in.string("short_name", false, 64);
    c.duties = in.string("duties", false, 4000);
    c.active = in.boolean("active", false);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(d, service::DirectoryService(deps.ctx).update_department(call, id, c, version), req);
    return record_response(200, service::to_json(d));
  }), {.body_limit = 64 * 1024, .summary = "修改部门"});

  router.add("GET", "/api/v1/users", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    store::UserQuery q;
    q.limit = p.page_size;
    q.offset = p.offset();
    if (auto v = req.query_param("role")) q.role = std::string(*v);
    if (auto v = req.query_param("q")) q.search = std::string(*v);
    if (auto v = req.query_param("department_id")) {
      try {
        q.department_id = std::stoll(std::string(*v));
      } catch (...) {
        return error_response(req, invalid("department_id", "应为整数").value());
      }
    }
    QF_TRY_RESPONSE(page, service::DirectoryService(deps.ctx).list_users(call, q), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : page.items) items.push_back(service::to_json(u));
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "用户列表"});

  router.add("POST", "/api/v1/users", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto username = in.string("username", true, 64);
    auto display_name = in.string("display_name", false, 200);
    auto role = in.string("role", true, 32);
    auto department = in.string("department_code", true, 32);
    auto password = in.string("password", true, 1024);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(r, role_field(*role), req);
    service::NewUser nu{*username, display_name.value_or(""), r, *department, *password};
    QF_TRY_RESPONSE(u, service::DirectoryService(deps.ctx).create_user(call, nu), req);
    return record_response(201, service::to_json(u));
  }), {.body_limit = 16 * 1024, .summary = "新增用户"});

  router.add("GET", "/api/v1/users/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(u, service::DirectoryService(deps.ctx).get_user(call, id), req);
    return record_response(200, service::to_json(u));
  }), {.summary = "用户详情"});

  router.add("PATCH", "/api/v1/users/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(version, if_match_version(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    service::UserChanges c;
    c.display_name = in.string("display_name", false, 200);
    auto role = in.string("role", false, 32);
    c.department_code = in.string("department_code", false, 32);
    c.disabled = in.boolean("disabled", false);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    if (role) {
      QF_TRY_RESPONSE(r, role_field(*role), req);
      c.role = r;
    }
    QF_TRY_RESPONSE(u, service::DirectoryService(deps.ctx).update_user(call, id, c, version), req);
    return record_response(200, service::to_json(u));
  }), {.body_limit = 16 * 1024, .summary = "修改用户"});

  router.add("POST", "/api/v1/users/{id}/password", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto password = in.string("password", true, 1024);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    service::DirectoryService directory(deps.ctx);
    QF_TRY_RESPONSE(u, directory.get_user(call, id), req);
    if (auto ok = directory.set_password(call, u.username, *password); !ok) return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.body_limit = 16 * 1024, .summary = "重置用户密码"});

  router.add("GET", "/api/v1/api-keys", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(keys, service::AuthService(deps.ctx).list_api_keys(call), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& k : keys) items.push_back(service::to_json(k));
    return json_response(200, {{"items", items}, {"total", keys.size()}});
  }), {.summary = "API 密钥列表"});

  router.add("POST", "/api/v1/api-keys", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto user_id = in.integer("user_id", true, 1);
    auto name = in.string("name", true, 200);
    auto scopes = in.strings("scopes", true, 20);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(issued, service::AuthService(deps.ctx).issue_api_key(call, *user_id, *name, *scopes), req);
    auto out = service::to_json(issued.record);
    out["key"] = issued.key;
    auto r = json_response(201, out);
    r.set_header("Cache-Control", "no-store");
    return r;
  }), {.body_limit = 16 * 1024, .summary = "签发 API 密钥"});

  router.add("DELETE", "/api/v1/api-keys/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    if (auto ok = service::AuthService(deps.ctx).revoke_api_key(call, id); !ok) return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.summary = "吊销 API 密钥"});
}

}  // namespace qf::api
