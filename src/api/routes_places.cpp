// Places and joint inspections (集中清理整顿, plan 五(四)): the places
// registry with its CSV import, joint inspection groups, the checklists of
// each place type, inspections, a case from an inspection's findings,
// rectification orders and their re-inspection.
#include <charconv>
#include <set>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "core/clock.h"
#include "report/place_import_template.h"
#include "report/xlsx_reader.h"
#include "service/case_service.h"
#include "service/inspection_service.h"
#include "service/place_service.h"

namespace qf::api {
namespace {

using service::CallContext;
using json = nlohmann::json;

constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01
constexpr std::uint64_t kImportBodyLimit = 10u << 20;

Result<std::optional<std::int64_t>> int_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<std::int64_t>();
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0)
    return invalid(name, "应为非负整数（时间为毫秒时间戳）");
  return std::optional<std::int64_t>(out);
}

Result<std::optional<bool>> bool_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<bool>();
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return invalid(name, "应为 true 或 false");
}

std::optional<std::string> text_param(const http::Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return std::string(*v);
}

// An array of positive integers (ids): taken out of `object` before an
// ObjectReader reads the rest, its problems added to `errors`.
std::vector<std::int64_t> take_ids(json& object, const std::string& name, const std::string& at,
                                   std::vector<FieldError>& errors) {
  std::vector<std::int64_t> out;
  auto it = object.find(name);
  if (it == object.end()) return out;
  json value = std::move(*it);
  object.erase(it);
  if (value.is_null()) return out;
  if (!value.is_array() || value.size() > 50) {
    errors.push_back({at + name, "应为编号数组（最多 50 项）"});
    return out;
  }
  for (const auto& v : value) {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) {
      errors.push_back({at + name, "应为正整数编号数组"});
      return {};
    }
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

Status with_errors(Status s, const std::vector<FieldError>& extra) {
  if (extra.empty()) return s;
  std::vector<FieldError> all = extra;
  if (!s) all.insert(all.end(), s.error().fields.begin(), s.error().fields.end());
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", all, 0});
}

// ---- places -------------------------------------------------------------------

service::LicenceInput read_licence(ObjectReader& in) {
  service::LicenceInput l;
  l.licence_no = in.string("licence_no", true, 100).value_or("");
  l.issuer = in.string("issuer", false, 200).value_or("");
  l.valid_from = in.integer("valid_from", false, 0, kMaxTime).value_or(0);
  l.valid_to = in.integer("valid_to", true, 1, kMaxTime).value_or(0);
  if (auto species = in.objects("species", true, service::kMaxLicensedSpecies)) {
    for (std::size_t k = 0; k < species->size(); ++k) {
      ObjectReader sp(*(*species)[k], in.prefix() + "species/" + std::to_string(k) + "/");
      service::LicensedSpeciesInput s;
      s.species = sp.string("species", true, 200).value_or("");
      s.species_id = sp.integer("species_id", false, 1);
      s.quantity = sp.integer("quantity", true, 0, service::kMaxHeadCount).value_or(0);
      l.species.push_back(std::move(s));
      in.absorb(sp.finish());
    }
  }
  return l;
}

service::PlaceInput read_place(ObjectReader& in, bool create) {
  service::PlaceInput p;
  p.place_type = in.string("place_type", create, 32);
  p.name = in.string("name", create, 200);
  p.address = in.string("address", false, service::kMaxPlaceTextBytes);
  p.township = in.string("township", false, 100);
  p.operator_name = in.string("operator", false, 200);
  p.contact_phone = in.string("contact_phone", false, 50);
  p.business_licence_no = in.string("business_licence_no", false, 64);
  p.note = in.string("note", false, service::kMaxPlaceNoteBytes);
  p.parent_id = in.integer("parent_id", false, 1);
  p.lon = in.number("lon", false, -180, 180);
  p.lat = in.number("lat", false, -90, 90);
  p.status = in.string("status", false, 32);
  p.closed_at = in.integer("closed_at", false, 1, kMaxTime);
  p.closure_basis = in.string("closure_basis", false, service::kMaxPlaceTextBytes);
  p.owner_department_code = in.string("owner_department", false, 32);
  if (auto licences = in.objects("licences", false, service::kMaxLicences)) {
    std::vector<service::LicenceInput> list;
    for (std::size_t i = 0; i < licences->size(); ++i) {
      ObjectReader l(*(*licences)[i], "licences/" + std::to_string(i) + "/");
      list.push_back(read_licence(l));
      in.absorb(l.finish());
    }
    p.licences = std::move(list);
  }
  return p;
}

constexpr const char* kXlsxMedia =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Whether an import body is an Excel workbook: by its media type or — as
// browsers and tools name .xlsx files variously — by its ZIP bytes; any
// other body must be a UTF-8 CSV, and another media type is refused.
Result<bool> import_is_xlsx(const http::Request& req) {
  std::string type(req.header("Content-Type").value_or(""));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media == kXlsxMedia || report::looks_like_zip(req.body)) return true;
  if (auto ok = require_csv_body(req); !ok) {
    if (media == "text/csv" || media == "application/csv" || media == "text/plain")
      return tl::unexpected(ok.error());  // a CSV in another charset
    return fail(ErrorCode::kUnsupportedMedia,
                "请上传 CSV 文件（Content-Type: text/csv，UTF-8 编码）或 Excel 工作簿（.xlsx，"
                "Content-Type: " +
                    std::string(kXlsxMedia) + "）");
  }
  return false;
}

