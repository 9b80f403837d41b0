// Periodic reporting (情况报告制度): the office's reporting periods with each
// department's state, reminders, and a department's submission — save the
// draft (If-Match once it exists), submit, and the office's return for
// correction and acceptance.
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/reporting_service.h"

namespace qf::api {
namespace {

using service::CallContext;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

std::string department_param(const http::Request& req) {
  auto it = req.params.find("department_code");
  return it == req.params.end() ? std::string() : it->second;
}

// If-Match when the caller sent one (state changes check it when given).
Result<std::optional<int>> optional_version(const http::Request& req) {
  if (!req.header("If-Match")) return std::optional<int>();
  auto v = if_match_version(req);
  if (!v) return tl::unexpected(v.error());
  return std::optional<int>(*v);
}

// An optional JSON body (the state changes take none or a small one).
Result<nlohmann::json> optional_body(const http::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  return json_body(req);
}

}  // namespace

void register_reporting_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/report-periods",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      std::optional<std::string> kind;
                      if (auto v = req.query_param("kind"); v && !v->empty())
                        kind = std::string(*v);
                      QF_TRY_RESPONSE(page,
                                      service::ReportingService(deps.ctx).list_periods(
                                          call, kind, p.page_size, p.offset()),
                                      req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& v : page.items) items.push_back(service::to_json(v));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "报告期列表（各期报送情况）"});

  router.add("POST", "/api/v1/report-periods",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::NewReportPeriod p;
                      p.kind = in.string("kind", true, 32).value_or("");
                      p.title = in.string("title", true, 200).value_or("");
                      p.period_from = in.integer("period_from", true, 1, kMaxTime).value_or(0);
                      p.period_to = in.integer("period_to", true, 1, kMaxTime).value_or(0);
                      p.due_at = in.integer("due_at", true, 1, kMaxTime).value_or(0);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v, service::ReportingService(deps.ctx).create_period(call, p),
                                      req);
                      return record_response(201, service::to_json(v));
                    }),
             {.body_limit = 16 * 1024, .summary = "设置报告期（协调机制办公室）"});

  router.add("GET", "/api/v1/report-periods/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v, service::ReportingService(deps.ctx).get_period(call, id),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "报告期详情：各部门报送状态"});

  router.add("POST", "/api/v1/report-periods/{id}/reminders",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(r, service::ReportingService(deps.ctx).remind(call, id), req);
                      return json_response(201, service::to_json(r));
                    }),
             {.summary = "催报：通知尚未提交报告的部门"});

  router.add("GET", "/api/v1/report-periods/{id}/submissions/{department_code}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v,
                                      service::ReportingService(deps.ctx).get_submission(
                                          call, id, department_param(req)),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "部门报告（未保存时预览系统数据）"});

  router.add(
      "PUT", "/api/v1/report-periods/{id}/submissions/{department_code}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               // No If-Match: the first save, which creates the draft.
               QF_TRY_RESPONSE(version, optional_version(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               std::vector<FieldError> id_errors;
               service::SubmissionInput s;
               s.evidence_ids = take_id_array(body, "evidence_ids", id_errors);
               ObjectReader in(body);
               s.body = in.string("body", false, service::kMaxReportBodyBytes);
               s.refresh_figures = in.boolean("refresh_figures", false).value_or(false);
               if (!id_errors.empty())
                 in.absorb(tl::unexpected(Error{ErrorCode::kInvalidInput, "", id_errors, 0}));
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(v,
                               service::ReportingService(deps.ctx).save(
                                   call, id, department_param(req), s, version.value_or(0)),
                               req);
               return record_response(200, service::to_json(v));
             }),
      {.body_limit = 256 * 1024, .summary = "保存报告草稿（首次保存时取系统数据）"});

  router.add("POST", "/api/v1/report-periods/{id}/submissions/{department_code}/submit",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, optional_version(req), req);
                      QF_TRY_RESPONSE(v,
                                      service::ReportingService(deps.ctx).submit(
                                          call, id, department_param(req), version),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 4 * 1024, .summary = "提交报告"});

  router.add("POST", "/api/v1/report-periods/{id}/submissions/{department_code}/return",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, optional_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      auto reason =
                          in.string("reason", true, service::kMaxReturnReasonBytes).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v,
                                      service::ReportingService(deps.ctx).return_for_correction(
                                          call, id, department_param(req), reason, version),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 16 * 1024, .summary = "退回报告修改（协调机制办公室）"});

  router.add("POST", "/api/v1/report-periods/{id}/submissions/{department_code}/accept",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, optional_version(req), req);
                      QF_TRY_RESPONSE(body, optional_body(req), req);
                      ObjectReader in(body);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v,
                                      service::ReportingService(deps.ctx).accept(
                                          call, id, department_param(req), version),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 4 * 1024, .summary = "采纳报告（协调机制办公室）"});
}

}  // namespace qf::api
