// Performance evaluation (督导考核, plan 七(四)/(五)): the indicator
// configuration, evaluation runs with their Excel table, and the
// supervision group's visits (service/evaluation_service.h,
// service/supervision_service.h).
//
// /evaluation/runs/{id}.xlsx sits beside /evaluation/runs/{id}: the router
// prefers a placeholder with a literal suffix to a bare one.
#include <cctype>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "report/evaluation_export.h"
#include "service/evaluation_service.h"
#include "service/statistics_service.h"
#include "service/supervision_service.h"

namespace qf::api {
namespace {

using service::CallContext;
using json = nlohmann::json;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01

Result<std::optional<std::int64_t>> time_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  auto t = service::parse_stats_time(*v, name);
  if (!t) return tl::unexpected(t.error());
  return std::optional<std::int64_t>(*t);
}

// from/to of a run body: "YYYY-MM-DD" or epoch ms.
std::optional<std::int64_t> read_time(ObjectReader& in, const json& body, const char* name,
                                      std::vector<FieldError>& errors) {
  auto it = body.find(name);
  if (it == body.end()) {
    errors.push_back({name, "请填写日期（YYYY-MM-DD）或毫秒时间戳"});
    return std::nullopt;
  }
  if (it->is_number_integer()) return in.integer(name, true, 0, kMaxTime);
  auto text = in.string(name, true, 32);
  if (!text) return std::nullopt;
  auto t = service::parse_stats_time(*text, name);
  if (!t) {
    errors.push_back({name, "应为日期（YYYY-MM-DD）或毫秒时间戳"});
    return std::nullopt;
  }
  return *t;
}

Status with_errors(Status s, const std::vector<FieldError>& extra) {
  if (extra.empty()) return s;
  std::vector<FieldError> all = extra;
  if (!s) all.insert(all.end(), s.error().fields.begin(), s.error().fields.end());
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", all, 0});
}

// Reads a visit body; `create` makes the visit's required fields required.
// evidence_ids is taken out first (ObjectReader has no integer arrays).
Result<service::SupervisionInput> read_visit(const json& body, bool create) {
  json rest = body.is_object() ? body : json::object();
  std::vector<FieldError> extra;
  service::SupervisionInput v;
  if (auto it = rest.find("evidence_ids"); it != rest.end()) {
    const json ids = std::move(*it);
    rest.erase("evidence_ids");
    std::vector<std::int64_t> out;
    if (!ids.is_array() || ids.size() > 50) {
      extra.push_back({"evidence_ids", "应为编号数组（最多 50 项）"});
    } else {
      for (const auto& id : ids) {
        if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
          extra.push_back({"evidence_ids", "应为正整数编号数组"});
          break;
        }
        out.push_back(id.get<std::int64_t>());
      }
    }
    v.evidence_ids = std::move(out);
  }
  ObjectReader in(rest);
  v.visited_at = in.integer("visited_at", create, 1, kMaxTime);
  v.members = in.strings("members", create, service::kMaxSupervisionMembers);
  v.findings = in.string("findings", false, service::kMaxSupervisionTextBytes);
  v.rectification = in.string("rectification", false, service::kMaxSupervisionTextBytes);
  v.rectification_due_at = in.integer("rectification_due_at", false, 0, kMaxTime);
  if (auto list = in.objects("departments", create, service::kMaxSupervisionDepartments)) {
    std::vector<service::VisitedDepartmentInput> departments;
    for (std::size_t k = 0; k < list->size(); ++k) {
      ObjectReader d(*(*list)[k], "departments/" + std::to_string(k) + "/");
      service::VisitedDepartmentInput x;
      x.department_code = d.string("department", true, 32).value_or("");
      x.outcome = d.string("outcome", false, 32).value_or("none");
      departments.push_back(std::move(x));
      in.absorb(d.finish());
    }
    v.departments = std::move(departments);
  }
  if (auto ok = with_errors(in.finish(), extra); !ok) return tl::unexpected(ok.error());
  return v;
}

}  // namespace

