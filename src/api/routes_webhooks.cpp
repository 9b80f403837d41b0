// The outgoing-webhook delivery log: GET /api/v1/webhook-deliveries and
// POST /api/v1/webhook-deliveries/{id}/retry (office and administrator; the
// service decides).
#include "api/handler_support.h"
#include "api/routes.h"
#include "service/webhook_dispatcher.h"

namespace qf::api {
namespace {

using service::CallContext;

http::Response list_deliveries(ApiDeps deps, http::Request& req, const CallContext& call) {
  QF_TRY_RESPONSE(p, paging(req), req);
  store::WebhookQuery q;
  q.limit = p.page_size;
  q.offset = p.offset();
  if (auto v = req.query_param("status")) {
    if (*v != "pending" && *v != "delivered" && *v != "failed")
      return error_response(req, invalid("status", "应为 pending、delivered 或 failed").value());
    q.status = std::string(*v);
  }
  if (auto v = req.query_param("entity")) q.entity = std::string(*v);
  if (auto v = req.query_param("entity_id")) {
    try {
      std::size_t used = 0;
      q.entity_id = std::stoll(std::string(*v), &used);
      if (used != v->size()) throw std::invalid_argument("trailing");
    } catch (...) {
      return error_response(req, invalid("entity_id", "应为整数").value());
    }
  }
  QF_TRY_RESPONSE(page, service::WebhookDeliveryService(deps.ctx).list(call, q), req);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : page.items) items.push_back(service::to_json(d));
  return json_response(200, page_json(items, page.total, p));
}

http::Response retry_delivery(ApiDeps deps, http::Request& req, const CallContext& call) {
  QF_TRY_RESPONSE(id, id_param(req), req);
  QF_TRY_RESPONSE(d, service::WebhookDeliveryService(deps.ctx).retry(call, id), req);
  return json_response(200, service::to_json(d));
}

}  // namespace

void register_webhook_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "GET", "/api/v1/webhook-deliveries",
      authed(deps, [deps](http::Request& req,
                          const CallContext& call) { return list_deliveries(deps, req, call); }),
      {.summary = "Webhook 投递记录"});
  router.add(
      "POST", "/api/v1/webhook-deliveries/{id}/retry",
      authed(deps, [deps](http::Request& req,
                          const CallContext& call) { return retry_delivery(deps, req, call); }),
      {.summary = "立即重新投递 Webhook"});
}

}  // namespace qf::api