http::Response place_import_response(const service::PlaceImportReport& r) {
  if (!r.ok()) {
    std::vector<FieldError> errors;
    json rows = json::array();
    std::set<int> bad_rows;
    for (const auto& p : r.problems) {
      errors.push_back({"rows/" + std::to_string(p.row) + (p.column.empty() ? "" : "/" + p.column),
                        service::describe(p)});
      rows.push_back({{"row", p.row}, {"column", p.column}, {"message", p.message}});
      if (p.row > 0) bad_rows.insert(p.row);  // row 0: the file as a whole (a damaged workbook)
    }
    const std::string detail =
        bad_rows.empty()
            ? "文件无法读取，未导入任何场所：" + r.problems.front().message
            : "共 " + std::to_string(r.rows) + " 行场所数据，" + std::to_string(bad_rows.size()) +
                  " 行有误（" + std::to_string(r.problems.size()) + " 处）；未导入任何场所";
    auto resp = http::problem(422, error_code_name(ErrorCode::kInvalidInput), "输入数据有误",
                              detail, errors);
    auto body = json::parse(resp.body, nullptr, false);
    body["dry_run"] = r.dry_run;
    body["rows"] = r.rows;
    body["row_errors"] = std::move(rows);
    resp.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return resp;
  }
  json created = json::array();
  for (const auto& c : r.created)
    created.push_back({{"row", c.row}, {"id", c.id}, {"name", c.name}});
  return json_response(
      r.dry_run ? 200 : 201,
      {{"dry_run", r.dry_run}, {"valid", true}, {"rows", r.rows}, {"created", created}});
}

// ---- inspections ----------------------------------------------------------------

// The evidence ids of each finding, taken out of the findings first (the
// object readers below do not read id arrays).
std::vector<std::vector<std::int64_t>> take_finding_evidence(json& body,
                                                             std::vector<FieldError>& extra) {
  std::vector<std::vector<std::int64_t>> evidence;
  if (auto it = body.find("findings"); it != body.end() && it->is_array())
    for (std::size_t k = 0; k < it->size(); ++k)
      evidence.push_back(
          (*it)[k].is_object()
              ? take_ids((*it)[k], "evidence_ids", "findings/" + std::to_string(k) + "/", extra)
              : std::vector<std::int64_t>());
  return evidence;
}

// The rows of an inspection (answers, holdings, findings), the same in a
// record and in its corrections; nullopt when the array is not sent.
std::optional<std::vector<service::AnswerInput>> read_answers(ObjectReader& r) {
  auto answers = r.objects("answers", false, service::kMaxInspectionRows);
  if (!answers) return std::nullopt;
  std::vector<service::AnswerInput> out;
  for (std::size_t k = 0; k < answers->size(); ++k) {
    ObjectReader a(*(*answers)[k], "answers/" + std::to_string(k) + "/");
    service::AnswerInput x;
    x.code = a.string("code", true, 40).value_or("");
    x.result = a.string("result", true, 16).value_or("");
    x.note = a.string("note", false, 1000).value_or("");
    out.push_back(std::move(x));
    r.absorb(a.finish());
  }
  return out;
}

