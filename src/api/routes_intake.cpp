// Event intake (七(二): 网格员, 雪亮工程): the signed webhook that turns
// grid-worker and camera-alert events into tips, and the lists of accepted
// and refused events.
//
// POST /api/v1/intake/events authenticates itself instead of through
// authed(): a refused credential must be logged as a refused event too, and
// the sender's own idempotency (key, event_id) replaces Idempotency-Key.
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/auth_service.h"
#include "service/intake_service.h"

namespace qf::api {
namespace {

using service::CallContext;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

std::optional<std::string> bearer_of(const http::Request& req) {
  auto h = req.header("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (!h || h->size() <= kPrefix.size() || h->substr(0, kPrefix.size()) != kPrefix)
    return std::nullopt;
  return std::string(h->substr(kPrefix.size()));
}

std::optional<std::string> header_of(const http::Request& req, const char* name) {
  auto h = req.header(name);
  if (!h) return std::nullopt;
  return std::string(*h);
}

// The payload as the sender wrote it; every problem named per field.
Result<service::IntakeEventInput> read_event(const http::Request& req) {
  auto parsed = json_body(req);
  if (!parsed) return tl::unexpected(parsed.error());
  nlohmann::json body = std::move(*parsed);
  service::IntakeEventInput e;
  std::vector<FieldError> reporter_errors;
  if (auto it = body.find("reporter"); it != body.end()) {
    if (it->is_object()) {
      ObjectReader r(*it, "reporter/");
      e.reporter_name = r.string("name", false, 100).value_or("");
      e.reporter_phone = r.string("phone", false, 32).value_or("");
      if (auto ok = r.finish(); !ok) reporter_errors = ok.error().fields;
    } else if (!it->is_null()) {
      reporter_errors.push_back({"reporter", "应为对象 {name, phone}"});
    }
    body.erase(it);
  }
  ObjectReader in(body);
  e.event_id = in.string("event_id", true, 200).value_or("");
  e.source = in.string("source", true, 32).value_or("");
  e.occurred_at = in.integer("occurred_at", true, 1, kMaxTime).value_or(0);
  e.description = in.string("description", true, 4000).value_or("");
  e.place_text = in.string("place_text", false, 500).value_or("");
  e.lon = in.number("lon", false, -180, 180);
  e.lat = in.number("lat", false, -90, 90);
  e.species_text = in.string("species_text", false, 500).value_or("");
  e.camera_id = in.string("camera_id", false, 200).value_or("");
  if (!reporter_errors.empty())
    in.absorb(tl::unexpected(Error{ErrorCode::kInvalidInput, "", reporter_errors, 0}));
  if (auto ok = in.finish(); !ok) {
    Error err = ok.error();
    err.code = ErrorCode::kMalformedRequest;
    err.message = "事件数据有误";
    return tl::unexpected(err);
  }
  return e;
}

}  // namespace

void register_intake_routes(http::Router& router, ApiDeps deps) {
  router.add("POST", "/api/v1/intake/events",
             [deps](http::Request& req) -> http::Response {
               service::IntakeService intake(deps.ctx);
               const CallContext anonymous = anonymous_call(req);
               auto key = bearer_of(req);
               if (!key) {
                 auto r = error_response(
                     req, intake.refuse_unauthenticated(
                              anonymous, Error{ErrorCode::kUnauthenticated,
                                               "缺少集成密钥（Authorization: Bearer …）",
                                               {},
                                               0}));
                 r.set_header("WWW-Authenticate", "Bearer");
                 return r;
               }
               auto actor = service::AuthService(deps.ctx).authenticate(*key);
               if (!actor) {
                 const Error e = actor.error().code == ErrorCode::kUnauthenticated
                                     ? intake.refuse_unauthenticated(anonymous, actor.error())
                                     : actor.error();
                 auto r = error_response(req, e);
                 if (e.code == ErrorCode::kUnauthenticated)
                   r.set_header("WWW-Authenticate", "Bearer");
                 return r;
               }
               const CallContext call{*actor, req.request_id, req.client_address};
               service::SignedDelivery d{*key, header_of(req, "X-Qingfeng-Timestamp"),
                                         header_of(req, "X-Qingfeng-Signature"), req.body,
                                         read_event(req)};
               QF_TRY_RESPONSE(outcome, intake.receive(call, d), req);
               auto j = service::to_json(outcome.event);
               j["replayed"] = outcome.replayed;
               return json_response(outcome.replayed ? 200 : 201, j);
             },
             {.body_limit = 64 * 1024, .summary = "网格员、雪亮工程事件接入（签名 Webhook）"});

  router.add(
      "GET", "/api/v1/intake/events",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(p, paging(req), req);
               const auto rejected = req.query_param("rejected").value_or("false");
               if (rejected != "true" && rejected != "false")
                 return error_response(req, invalid("rejected", "应为 true 或 false").value());
               service::IntakeService intake(deps.ctx);
               nlohmann::json items = nlohmann::json::array();
               if (rejected == "true") {
                 QF_TRY_RESPONSE(page, intake.rejections(call, p.page_size, p.offset()), req);
                 for (const auto& r : page.items) items.push_back(service::to_json(r));
                 return json_response(200, page_json(items, page.total, p));
               }
               std::optional<std::string> source;
               if (auto v = req.query_param("source")) source = std::string(*v);
               QF_TRY_RESPONSE(page, intake.events(call, source, p.page_size, p.offset()), req);
               for (const auto& e : page.items) items.push_back(service::to_json(e));
               return json_response(200, page_json(items, page.total, p));
             }),
      {.summary = "接入事件列表（?rejected=true：被拒绝的事件）"});
}

}  // namespace qf::api
