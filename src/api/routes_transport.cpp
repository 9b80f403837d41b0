// Transport and logistics checks (运输检查, the plan's 五(五)): recording a
// check, the lists and one check, handing a finding over to 林草, 农业农村
// or 市场监管, and the companies' spot-check compliance.
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/transport_check_service.h"

namespace qf::api {
namespace {

using service::CallContext;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

Result<std::optional<std::int64_t>> int_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0)
    return invalid(name, "应为非负整数");
  return std::optional<std::int64_t>(out);
}

}  // namespace

void register_transport_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "POST", "/api/v1/transport-checks",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               std::vector<FieldError> id_errors;
               service::NewTransportCheck c;
               c.evidence_ids = take_id_array(body, "evidence_ids", id_errors)
                                    .value_or(std::vector<std::int64_t>{});
               ObjectReader in(body);
               c.kind = in.string("kind", true, 32).value_or("");
               c.place_text = in.string("place_text", false, 500).value_or("");
               c.lon = in.number("lon", false, -180, 180);
               c.lat = in.number("lat", false, -90, 90);
               c.checked_at = in.integer("checked_at", true, 1, kMaxTime).value_or(0);
               c.company = in.string("company", false, 200).value_or("");
               c.waybill_no = in.string("waybill_no", false, 200).value_or("");
               c.sender_name = in.string("sender_name", false, 200).value_or("");
               c.sender_phone = in.string("sender_phone", false, 64).value_or("");
               c.receiver_name = in.string("receiver_name", false, 200).value_or("");
               c.receiver_phone = in.string("receiver_phone", false, 64).value_or("");
               c.vehicle_plate = in.string("vehicle_plate", false, 32).value_or("");
               c.route_origin = in.string("route_origin", false, 200).value_or("");
               c.route_destination = in.string("route_destination", false, 200).value_or("");
               c.goods = in.string("goods", false, 2000).value_or("");
               c.spot_check = in.boolean("spot_check", false).value_or(false);
               c.finding = in.string("finding", false, 32).value_or("none");
               c.finding_note = in.string("finding_note", false, 2000).value_or("");
               c.species_text = in.string("species_text", false, 200).value_or("");
               c.quantity = in.integer("quantity", false, 0, 1'000'000'000);
               c.weight_kg = in.number("weight_kg", false, 0, 1e9);
               if (!id_errors.empty())
                 in.absorb(tl::unexpected(Error{ErrorCode::kInvalidInput, "", id_errors, 0}));
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(v, service::TransportCheckService(deps.ctx).record(call, c), req);
               return record_response(201, service::to_json(v));
             }),
      {.body_limit = 64 * 1024, .summary = "登记运输检查（公安、交通运输）"});

  router.add("GET", "/api/v1/transport-checks",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::TransportCheckFilters f;
                      f.limit = p.page_size;
                      f.offset = p.offset();
                      if (auto v = req.query_param("kind")) f.kind = std::string(*v);
                      if (auto v = req.query_param("finding")) f.finding = std::string(*v);
                      QF_TRY_RESPONSE(company, int_param(req, "company_id"), req);
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      f.company_id = company;
                      f.checked_from = from;
                      f.checked_to = to;
                      QF_TRY_RESPONSE(page, service::TransportCheckService(deps.ctx).list(call, f),
                                      req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& v : page.items) items.push_back(service::to_json(v));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "运输检查记录列表"});

  router.add("GET", "/api/v1/transport-checks/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v, service::TransportCheckService(deps.ctx).get(call, id),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "运输检查记录详情"});

  router.add(
      "POST", "/api/v1/transport-checks/{id}/handover",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               service::HandoverRequest r;
               r.department_code = in.string("department_code", false, 16);
               r.note = in.string("note", false, 4000).value_or("");
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(done, service::TransportCheckService(deps.ctx).handover(call, id, r),
                               req);
               return json_response(201, service::to_json(done));
             }),
      {.body_limit = 64 * 1024, .summary = "检查发现移交林草、农业农村或市场监管（立案并移交）"});

  router.add("GET", "/api/v1/logistics-companies",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(
                          rows, service::TransportCheckService(deps.ctx).companies(call), req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& c : rows) items.push_back(service::to_json(c));
                      return json_response(200, {{"items", items}, {"total", rows.size()}});
                    }),
             {.summary = "物流寄递企业抽检抽查情况"});
}

}  // namespace qf::api
