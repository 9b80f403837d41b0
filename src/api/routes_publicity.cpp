// Publicity and training records (宣传培训, the plan's 七(三)/(五)): the list
// with its filters, recording an event, one event and its change.
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/publicity_service.h"

namespace qf::api {
namespace {

using service::CallContext;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

Result<std::optional<std::int64_t>> int_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0)
    return invalid(name, "应为非负整数（毫秒时间戳）");
  return std::optional<std::int64_t>(out);
}

// The body of a create (every required field) or a change (what is given).
Result<service::PublicityInput> read_event(const http::Request& req, bool create) {
  auto body = json_body(req);
  if (!body) return tl::unexpected(body.error());
  std::vector<FieldError> id_errors;
  service::PublicityInput e;
  e.evidence_ids = take_id_array(*body, "evidence_ids", id_errors);
  ObjectReader in(*body);
  e.kind = in.string("kind", create, 32);
  e.title = in.string("title", create, service::kMaxPublicityTitleBytes);
  e.held_at = in.integer("held_at", create, 1, kMaxTime);
  e.place = in.string("place", false, service::kMaxPublicityTextBytes);
  e.audience = in.string("audience", false, service::kMaxPublicityTextBytes);
  e.attendees = in.integer("attendees", false, 0, 10'000'000);
  e.note = in.string("note", false, service::kMaxPublicityNoteBytes);
  e.organiser_department_code = in.string("organiser_department", false, 32);
  if (!id_errors.empty())
    in.absorb(tl::unexpected(Error{ErrorCode::kInvalidInput, "", id_errors, 0}));
  if (auto ok = in.finish(); !ok) return tl::unexpected(ok.error());
  return e;
}

}  // namespace

void register_publicity_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/publicity-events",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::PublicityFilters f;
                      f.limit = p.page_size;
                      f.offset = p.offset();
                      if (auto v = req.query_param("kind"); v && !v->empty()) {
                        std::string_view rest = *v;
                        while (!rest.empty()) {
                          const auto comma = rest.find(',');
                          auto k = rest.substr(0, comma);
                          if (!k.empty()) f.kinds.emplace_back(k);
                          if (comma == std::string_view::npos) break;
                          rest.remove_prefix(comma + 1);
                        }
                      }
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      f.held_from = from;
                      f.held_to = to;
                      if (auto v = req.query_param("department"); v && !v->empty())
                        f.department_code = std::string(*v);
                      if (auto v = req.query_param("q"); v && !v->empty()) f.text = std::string(*v);
                      QF_TRY_RESPONSE(page, service::PublicityService(deps.ctx).list(call, f), req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& v : page.items) items.push_back(service::to_json(v));
                      auto body = page_json(items, page.total, p);
                      body["attendees"] = page.attendees;  // summed over every match
                      return json_response(200, body);
                    }),
             {.summary = "宣传培训记录列表"});

  router.add("POST", "/api/v1/publicity-events",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(e, read_event(req, true), req);
                      QF_TRY_RESPONSE(v, service::PublicityService(deps.ctx).create(call, e), req);
                      return record_response(201, service::to_json(v));
                    }),
             {.body_limit = 64 * 1024, .summary = "登记宣传培训"});

  router.add("GET", "/api/v1/publicity-events/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v, service::PublicityService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "宣传培训记录详情"});

  router.add("PATCH", "/api/v1/publicity-events/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(e, read_event(req, false), req);
                      QF_TRY_RESPONSE(
                          v, service::PublicityService(deps.ctx).update(call, id, e, version), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 64 * 1024, .summary = "修改宣传培训记录"});
}

}  // namespace qf::api