std::optional<std::vector<service::HoldingInput>> read_holdings(ObjectReader& r) {
  auto holdings = r.objects("holdings", false, service::kMaxInspectionRows);
  if (!holdings) return std::nullopt;
  std::vector<service::HoldingInput> out;
  for (std::size_t k = 0; k < holdings->size(); ++k) {
    ObjectReader h(*(*holdings)[k], "holdings/" + std::to_string(k) + "/");
    service::HoldingInput x;
    x.species = h.string("species", true, 200).value_or("");
    x.species_id = h.integer("species_id", false, 1);
    x.count = h.integer("count", true, 0, service::kMaxHeadCount).value_or(0);
    out.push_back(std::move(x));
    r.absorb(h.finish());
  }
  return out;
}

// Findings as corrections carry them: a finding may name the stored finding
// it corrects (`id`, only read when `with_ids`).
std::optional<std::vector<service::FindingEdit>> read_findings(
    ObjectReader& r, const std::vector<std::vector<std::int64_t>>& evidence, bool with_ids) {
  auto findings = r.objects("findings", false, service::kMaxInspectionRows);
  if (!findings) return std::nullopt;
  std::vector<service::FindingEdit> out;
  for (std::size_t k = 0; k < findings->size(); ++k) {
    ObjectReader f(*(*findings)[k], "findings/" + std::to_string(k) + "/");
    service::FindingEdit x;
    if (with_ids) x.id = f.integer("id", false, 1);
    x.finding.kind = f.string("kind", true, 32).value_or("");
    x.finding.note = f.string("note", false, 2000).value_or("");
    if (k < evidence.size()) x.finding.evidence_ids = evidence[k];
    out.push_back(std::move(x));
    r.absorb(f.finish());
  }
  return out;
}

Result<service::InspectionInput> read_inspection(json body) {
  std::vector<FieldError> extra;
  service::InspectionInput in;
  in.inspector_ids = take_ids(body, "inspector_ids", "", extra);
  const auto evidence = take_finding_evidence(body, extra);
  ObjectReader r(body);
  in.place_id = r.integer("place_id", true, 1).value_or(0);
  in.group_id = r.integer("group_id", false, 1);
  in.inspected_at = r.integer("inspected_at", true, 1, kMaxTime).value_or(0);
  in.conclusion = r.string("conclusion", false, 4000).value_or("");
  in.answers = read_answers(r).value_or(std::vector<service::AnswerInput>{});
  in.holdings = read_holdings(r).value_or(std::vector<service::HoldingInput>{});
  if (auto findings = read_findings(r, evidence, false))
    for (auto& f : *findings) in.findings.push_back(std::move(f.finding));
  if (auto ok = with_errors(r.finish(), extra); !ok) return tl::unexpected(ok.error());
  return in;
}

// A PATCH of an inspection: only the fields present; group_id null leaves
// the group; a finding may carry the id of the stored finding it corrects.
Result<service::InspectionChanges> read_inspection_changes(json body) {
  std::vector<FieldError> extra;
  service::InspectionChanges c;
  if (auto it = body.find("group_id"); it != body.end() && it->is_null()) {
    c.clear_group = true;
    body.erase(it);
  }
  if (auto it = body.find("inspector_ids"); it != body.end()) {
    if (it->is_null())
      body.erase(it);  // as if not sent
    else
      c.inspector_ids = take_ids(body, "inspector_ids", "", extra);
  }
  const auto evidence = take_finding_evidence(body, extra);
  ObjectReader r(body);
  c.place_id = r.integer("place_id", false, 1);
  c.group_id = r.integer("group_id", false, 1);
  c.inspected_at = r.integer("inspected_at", false, 1, kMaxTime);
  c.conclusion = r.string("conclusion", false, 4000);
  c.answers = read_answers(r);
  c.holdings = read_holdings(r);
  c.findings = read_findings(r, evidence, true);
  if (auto ok = with_errors(r.finish(), extra); !ok) return tl::unexpected(ok.error());
  return c;
}