void register_evaluation_routes(http::Router& router, ApiDeps deps) {
  // ---- indicators ----
  router.add("GET", "/api/v1/evaluation/indicators",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(c, service::EvaluationService(deps.ctx).indicators(call),
                                      req);
                      return record_response(200, service::to_json(c));
                    }),
             {.summary = "考核指标与权重（现行版本；v0 为系统本地默认值）"});

  router.add(
      "PUT", "/api/v1/evaluation/indicators",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(version, if_match_version(req, 0), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               std::vector<service::IndicatorSetting> settings;
               if (auto list = in.objects("indicators", true, 50))
                 for (std::size_t k = 0; k < list->size(); ++k) {
                   const std::string at = "indicators/" + std::to_string(k) + "/";
                   // params is a nested object: taken out and read with its
                   // own ObjectReader.
                   json item = *(*list)[k];
                   json params = json::object();
                   if (item.is_object() && item.contains("params")) {
                     params = std::move(item["params"]);
                     item.erase("params");
                   }
                   ObjectReader i(item, at);
                   service::IndicatorSetting s;
                   s.code = i.string("code", true, 64).value_or("");
                   s.weight = i.number("weight", true, 0, 100).value_or(0);
                   s.enabled = i.boolean("enabled", false).value_or(true);
                   if (!params.is_object()) {
                     in.absorb(invalid(at + "params", "应为对象"));
                   } else {
                     ObjectReader pr(params, at + "params/");
                     s.target_hours = pr.number("target_hours", false, 0.1, 2160).value_or(-1);
                     s.points_per_item = pr.number("points_per_item", false, 0, 100).value_or(-1);
                     in.absorb(pr.finish());
                   }
                   in.absorb(i.finish());
                   settings.push_back(std::move(s));
                 }
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(
                   c, service::EvaluationService(deps.ctx).put_indicators(call, settings, version),
                   req);
               return record_response(200, service::to_json(c));
             }),
      {.body_limit = 64 * 1024, .summary = "设置考核指标权重（协调机制办公室；每次修改为新版本）"});

  // ---- runs ----
  router.add("GET", "/api/v1/evaluation/runs",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(page,
                                      service::EvaluationService(deps.ctx).list_runs(
                                          call, p.page_size, p.offset()),
                                      req);
                      json items = json::array();
                      for (const auto& r : page.items) {
                        json item = service::to_json(r);
                        items.push_back(std::move(item));
                      }
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "考核评价记录（最新在前）"});

  router.add("POST", "/api/v1/evaluation/runs",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      std::vector<FieldError> errors;
                      auto title = in.string("title", true, service::kMaxEvaluationTitleBytes);
                      auto from = read_time(in, body, "from", errors);
                      auto to = read_time(in, body, "to", errors);
                      if (auto ok = with_errors(in.finish(), errors); !ok)
                        return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          run,
                          service::EvaluationService(deps.ctx).create_run(
                              call, from.value_or(0), to.value_or(0), title.value_or("")),
                          req);
                      return record_response(201, service::to_json(run));
                    }),
             {.summary = "进行一次考核评价（期间 [from, to)；冻结指标版本和全部输入）"});

  router.add("GET", "/api/v1/evaluation/runs/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(run, service::EvaluationService(deps.ctx).get_run(call, id),
                                      req);
                      return record_response(200, service::to_json(run));
                    }),
             {.summary = "考核结果：排名、各项得分及其输入和下钻链接"});

  router.add(
      "GET", "/api/v1/evaluation/runs/{id}.xlsx",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(run, service::EvaluationService(deps.ctx).get_run(call, id), req);
               QF_TRY_RESPONSE(bytes, report::evaluation_xlsx_bytes(run), req);
               http::Response r;
               r.status = 200;
               r.body = std::move(bytes);
               r.set_header("Content-Type",
                            "application/vnd.openxmlformats-officedocument."
                            "spreadsheetml.sheet");
               r.set_header("Content-Disposition",
                            attachment_disposition("考核评价-" + std::to_string(id) + ".xlsx",
                                                   "evaluation-" + std::to_string(id) + ".xlsx"));
               r.set_header("Cache-Control", "no-store");
               r.set_header("X-Content-Type-Options", "nosniff");
               return r;
             }),
      {.summary = "考核评价表（Excel）"});

  // ---- supervision visits ----
  router.add("GET", "/api/v1/supervision-visits",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::SupervisionFilters f;
                      if (auto v = req.query_param("department"); v && !v->empty())
                        f.department_code = std::string(*v);
                      QF_TRY_RESPONSE(from, time_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, time_param(req, "to"), req);
                      f.from = from;
                      f.to = to;
                      QF_TRY_RESPONSE(page,
                                      service::SupervisionService(deps.ctx).list(
                                          call, f, p.page_size, p.offset()),
                                      req);
                      json items = json::array();
                      for (const auto& v : page.items) items.push_back(service::to_json(v));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "督导记录（部门只看到涉及本部门的）"});

  router.add("POST", "/api/v1/supervision-visits",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      QF_TRY_RESPONSE(in, read_visit(body, true), req);
                      QF_TRY_RESPONSE(v, service::SupervisionService(deps.ctx).create(call, in),
                                      req);
                      return record_response(201, service::to_json(v));
                    }),
             {.body_limit = 128 * 1024, .summary = "记录督导（督导组、协调机制办公室）"});

  router.add("GET", "/api/v1/supervision-visits/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v, service::SupervisionService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "督导记录详情"});

  router.add("PATCH", "/api/v1/supervision-visits/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      QF_TRY_RESPONSE(in, read_visit(body, false), req);
                      QF_TRY_RESPONSE(
                          v, service::SupervisionService(deps.ctx).update(call, id, in, version),
                          req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 128 * 1024, .summary = "修改督导记录"});
}

}  // namespace qf::api
