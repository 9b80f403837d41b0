// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/me,
// POST /api/v1/me/password.
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "core/clock.h"
#include "service/auth_service.h"
#include "service/representations.h"

namespace qf::api {

void register_auth_routes(http::Router& router, ApiDeps deps) {
  router.add("POST", "/api/v1/auth/login", [deps](http::Request& req) -> http::Response {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto username = in.string("username", true, 64);
    auto password = in.string("password", true, 1024);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(login, service::AuthService(deps.ctx).login(*username, *password, anonymous_call(req)), req);
    auto r = json_response(200, {{"token", login.token},
                                 {"expires_at", format_iso8601(login.expires_at)},
                                 {"user", service::to_json(login.user)}});
    r.set_header("Cache-Control", "no-store");
    return r;
  }, {.body_limit = 16 * 1024, .summary = "登录"});

  router.add("POST", "/api/v1/auth/logout", authed(deps, [deps](http::Request& req, const service::CallContext& call) {
    std::string token(req.header("Authorization").value_or("").substr(7));
    if (auto ok = service::AuthService(deps.ctx).logout(token, call); !ok) return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.body_limit = 1024, .summary = "退出登录"});

  router.add("GET", "/api/v1/me", authed(deps, [deps](http::Request& req, const service::CallContext& call) {
    const Actor& a = call.actor;
    nlohmann::json me = {{"id", a.user_id},
                         {"username", a.username},
                         {"role", std::string(role_name(a.role))},
                         {"role_label", std::string(role_label(a.role))},
                         {"department_id", a.department_id},
                         {"department_code", a.department_code},
                         {"duty_department_code", a.duty_department_code.empty()
                                                      ? a.department_code
                                                      : a.duty_department_code},
                         {"sees_all_departments", AccessPolicy::sees_all(a)}};
    if (!a.scopes.empty()) me["scopes"] = a.scopes;
    nlohmann::json can = nlohmann::json::object();
    const std::pair<const char*, Action> actions[] = {
        {"manage_users", Action::kManageUsers},   {"manage_departments", Action::kManageDepartments},
        {"manage_api_keys", Action::kManageApiKeys}, {"read_audit", Action::kReadAudit},
        {"read_directory", Action::kReadDirectory}, {"create_records", Action::kCreateRecord},
        {"update_records", Action::kUpdateRecord}, {"share_records", Action::kShareRecord},
        {"manage_reference_data", Action::kManageReferenceData},
        {"ingest_listings", Action::kIngestListings},
        {"read_listings", Action::kReadListings},
        {"review_listings", Action::kReviewListings},
        {"manage_zones", Action::kManageZones},
        {"record_patrols", Action::kRecordPatrols},
        {"manage_places", Action::kManagePlaces},
        {"record_inspections", Action::kRecordInspections},
        {"record_transport_checks", Action::kRecordTransportChecks},
        {"record_customs", Action::kRecordCustoms},
        {"record_publicity", Action::kRecordPublicity},
        {"submit_reports", Action::kSubmitReports},
        {"manage_reporting", Action::kManageReporting},
        {"manage_evaluation", Action::kManageEvaluation},
        {"read_evaluation", Action::kReadEvaluation},
        {"record_supervision", Action::kRecordSupervision}};
    for (const auto& [name, action] : actions) can[name] = AccessPolicy::allows(a, action);
    me["permissions"] = can;
    return json_response(200, me);
  }), {.summary = "当前用户"});

  router.add("POST", "/api/v1/me/password", authed(deps, [deps](http::Request& req, const service::CallContext& call) {
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto old_password = in.string("old_password", true, 1024);
    auto new_password = in.string("new_password", true, 1024);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    if (auto ok = service::AuthService(deps.ctx).change_own_password(call, *old_password, *new_password); !ok)
      return error_response(req, ok.error());
    return http::Response::no_content();
  }), {.body_limit = 16 * 1024, .summary = "修改本人密码"});
}

}  // namespace qf::api
