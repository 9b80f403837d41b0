// The species catalog (物种名录) and the legal engine over HTTP:
//   GET  /api/v1/species?q=&list=&level=1|2&aquatic=true|false&page=&page_size=
//   GET  /api/v1/species/{id}
//   GET  /api/v1/species/lists
//   POST /api/v1/species/lists/{code}?kind=&title=&source=&dry_run=   (CSV body)
//   POST /api/v1/law/assess      value of seized wildlife, explained
//   POST /api/v1/law/offences    offences, 行刑衔接, penalties, jurisdiction
// Reading needs only a login (reference data); importing needs
// manage_reference_data (administrator, office).
#include <utility>

#include "api/handler_support.h"
#include "api/routes.h"
#include "law/legal_request.h"
#include "service/species_catalog_service.h"

namespace qf::api {
namespace {

using service::CallContext;

Result<law::SpeciesQuery> species_query(const http::Request& req, const Paging& p) {
  law::SpeciesQuery q;
  q.q = std::string(req.query_param("q").value_or(""));
  if (q.q.size() > 200) return invalid("q", "查询词过长（最多 200 字节）");
  if (auto list = req.query_param("list"); list && !list->empty()) q.list = std::string(*list);
  if (auto level = req.query_param("level"); level && !level->empty()) {
    if (*level != "1" && *level != "2") return invalid("level", "应为 1（国家一级）或 2（国家二级）");
    q.level = *level == "1" ? 1 : 2;
  }
  if (auto aquatic = req.query_param("aquatic"); aquatic && !aquatic->empty()) {
    if (*aquatic != "true" && *aquatic != "false") return invalid("aquatic", "应为 true 或 false");
    q.habitat = *aquatic == "true" ? law::Habitat::kAquatic : law::Habitat::kTerrestrial;
  }
  q.offset = static_cast<std::size_t>(p.offset());
  q.limit = static_cast<std::size_t>(p.page_size);
  return q;
}

nlohmann::json list_json(const service::SpeciesListInfo& info) {
  const auto& l = info.list;
  const auto& c = info.counts;
  nlohmann::json out = {{"code", l.code},
                        {"title", l.title},
                        {"source", l.source},
                        {"kind", l.kind},
                        {"origin", l.origin},
                        {"rows", l.row_count},
                        {"checksum", l.checksum},
                        {"loaded_at", l.loaded_at},
                        {"loaded_by", l.loaded_by}};
  if (l.kind == "species")
    out["counts"] = {{"species", c.species},         {"level1", c.level1},
                     {"level2", c.level2},           {"terrestrial", c.terrestrial},
                     {"aquatic", c.aquatic},         {"classes", c.taxa},
                     {"classes_level1", c.taxa_level1}};
  out["official"] = info.official;
  out["gaps"] = info.gaps;
  out["complete"] = info.gaps.empty();
  return out;
}

// The legal engine's answers, with the catalog of this node.
template <class Answer>
http::Response answer(ApiDeps deps, http::Request& req, Answer&& fn) {
  QF_TRY_RESPONSE(body, json_body(req), req);
  QF_TRY_RESPONSE(catalog, service::SpeciesCatalogService(deps.ctx).catalog(), req);
  QF_TRY_RESPONSE(out, fn(law::Json(body), service::value_assessor(deps.ctx), catalog.get()), req);
  return json_response(200, nlohmann::json(out));
}

}  // namespace

void register_species_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/species",
             authed(deps,
                    [deps](http::Request& req, const CallContext&) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(q, species_query(req, p), req);
                      QF_TRY_RESPONSE(catalog, service::SpeciesCatalogService(deps.ctx).catalog(),
                                      req);
                      const law::SpeciesPage page = catalog->search(q);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& m : page.items) {
                        nlohmann::json row = law::species_json(*m.record, *catalog, false);
                        row["matched_by"] = m.matched_by.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(m.matched_by);
                        items.push_back(std::move(row));
                      }
                      return json_response(
                          200, page_json(std::move(items),
                                         static_cast<std::int64_t>(page.total), p));
                    }),
             {.summary = "查询物种名录（中文名、学名、别名、商品名、分类阶元）"});

  router.add("GET", "/api/v1/species/lists",
             authed(deps,
                    [deps](http::Request& req, const CallContext&) {
                      QF_TRY_RESPONSE(lists, service::SpeciesCatalogService(deps.ctx).lists(), req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& l : lists) items.push_back(list_json(l));
                      return json_response(200, {{"items", items}});
                    }),
             {.summary = "物种名录、别名表与基准价值表的清单（来源、条数、官方总数与缺漏）"});

  router.add("GET", "/api/v1/species/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext&) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(catalog, service::SpeciesCatalogService(deps.ctx).catalog(),
                                      req);
                      const law::SpeciesRecord* r = catalog->find(id);
                      if (!r) return error_response(req, not_found("物种名录中没有该编号").value());
                      return json_response(200, nlohmann::json(law::species_json(*r, *catalog, true)));
                    }),
             {.summary = "物种详情（别名、所属“类”、基准价值及其出处）"});

  // dry_run has no default, as for case imports: the caller says which.
  router.add(
      "POST", "/api/v1/species/lists/{code}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               if (auto ok = require_csv_body(req); !ok) return error_response(req, ok.error());
               auto dry = req.query_param("dry_run");
               if (!dry || (*dry != "true" && *dry != "false"))
                 return error_response(
                     req, invalid("dry_run",
                                  "请指明 dry_run=true（只校验）或 dry_run=false（校验后导入）")
                              .value());
               service::SpeciesImport in;
               in.code = req.params.count("code") ? req.params.at("code") : std::string();
               in.kind = std::string(req.query_param("kind").value_or("species"));
               in.title = std::string(req.query_param("title").value_or(""));
               in.source = std::string(req.query_param("source").value_or(""));
               in.csv = req.body;
               in.dry_run = *dry == "true";
               QF_TRY_RESPONSE(r, service::SpeciesCatalogService(deps.ctx).import(call, in), req);
               return json_response(in.dry_run ? 200 : 201,
                                    {{"code", r.code},
                                     {"kind", r.kind},
                                     {"dry_run", r.dry_run},
                                     {"rows", r.rows},
                                     {"inserted", r.counts.inserted},
                                     {"updated", r.counts.updated},
                                     {"retired", r.counts.retired}});
             }),
      {.body_limit = 20u << 20,
       .summary = "导入地方重点保护名录、CITES 附录状态、别名或基准价值表（CSV；有误则全部不导入）"});

  router.add("GET", "/api/v1/law/rules",
             authed(deps,
                    [deps](http::Request&, const CallContext&) {
                      return json_response(200, nlohmann::json(law::rules_json(
                                                    service::value_assessor(deps.ctx).rules())));
                    }),
             {.summary = "现行价值评估规则（系数、所据文件条款、是否已核对）"});

  router.add("POST", "/api/v1/law/assess",
             authed(deps,
                    [deps](http::Request& req, const CallContext&) {
                      return answer(deps, req, law::answer_assessment);
                    }),
             {.body_limit = 64 * 1024, .summary = "野生动物及其制品价值评估（逐项说明依据）"});

  router.add("POST", "/api/v1/law/offences",
             authed(deps,
                    [deps](http::Request& req, const CallContext&) {
                      return answer(deps, req, law::answer_offences);
                    }),
             {.body_limit = 256 * 1024,
              .summary = "涉嫌罪名与入罪标准（法释〔2022〕12号）、行刑衔接、行政处罚与管辖"});
}

}  // namespace qf::api
