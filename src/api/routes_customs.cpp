// Customs (海关, the plan's 五(六)): risk assessment of a declaration or
// postal item, the risk rules, and seizures with their trade chain.
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/customs_service.h"

namespace qf::api {
namespace {

using service::CallContext;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

service::NewSeizure read_seizure(ObjectReader& in) {
  service::NewSeizure z;
  z.reference_no = in.string("reference_no", false, 200).value_or("");
  z.seized_at = in.integer("seized_at", true, 1, kMaxTime).value_or(0);
  z.discovery_place = in.string("discovery_place", false, 500).value_or("");
  z.discovery_country = in.string("discovery_country", false, 2).value_or("CN");
  z.lon = in.number("lon", false, -180, 180);
  z.lat = in.number("lat", false, -90, 90);
  z.species_text = in.string("species_text", true, 200).value_or("");
  z.product_type = in.string("product_type", true, 32).value_or("");
  z.quantity_pieces = in.integer("quantity_pieces", false, 0, 1'000'000'000);
  z.weight_kg = in.number("weight_kg", false, 0, 1e9);
  if (auto origins = in.objects("origins", false, 20))
    for (std::size_t i = 0; i < origins->size(); ++i) {
      ObjectReader o(*(*origins)[i], "origins/" + std::to_string(i) + "/");
      service::NewSeizure::Origin origin;
      origin.country = o.string("country", true, 2).value_or("");
      origin.share_pct = o.number("share_pct", false, 0, 100);
      in.absorb(o.finish());
      z.origins.push_back(std::move(origin));
    }
  z.export_country = in.string("export_country", false, 2).value_or("");
  if (auto transit = in.objects("transit", false, 20))
    for (std::size_t i = 0; i < transit->size(); ++i) {
      ObjectReader t(*(*transit)[i], "transit/" + std::to_string(i) + "/");
      service::NewSeizure::Transit leg;
      leg.country = t.string("country", true, 2).value_or("");
      leg.chain_of_custody = t.boolean("chain_of_custody", false).value_or(false);
      in.absorb(t.finish());
      z.transit.push_back(std::move(leg));
    }
  z.destination_country = in.string("destination_country", false, 2).value_or("");
  z.consignor = in.string("consignor", false, 500).value_or("");
  z.consignee = in.string("consignee", false, 500).value_or("");
  z.note = in.string("note", false, 4000).value_or("");
  z.assessment_id = in.integer("assessment_id", false, 1);
  z.case_id = in.integer("case_id", false, 1);
  return z;
}

// A millisecond time from the query ([from, to) of the lists).
Result<std::optional<std::int64_t>> time_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  std::int64_t ms = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
  if (ec != std::errc() || end != v->data() + v->size() || ms < 0)
    return invalid(name, "应为毫秒时间戳");
  return std::optional<std::int64_t>(ms);
}

std::optional<std::string> text_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return std::string(*v);
}

}  // namespace

void register_customs_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "POST", "/api/v1/customs/assess",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               service::CustomsDeclaration d;
               d.declaration_no = in.string("declaration_no", false, 100).value_or("");
               d.kind = in.string("kind", true, 16).value_or("");
               d.hs_code = in.string("hs_code", false, 10).value_or("");
               d.description = in.string("description", false, 4000).value_or("");
               d.origin_country = in.string("origin_country", false, 2).value_or("");
               d.transit_countries =
                   in.strings("transit_countries", false, 20).value_or(std::vector<std::string>{});
               d.consignor = in.string("consignor", false, 500).value_or("");
               d.consignee = in.string("consignee", false, 500).value_or("");
               d.declared_value_fen = in.money("declared_value", false);
               d.weight_kg = in.number("weight_kg", false, 0, 1e9);
               d.quantity = in.integer("quantity", false, 0, 1'000'000'000);
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(a, service::CustomsService(deps.ctx).assess(call, d), req);
               return record_response(201, service::to_json(a));
             }),
      {.body_limit = 64 * 1024, .summary = "报关单、邮递物品风险评估"});

  router.add("GET", "/api/v1/customs/assessments",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      store::AssessmentQuery q;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      QF_TRY_RESPONSE(from, time_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, time_param(req, "to"), req);
                      q.created_from = from;
                      q.created_to = to;
                      q.level = text_param(req, "level");
                      q.recommendation = text_param(req, "recommendation");
                      q.consignor = text_param(req, "consignor");
                      q.consignee = text_param(req, "consignee");
                      q.hs_code = text_param(req, "hs_code");
                      q.text = text_param(req, "q");
                      QF_TRY_RESPONSE(
                          page, service::CustomsService(deps.ctx).assessments(call, std::move(q)),
                          req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& a : page.items) items.push_back(service::to_json(a));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "海关风险评估记录（按时间、风险等级、处置建议、收发货人、商品编码查找）"});

  router.add("GET", "/api/v1/customs/assessments/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(a, service::CustomsService(deps.ctx).assessment(call, id),
                                      req);
                      return record_response(200, service::to_json(a));
                    }),
             {.summary = "海关风险评估记录详情（得分、理由、描述扫描结果）"});

  router.add("GET", "/api/v1/customs/rules",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(r, service::CustomsService(deps.ctx).rules(call), req);
                      return record_response(200, service::to_json(r));
                    }),
             {.summary = "海关风险评估规则（当前版本）"});

  router.add(
      "PUT", "/api/v1/customs/rules",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(version, if_match_version(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               if (!body.contains("rules"))
                 return error_response(req, invalid("rules", "必填").value());
               nlohmann::json rules = body["rules"];
               body.erase("rules");
               ObjectReader in(body);
               const std::string note = in.string("note", false, 2000).value_or("");
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(
                   r, service::CustomsService(deps.ctx).update_rules(call, rules, note, version),
                   req);
               return record_response(200, service::to_json(r));
             }),
      {.body_limit = 1024 * 1024, .summary = "修改海关风险评估规则（新版本，留痕）"});

  router.add("POST", "/api/v1/seizures",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::NewSeizure z = read_seizure(in);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          stored, service::CustomsService(deps.ctx).record_seizure(call, z), req);
                      return record_response(201, service::to_json(stored));
                    }),
             {.body_limit = 64 * 1024, .summary = "登记查获（含贸易链）"});

  router.add("GET", "/api/v1/seizures",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      store::SeizureQuery q;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      // Seized in [from, to), epoch ms (the statistics' drill-down).
                      QF_TRY_RESPONSE(from, time_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, time_param(req, "to"), req);
                      q.seized_from = from;
                      q.seized_to = to;
                      if (auto v = req.query_param("product_type"); v && !v->empty()) {
                        if (!service::seizure_product_label(*v))
                          return error_response(
                              req, invalid("product_type", "没有这种查获物类型").value());
                        q.product_type = std::string(*v);
                      }
                      QF_TRY_RESPONSE(
                          page, service::CustomsService(deps.ctx).seizures(call, std::move(q)),
                          req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& z : page.items) items.push_back(service::to_json(z));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "查获记录列表"});

  router.add("GET", "/api/v1/seizures/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(z, service::CustomsService(deps.ctx).seizure(call, id), req);
                      return record_response(200, service::to_json(z));
                    }),
             {.summary = "查获记录详情"});
}

}  // namespace qf::api
