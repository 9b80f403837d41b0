// GET /api/v1/audit (filterable) and GET /api/v1/audit/verify.
#include "api/handler_support.h"
#include "api/routes.h"
#include "core/clock.h"
#include "service/audit_service.h"

namespace qf::api {

void register_audit_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/audit", authed(deps, [deps](http::Request& req, const service::CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    store::AuditQuery q;
    q.limit = p.page_size;
    q.offset = p.offset();
    if (auto v = req.query_param("entity")) q.entity = std::string(*v);
    if (auto v = req.query_param("entity_id")) q.entity_id = std::string(*v);
    if (auto v = req.query_param("actor")) q.actor = std::string(*v);
    if (auto v = req.query_param("action")) q.action = std::string(*v);
    for (auto [name, target] : {std::pair{"from", &q.from_ms}, std::pair{"to", &q.to_ms}}) {
      if (auto v = req.query_param(name)) {
        try {
          std::size_t used = 0;
          *target = std::stoll(std::string(*v), &used);
          if (used != v->size()) throw std::invalid_argument("trailing");
        } catch (...) {
          return error_response(req, invalid(name, "应为毫秒时间戳").value());
        }
      }
    }
    QF_TRY_RESPONSE(page, service::AuditService(deps.ctx).query(call, q), req);
    nlohmann::json items = nlohmann::json::array();
    auto parse = [](const std::string& s) {
      return s.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(s, nullptr, false);
    };
    for (const auto& e : page.rows)
      items.push_back({{"seq", e.seq},
                       {"at", format_iso8601(e.at)},
                       {"actor_id", e.actor_id},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"entity", e.entity},
                       {"entity_id", e.entity_id},
                       {"before", parse(e.before_json)},
                       {"after", parse(e.after_json)},
                       {"request_id", e.request_id},
                       {"client_address", e.client_address},
                       {"hash", e.hash}});
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "审计日志"});

  router.add("GET", "/api/v1/audit/verify", authed(deps, [deps](http::Request& req, const service::CallContext& call) {
    QF_TRY_RESPONSE(v, service::AuditService(deps.ctx).verify(call), req);
    nlohmann::json out = {{"ok", !v.first_bad_seq.has_value()}, {"rows_checked", v.rows_checked}};
    if (v.first_bad_seq) {
      out["first_bad_seq"] = *v.first_bad_seq;
      out["problem"] = v.problem;
    }
    return json_response(200, out);
  }), {.summary = "校验审计哈希链"});
}

}  // namespace qf::api
