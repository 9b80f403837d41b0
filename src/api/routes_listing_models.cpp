// The online-listing scanner's fastText re-scorer (service/listing_model_service.h):
//   GET  /api/v1/listing-models                       stored models with held-out measures
//   POST /api/v1/listing-models                       train from the reviewers' decisions now
//   POST /api/v1/listing-models/{version}/activation  put a stored model in force
//   DELETE /api/v1/listing-models/{version}/activation  withdraw it: the rules alone
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/listing_model_service.h"

namespace qf::api {
namespace {

using json = nlohmann::json;

}  // namespace

void register_listing_model_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "GET", "/api/v1/listing-models",
      authed(deps,
             [deps](http::Request& req, const service::CallContext& call) {
               QF_TRY_RESPONSE(p, paging(req), req);
               QF_TRY_RESPONSE(
                   list, service::ListingModelService(deps.ctx).list(call, p.page_size, p.offset()),
                   req);
               json items = json::array();
               for (const auto& m : list.items)
                 items.push_back(service::to_json(m, m.version == list.active_version));
               json out = page_json(std::move(items), list.total, p);
               out["active_version"] =
                   list.active_version.empty() ? json() : json(list.active_version);
               return json_response(200, out);
             }),
      {.summary = "网上巡查分类模型（fastText 复核模型）及其留出集指标"});

  router.add("POST", "/api/v1/listing-models",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::ModelTrainingRequest r;
                      r.min_decisions = in.integer("min_decisions", false, 0, 1000000)
                                            .value_or(service::kDefaultMinDecisions);
                      r.activate = in.boolean("activate", false).value_or(false);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      r.store = true;
                      QF_TRY_RESPONSE(report, service::ListingModelService(deps.ctx).train(call, r),
                                      req);
                      json out = service::to_json(report.model, report.activated);
                      out["decisions"] = report.decisions;
                      out["skipped_decisions"] = report.skipped_decisions;
                      return json_response(201, out);
                    }),
             {.summary = "用审核决定训练分类模型（留出 20% 评估；可同时启用）"});

  router.add("POST", "/api/v1/listing-models/{version}/activation",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      const std::string version = req.params["version"];
                      QF_TRY_RESPONSE(
                          m, service::ListingModelService(deps.ctx).activate(call, version), req);
                      return json_response(200, service::to_json(m, true));
                    }),
             {.summary = "启用某一分类模型（各节点下一批网络信息起使用）"});

  router.add("DELETE", "/api/v1/listing-models/{version}/activation",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      const std::string version = req.params["version"];
                      QF_TRY_RESPONSE(
                          m, service::ListingModelService(deps.ctx).deactivate(call, version), req);
                      return json_response(200, service::to_json(m, false));
                    }),
             {.summary = "停用生效中的分类模型（各节点下一批网络信息起只按规则判定）"});
}

}  // namespace qf::api
