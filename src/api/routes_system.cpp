// Operations endpoints: liveness, readiness, metrics, and the OpenAPI
// document of this API.
#include "api/handler_support.h"
#include "api/routes.h"
#include "core/embedded_files.h"

namespace qf::api {

void register_system_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/healthz", [](http::Request&) {
    return json_response(200, {{"status", "ok"}});
  }, {.summary = "进程存活"});

  router.add("GET", "/readyz", [deps](http::Request& req) {
    if (auto ok = deps.ctx.db.ping(); !ok)
      return http::problem(503, "unavailable", "服务暂不可用", "数据库不可达");
    return json_response(200, {{"status", "ready"}});
  }, {.summary = "数据库可达"});

  router.add("GET", "/metrics", [deps](http::Request&) {
    return http::Response::text(200, deps.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  }, {.summary = "Prometheus 指标"});

  router.add("GET", "/api/v1/openapi.json", [](http::Request&) {
    auto doc = embedded_file("src/api/openapi.json");
    if (!doc) return http::problem(500, "internal", "服务器内部错误", "程序中缺少 OpenAPI 文档");
    return http::Response::json(200, std::string(*doc));
  }, {.summary = "OpenAPI 文档"});
}

void register_api(http::Router& router, ApiDeps deps) {
  deps.metrics.set_gauge_source([&db = deps.ctx.db] {
    auto s = db.stats();
    return "# HELP qingfeng_db_pool_size Database connections in the pool.\n"
           "# TYPE qingfeng_db_pool_size gauge\nqingfeng_db_pool_size " +
           std::to_string(s.size) +
           "\n# HELP qingfeng_db_pool_in_use Database connections leased right now.\n"
           "# TYPE qingfeng_db_pool_in_use gauge\nqingfeng_db_pool_in_use " +
           std::to_string(s.in_use) + "\n";
  });
  register_system_routes(router, deps);
  register_auth_routes(router, deps);
  register_directory_routes(router, deps);
  register_evidence_routes(router, deps);
  register_audit_routes(router, deps);
  register_tip_routes(router, deps);
  register_case_routes(router, deps);
  register_export_routes(router, deps);
  register_webhook_routes(router, deps);
  register_species_routes(router, deps);
  register_listing_routes(router, deps);
  register_platform_routes(router, deps);
  register_transport_routes(router, deps);
  register_customs_routes(router, deps);
  register_intake_routes(router, deps);
  register_patrol_routes(router, deps);
  register_place_routes(router, deps);
  register_stats_routes(router, deps);
  register_lexicon_routes(router, deps);
  register_listing_model_routes(router, deps);
  register_publicity_routes(router, deps);
  register_reporting_routes(router, deps);
  register_stats_series_routes(router, deps);
  register_evaluation_routes(router, deps);
  register_joint_report_routes(router, deps);
}

}  // namespace qf::api