service::GroupMemberInput read_member(ObjectReader& m) {
  service::GroupMemberInput x;
  x.user_id = m.integer("user_id", true, 1).value_or(0);
  x.leader = m.boolean("leader", false).value_or(false);
  return x;
}

}  // namespace

void register_place_routes(http::Router& router, ApiDeps deps) {
  // ---- places ----
  router.add("GET", "/api/v1/places",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::PlaceListFilters f;
                      f.place_type = text_param(req, "type");
                      f.township = text_param(req, "township");
                      f.status = text_param(req, "status");
                      f.text = text_param(req, "q");
                      QF_TRY_RESPONSE(parent, int_param(req, "parent_id"), req);
                      QF_TRY_RESPONSE(expiring, int_param(req, "licence_expiring_before"), req);
                      f.parent_id = parent;
                      f.licence_expiring_before = expiring;
                      QF_TRY_RESPONSE(
                          page,
                          service::PlaceService(deps.ctx).list(call, f, p.page_size, p.offset()),
                          req);
                      const std::int64_t now = now_ms();
                      json items = json::array();
                      for (const auto& pl : page.items) items.push_back(service::to_json(pl, now));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "场所名录（农贸市场、花鸟市场、商户、宾馆饭店、养殖场、猎具渔具店等）"});

  router.add("POST", "/api/v1/places",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      auto place = read_place(in, true);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(created, service::PlaceService(deps.ctx).create(call, place),
                                      req);
                      return record_response(201, service::to_json(created, now_ms()));
                    }),
             {.body_limit = 256 * 1024, .summary = "登记场所（含养殖场人工繁育许可证）"});

  router.add("GET", "/api/v1/places/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(place, service::PlaceService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(place, now_ms()));
                    }),
             {.summary = "场所详情"});

  router.add("PATCH", "/api/v1/places/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      auto place = read_place(in, false);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          updated, service::PlaceService(deps.ctx).update(call, id, place, version),
                          req);
                      return record_response(200, service::to_json(updated, now_ms()));
                    }),
             {.body_limit = 256 * 1024, .summary = "修改场所；取缔（status=closed，须填依据）"});

  // dry_run has no default, as for the other imports: the caller says which.
  router.add(
      "POST", "/api/v1/places:import",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(excel, import_is_xlsx(req), req);
               auto v = req.query_param("dry_run");
               if (!v || (*v != "true" && *v != "false"))
                 return error_response(
                     req, invalid("dry_run",
                                  "请指明 dry_run=true（只校验）或 dry_run=false（校验后导入）")
                              .value());
               service::PlaceService places(deps.ctx);
               QF_TRY_RESPONSE(
                   report,
                   excel ? places.import_xlsx(call, req.body, report::read_xlsx, *v == "true")
                         : places.import_csv(call, req.body, *v == "true"),
                   req);
               return place_import_response(report);
             }),
      {.body_limit = kImportBodyLimit,
       .summary = "导入场所名录（CSV 或 Excel .xlsx 的第一个工作表；任一行有误则全部不导入）"});

  router.add("GET", "/api/v1/places:import-template",
             authed(deps,
                    [](http::Request& req, const CallContext& call) {
                      if (!service::reads_place_records(call.actor))
                        return error_response(req, forbidden("无权查看场所名录").value());
                      QF_TRY_RESPONSE(bytes, report::place_import_template_xlsx(), req);
                      http::Response r;
                      r.status = 200;
                      r.body = std::move(bytes);
                      r.set_header("Content-Type", kXlsxMedia);
                      r.set_header("Content-Disposition",
                                   attachment_disposition("场所名录导入模板.xlsx",
                                                          "place-import-template.xlsx"));
                      r.set_header("X-Content-Type-Options", "nosniff");
                      return r;
                    }),
             {.summary = "场所名录导入模板（Excel：表头为各列中文标题，附示例行和列说明）"});

  // ---- groups ----
  router.add("GET", "/api/v1/inspection-groups",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(page,
                                      service::InspectionService(deps.ctx).list_groups(
                                          call, p.page_size, p.offset()),
                                      req);
                      json items = json::array();
                      for (const auto& g : page.items) items.push_back(service::to_json(g));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "联合检查组"});

  router.add("POST", "/api/v1/inspection-groups",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::GroupInput g;
                      g.name = in.string("name", true, 200).value_or("");
                      g.lead_department_code = in.string("lead_department", false, 32);
                      g.note = in.string("note", false, 4000).value_or("");
                      if (auto members = in.objects("members", true, 100))
                        for (std::size_t k = 0; k < members->size(); ++k) {
                          ObjectReader m(*(*members)[k], "members/" + std::to_string(k) + "/");
                          g.members.push_back(read_member(m));
                          in.absorb(m.finish());
                        }
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          created, service::InspectionService(deps.ctx).create_group(call, g), req);
                      return record_response(201, service::to_json(created));
                    }),
             {.body_limit = 64 * 1024, .summary = "组建联合检查组（成员须来自至少两个部门）"});

  router.add("GET", "/api/v1/inspection-groups/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(g, service::InspectionService(deps.ctx).get_group(call, id),
                                      req);
                      return record_response(200, service::to_json(g));
                    }),
             {.summary = "联合检查组详情"});

  router.add(
      "PATCH", "/api/v1/inspection-groups/{id}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(version, if_match_version(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               service::GroupChanges c;
               c.name = in.string("name", false, 200);
               c.lead_department_code = in.string("lead_department", false, 32);
               c.note = in.string("note", false, 4000);
               if (auto members = in.objects("members", false, 100)) {
                 c.members.emplace();
                 for (std::size_t k = 0; k < members->size(); ++k) {
                   ObjectReader m(*(*members)[k], "members/" + std::to_string(k) + "/");
                   c.members->push_back(read_member(m));
                   in.absorb(m.finish());
                 }
               }
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(
                   updated, service::InspectionService(deps.ctx).update_group(call, id, c, version),
                   req);
               return record_response(200, service::to_json(updated));
             }),
      {.body_limit = 64 * 1024, .summary = "修改联合检查组（名称、牵头部门、成员；需 If-Match）"});

  // ---- checklists ----
  router.add("GET", "/api/v1/inspection-checklists/{place_type}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      const std::string type =
                          req.params.count("place_type") ? req.params.at("place_type") : "";
                      QF_TRY_RESPONSE(c, service::InspectionService(deps.ctx).checklist(call, type),
                                      req);
                      return record_response(200, service::to_json(c));
                    }),
             {.summary = "某类场所的检查清单（现行版本）"});

  router.add(
      "PUT", "/api/v1/inspection-checklists/{place_type}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               const std::string type =
                   req.params.count("place_type") ? req.params.at("place_type") : "";
               QF_TRY_RESPONSE(version, if_match_version(req, 0), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               std::vector<service::ChecklistEntry> items;
               if (auto list = in.objects("items", true, service::kMaxChecklistItems))
                 for (std::size_t k = 0; k < list->size(); ++k) {
                   ObjectReader i(*(*list)[k], "items/" + std::to_string(k) + "/");
                   service::ChecklistEntry x;
                   x.code = i.string("code", true, 40).value_or("");
                   x.text = i.string("text", true, 500).value_or("");
                   x.finding_kind = i.string("finding_kind", false, 32).value_or("");
                   items.push_back(std::move(x));
                   in.absorb(i.finish());
                 }
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(
                   c,
                   service::InspectionService(deps.ctx).put_checklist(call, type, items, version),
                   req);
               return record_response(200, service::to_json(c));
             }),
      {.body_limit = 256 * 1024, .summary = "修改检查清单（协调机制办公室；每次修改为新版本）"});

  // ---- inspections ----
  router.add("GET", "/api/v1/inspections",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::InspectionListFilters f;
                      QF_TRY_RESPONSE(place, int_param(req, "place_id"), req);
                      QF_TRY_RESPONSE(group, int_param(req, "group_id"), req);
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      QF_TRY_RESPONSE(has_findings, bool_param(req, "has_findings"), req);
                      f.place_id = place;
                      f.group_id = group;
                      f.inspected_from = from;
                      f.inspected_to = to;
                      f.has_findings = has_findings;
                      f.place_type = text_param(req, "place_type");
                      f.finding_kind = text_param(req, "finding_kind");
                      QF_TRY_RESPONSE(page,
                                      service::InspectionService(deps.ctx).list(
                                          call, f, p.page_size, p.offset()),
                                      req);
                      const std::int64_t now = now_ms();
                      json items = json::array();
                      for (const auto& i : page.items) items.push_back(service::to_json(i, now));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "检查记录（本部门及参与的联合检查）"});

  router.add("POST", "/api/v1/inspections",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      QF_TRY_RESPONSE(in, read_inspection(body), req);
                      QF_TRY_RESPONSE(created,
                                      service::InspectionService(deps.ctx).create(call, in), req);
                      return record_response(201, service::to_json(created, now_ms()));
                    }),
             {.body_limit = 512 * 1024,
              .summary = "登记检查（清单作答、存栏清点、发现问题；养殖场自动核对许可证）"});

  router.add("GET", "/api/v1/inspections/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(i, service::InspectionService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(i, now_ms()));
                    }),
             {.summary = "检查记录详情"});

  router.add("PATCH", "/api/v1/inspections/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      QF_TRY_RESPONSE(c, read_inspection_changes(body), req);
                      QF_TRY_RESPONSE(
                          updated,
                          service::InspectionService(deps.ctx).update(call, id, c, version), req);
                      return record_response(200, service::to_json(updated, now_ms()));
                    }),
             {.body_limit = 512 * 1024,
              .summary = "修正检查记录（只改所给字段；已转案件的问题不能删除；需 If-Match）"});

  router.add("POST", "/api/v1/inspections/{id}/case",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::InspectionCaseRequest r;
                      r.title = in.string("title", false, 300);
                      r.offence_type = in.string("offence_type", false, 64);
                      r.owner_department_code = in.string("owner_department", false, 32);
                      r.note = in.string("note", false, 4000).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(created,
                                      service::InspectionService(deps.ctx).open_case(call, id, r),
                                      req);
                      const bool mask =
                          !service::CaseService::sees_confidential(call.actor, created.record);
                      return record_response(201, service::to_json(created, mask));
                    }),
             {.body_limit = 64 * 1024, .summary = "检查发现的问题转为案件"});

  router.add("POST", "/api/v1/inspections/{id}/rectifications",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::RectificationInput r;
                      r.requirement = in.string("requirement", true, 4000).value_or("");
                      r.deadline = in.integer("deadline", true, 1, kMaxTime).value_or(0);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          created,
                          service::InspectionService(deps.ctx).order_rectification(call, id, r),
                          req);
                      return record_response(201, service::to_json(created, now_ms()));
                    }),
             {.body_limit = 64 * 1024, .summary = "下达整改通知（整改要求与期限）"});

  router.add("GET", "/api/v1/rectifications",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::RectificationFilters f;
                      f.state = text_param(req, "state");
                      QF_TRY_RESPONSE(place, int_param(req, "place_id"), req);
                      QF_TRY_RESPONSE(overdue, bool_param(req, "overdue"), req);
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      f.place_id = place;
                      f.overdue_only = overdue.value_or(false);
                      f.issued_from = from;
                      f.issued_to = to;
                      QF_TRY_RESPONSE(page,
                                      service::InspectionService(deps.ctx).list_rectifications(
                                          call, f, p.page_size, p.offset()),
                                      req);
                      const std::int64_t now = now_ms();
                      json items = json::array();
                      for (const auto& r : page.items) items.push_back(service::to_json(r, now));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "整改通知（可只看逾期未整改）"});

  router.add("POST", "/api/v1/rectifications/{id}/recheck",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::RecheckInput r;
                      r.result = in.string("result", true, 16).value_or("");
                      r.note = in.string("note", false, 4000).value_or("");
                      r.new_deadline = in.integer("deadline", false, 1, kMaxTime);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          updated, service::InspectionService(deps.ctx).recheck(call, id, r), req);
                      return record_response(200, service::to_json(updated, now_ms()));
                    }),
             {.body_limit = 64 * 1024, .summary = "整改复查（已整改/未整改，可重新限期）"});
}

}  // namespace qf::api
