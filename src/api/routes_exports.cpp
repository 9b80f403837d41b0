// Exports of the case and tip lists (CSV, Excel) and the CSV import of
// historical cases. The work happens in src/report; these handlers read the
// query and the body and shape the answer.
//
// /cases/export and /cases/import sit beside /cases/{id}: the router prefers
// literal segments to placeholders, so they never reach the {id} routes.
#include <cctype>
#include <set>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/list_filters.h"
#include "api/routes.h"
#include "report/case_import.h"
#include "report/list_exports.h"
#include "service/tip_service.h"

namespace qf::api {
namespace {

using service::CallContext;

http::Response file_response(report::ExportFile file) {
  http::Response r;
  r.status = 200;
  r.body = std::move(file.body);
  r.set_header("Content-Type", file.content_type);
  r.set_header("Content-Disposition", attachment_disposition(file.filename, file.ascii_filename));
  r.set_header("X-Export-Rows", std::to_string(file.rows));
  // Personal data, even masked: no shared cache keeps a copy.
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

// CSV arrives as text/csv (also application/csv or text/plain, which some
// tools send for .csv files), in UTF-8 when a charset is named.
nlohmann::json problem_json(const report::ImportProblem& p) {
  return {{"row", p.row}, {"column", p.column}, {"message", p.message}};
}

http::Response import_response(const report::ImportReport& r) {
  if (!r.ok()) {
    std::vector<FieldError> errors;
    nlohmann::json rows = nlohmann::json::array();
    std::set<int> bad_rows;
    for (const auto& p : r.problems) {
      errors.push_back({"rows/" + std::to_string(p.row) + (p.column.empty() ? "" : "/" + p.column),
                        report::describe(p)});
      rows.push_back(problem_json(p));
      bad_rows.insert(p.row);
    }
    const std::string detail = "共 " + std::to_string(r.rows) + " 行案件数据，" +
                               std::to_string(bad_rows.size()) + " 行有误（" +
                               std::to_string(r.problems.size()) + " 处）；未导入任何案件";
    auto resp = http::problem(422, error_code_name(ErrorCode::kInvalidInput), "输入数据有误",
                              detail, errors);
    // RFC 9457 extension members: the same problems by row and column, for
    // clients that show them next to the file.
    auto body = nlohmann::json::parse(resp.body, nullptr, false);
    body["dry_run"] = r.dry_run;
    body["rows"] = r.rows;
    body["row_errors"] = std::move(rows);
    resp.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return resp;
  }
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& c : r.created)
    cases.push_back({{"row", c.row}, {"id", c.id}, {"number", c.number}});
  return json_response(r.dry_run ? 200 : 201, {{"dry_run", r.dry_run},
                                               {"valid", true},
                                               {"rows", r.rows},
                                               {"imported", r.created.size()},
                                               {"cases", cases}});
}

}  // namespace

void register_export_routes(http::Router& router, ApiDeps deps) {
  router.add(
      "GET", "/api/v1/cases/export",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(format,
                               report::parse_export_format(req.query_param("format").value_or("")),
                               req);
               QF_TRY_RESPONSE(filters, case_list_filters(req), req);
               QF_TRY_RESPONSE(
                   file, report::ListExporter(deps.ctx).export_cases(call, filters, format), req);
               return file_response(std::move(file));
             }),
      {.summary = "导出案件列表（CSV 或 Excel；身份证号、电话一律脱敏）"});

  router.add(
      "GET", "/api/v1/tips/export",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(format,
                               report::parse_export_format(req.query_param("format").value_or("")),
                               req);
               QF_TRY_RESPONSE(filters, tip_list_filters(req), req);
               QF_TRY_RESPONSE(
                   file, report::ListExporter(deps.ctx).export_tips(call, filters, format), req);
               return file_response(std::move(file));
             }),
      {.summary = "导出举报线索列表（CSV 或 Excel；举报人信息一律脱敏）"});

  // dry_run has no default: importing is not undone by a click, so the
  // caller says which one it means.
  router.add(
      "POST", "/api/v1/cases/import",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               if (auto ok = require_csv_body(req); !ok) return error_response(req, ok.error());
               auto v = req.query_param("dry_run");
               if (!v || (*v != "true" && *v != "false"))
                 return error_response(
                     req, invalid("dry_run",
                                  "请指明 dry_run=true（只校验）或 dry_run=false（校验后导入）")
                              .value());
               QF_TRY_RESPONSE(
                   outcome, report::CaseImporter(deps.ctx).run(call, req.body, *v == "true"), req);
               return import_response(outcome);
             }),
      {.body_limit = report::kMaxImportBytes,
       .summary = "导入历史案件（CSV；任一行有误则全部不导入）"});
}

}  // namespace qf::api
