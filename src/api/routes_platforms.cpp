// Platforms that take takedown notices (系统管理 › 平台通知): GET|POST
// /api/v1/platforms and GET|PATCH /api/v1/platforms/{code}. The signing
// secret is in the answer of the POST and of a PATCH with rotate_secret
// only (service/platform_notice_service.h decides who may do what).
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/listing_service.h"
#include "service/platform_notice_service.h"

namespace qf::api {
namespace {

using service::CallContext;

service::PlatformEndpointInput read_input(ObjectReader& in, bool update) {
  service::PlatformEndpointInput p;
  p.name = in.string("name", false, 200);
  p.notice_url = in.string("notice_url", false, service::kMaxNoticeUrlBytes);
  p.enabled = in.boolean("enabled", false);
  if (auto h = in.integer("deadline_hours", false, 1, service::kMaxNoticeDeadlineHours))
    p.deadline_hours = static_cast<int>(*h);
  p.account = in.string("account", false, service::kMaxListingFieldBytes);
  p.note = in.string("note", false, 4000);
  if (update) p.rotate_secret = in.boolean("rotate_secret", false).value_or(false);
  return p;
}

// The record, plus the secret when this call generated it (shown once).
nlohmann::json saved_json(const service::SavedPlatformEndpoint& saved) {
  nlohmann::json j = service::to_json(saved.endpoint);
  if (!saved.secret.empty()) j["secret"] = saved.secret;
  return j;
}

http::Response list_platforms(ApiDeps deps, http::Request& req, const CallContext& call) {
  QF_TRY_RESPONSE(p, paging(req), req);
  QF_TRY_RESPONSE(registry, service::PlatformEndpointService(deps.ctx).list(call), req);
  // A registry of a few dozen platforms: paged here, not in SQL.
  const auto& all = registry.items;
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = static_cast<std::size_t>(p.offset());
       i < all.size() && i < static_cast<std::size_t>(p.offset() + p.page_size); ++i)
    items.push_back(service::to_json(all[i]));
  auto j = page_json(items, static_cast<std::int64_t>(all.size()), p);
  j["overdue_notices"] = registry.overdue_notices;
  return json_response(200, j);
}

}  // namespace

void register_platform_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "GET", "/api/v1/platforms",
      authed(deps, [deps](http::Request& req,
                          const CallContext& call) { return list_platforms(deps, req, call); }),
      {.summary = "平台下架通知配置列表（含待下架、超期数）"});

  router.add("POST", "/api/v1/platforms",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      const std::string code =
                          in.string("code", true, service::kMaxListingFieldBytes).value_or("");
                      auto input = read_input(in, false);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          saved,
                          service::PlatformEndpointService(deps.ctx).create(call, code, input),
                          req);
                      return record_response(201, saved_json(saved));
                    }),
             {.body_limit = 64 * 1024, .summary = "登记平台下架通知接口（签名密钥只返回这一次）"});

  router.add("GET", "/api/v1/platforms/{code}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      const std::string code = req.params["code"];
                      QF_TRY_RESPONSE(p, service::PlatformEndpointService(deps.ctx).get(call, code),
                                      req);
                      return record_response(200, service::to_json(p));
                    }),
             {.summary = "平台下架通知配置"});

  router.add(
      "PATCH", "/api/v1/platforms/{code}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               const std::string code = req.params["code"];
               QF_TRY_RESPONSE(version, if_match_version(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               auto input = read_input(in, true);
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(
                   saved,
                   service::PlatformEndpointService(deps.ctx).update(call, code, input, version),
                   req);
               return record_response(200, saved_json(saved));
             }),
      {.body_limit = 64 * 1024, .summary = "修改平台下架通知配置；rotate_secret 重新生成签名密钥"});
}

}  // namespace qf::api
