// 战果 statistics (the plan's 七(三)): GET /api/v1/stats?from=&to=[&department=CODE]
// — the figures of a period with their drill-down links and the per-department
// ranking rows (service/statistics_service.h).
#include "api/handler_support.h"
#include "api/routes.h"
#include "service/statistics_service.h"

namespace qf::api {

void register_stats_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "GET", "/api/v1/stats",
      authed(deps,
             [deps](http::Request& req, const service::CallContext& call) {
               service::StatisticsRequest r;
               QF_TRY_RESPONSE(
                   from, service::parse_stats_time(req.query_param("from").value_or(""), "from"),
                   req);
               QF_TRY_RESPONSE(
                   to, service::parse_stats_time(req.query_param("to").value_or(""), "to"), req);
               r.from = from;
               r.to = to;
               if (auto v = req.query_param("department")) r.department_code = std::string(*v);
               // Areas are not recorded as such on tips, cases and checks
               // (free-text places): refused rather than half applied.
               if (auto v = req.query_param("township"); v && !v->empty())
                 return error_response(
                     req,
                     invalid("township", "暂不支持按乡镇统计：案件、线索和检查未记录乡镇").value());
               QF_TRY_RESPONSE(stats, service::StatisticsService(deps.ctx).compute(call, r), req);
               return json_response(200, service::to_json(stats));
             }),
      {.summary = "战果统计（期间 [from, to)，日期或毫秒；可按部门；每项附下钻链接）"});
}

}  // namespace qf::api
