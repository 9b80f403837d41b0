// The joint-action report (联合行动报告) and its press release (新闻稿), the
// office's drafts and their exports (service/joint_report_service.h,
// report/joint_report.h):
//   GET|POST /api/v1/joint-reports, GET|PATCH /api/v1/joint-reports/{id}
//   (the GET carries `generated`: the 总体情况 text, the 各部门战果 table and
//   the anonymised cases, as the export will show them),
//   GET /api/v1/joint-reports/{id}.docx, {id}.pdf (LibreOffice; 503 with a
//   clear reason when it is not installed), {id}/press-release.docx.
#include <cctype>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "report/joint_report.h"
#include "service/joint_report_service.h"
#include "service/statistics_service.h"

namespace qf::api {
namespace {

using service::CallContext;
using json = nlohmann::json;

// period_from / period_to: "YYYY-MM-DD" (China Standard Time; period_to is
// the day after the last) or epoch ms. Taken out of `body` before the
// ObjectReader reads the rest.
std::optional<std::int64_t> take_time(json& body, const char* name,
                                      std::vector<FieldError>& errors) {
  auto it = body.find(name);
  if (it == body.end()) return std::nullopt;
  json v = std::move(*it);
  body.erase(it);
  if (v.is_number_integer() && v.get<std::int64_t>() > 0) return v.get<std::int64_t>();
  if (v.is_string()) {
    auto t = service::parse_stats_time(v.get<std::string>(), name);
    if (t) return *t;
  }
  errors.push_back({name, "应为日期 YYYY-MM-DD 或毫秒时间戳"});
  return std::nullopt;
}

std::optional<std::vector<std::int64_t>> take_case_ids(json& body,
                                                       std::vector<FieldError>& errors) {
  auto it = body.find("case_ids");
  if (it == body.end()) return std::nullopt;
  json v = std::move(*it);
  body.erase(it);
  std::vector<std::int64_t> out;
  if (!v.is_array() || v.size() > service::kMaxJointReportCases) {
    errors.push_back({"case_ids", "应为案件编号数组（最多 20 项）"});
    return std::nullopt;
  }
  for (const auto& x : v) {
    if (!x.is_number_integer() || x.get<std::int64_t>() <= 0) {
      errors.push_back({"case_ids", "应为正整数编号数组"});
      return std::nullopt;
    }
    out.push_back(x.get<std::int64_t>());
  }
  return out;
}

Result<service::JointReportInput> read_input(json body) {
  if (!body.is_object()) return invalid("", "请求体应为 JSON 对象");
  std::vector<FieldError> extra;
  service::JointReportInput in;
  in.period_from = take_time(body, "period_from", extra);
  in.period_to = take_time(body, "period_to", extra);
  in.case_ids = take_case_ids(body, extra);
  ObjectReader r(body);
  in.title = r.string("title", false, service::kMaxJointReportTitleBytes);
  const std::size_t max = service::kMaxJointReportSectionBytes;
  in.overview_note = r.string("overview_note", false, max);
  in.achievements = r.string("achievements", false, max);
  in.shortcomings = r.string("shortcomings", false, max);
  in.suggestions = r.string("suggestions", false, max);
  in.state = r.string("state", false, 16);
  auto ok = r.finish();
  if (!ok || !extra.empty()) {
    std::vector<FieldError> all = extra;
    if (!ok) all.insert(all.end(), ok.error().fields.begin(), ok.error().fields.end());
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", all, 0});
  }
  return in;
}

http::Response file(std::string body, const char* type, const std::string& name,
                    const std::string& ascii_name) {
  http::Response r;
  r.status = 200;
  r.body = std::move(body);
  r.set_header("Content-Type", type);
  r.set_header("Content-Disposition", attachment_disposition(name, ascii_name));
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

enum class Export { kReport, kPdf, kPressRelease };

http::Response export_report(ApiDeps deps, http::Request& req, const CallContext& call,
                             Export kind) {
  QF_TRY_RESPONSE(id, id_param(req), req);
  QF_TRY_RESPONSE(draft, service::JointReportService(deps.ctx).get(call, id), req);
  if (kind == Export::kPdf && !report::pdf_conversion_available())
    return http::problem(503, error_code_name(ErrorCode::kUnavailable), "无法生成 PDF",
                         "服务器未安装 LibreOffice（soffice），无法把报告转换为 PDF；请下载 Word "
                         "版本，或请管理员安装 libreoffice-writer-nogui",
                         {});
  QF_TRY_RESPONSE(tpl, report::joint_report_template(), req);
  QF_TRY_RESPONSE(content,
                  report::build_joint_report(deps.ctx, call, draft, kind != Export::kPressRelease),
                  req);
  const bool press = kind == Export::kPressRelease;
  QF_TRY_RESPONSE(
      docx,
      press ? report::press_release_docx(content, tpl) : report::joint_report_docx(content, tpl),
      req);
  const std::string stem = report::joint_report_file_stem(draft, press);
  const std::string ascii = report::joint_report_ascii_stem(draft, press);
  if (kind != Export::kPdf)
    return file(std::move(docx), kDocxType, stem + ".docx", ascii + ".docx");
  QF_TRY_RESPONSE(pdf, report::docx_to_pdf(docx), req);
  return file(std::move(pdf), "application/pdf", stem + ".pdf", ascii + ".pdf");
}

}  // namespace

void register_joint_report_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/joint-reports",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(
                          page,
                          service::JointReportService(deps.ctx).list(call, p.page_size, p.offset()),
                          req);
                      json items = json::array();
                      for (const auto& r : page.items) items.push_back(service::to_json(r));
                      return json_response(200, page_json(std::move(items), page.total, p));
                    }),
             {.summary = "联合行动报告草稿列表（协调机制办公室）"});

  router.add(
      "POST", "/api/v1/joint-reports",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               QF_TRY_RESPONSE(in, read_input(std::move(body)), req);
               QF_TRY_RESPONSE(created, service::JointReportService(deps.ctx).create(call, in),
                               req);
               return record_response(201, service::to_json(created));
             }),
      {.body_limit = 256 * 1024, .summary = "新建联合行动报告（期间、典型案例、成绩/不足/建议）"});

  router.add("GET", "/api/v1/joint-reports/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(draft, service::JointReportService(deps.ctx).get(call, id),
                                      req);
                      QF_TRY_RESPONSE(
                          content, report::build_joint_report(deps.ctx, call, draft, false), req);
                      json out = service::to_json(draft);
                      out["generated"] = report::preview_json(content);
                      out["pdf_available"] = report::pdf_conversion_available();
                      return record_response(200, out);
                    }),
             {.summary = "联合行动报告详情（附生成的总体情况、各部门战果表和隐名典型案例）"});

  router.add("PATCH", "/api/v1/joint-reports/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      QF_TRY_RESPONSE(in, read_input(std::move(body)), req);
                      QF_TRY_RESPONSE(
                          updated,
                          service::JointReportService(deps.ctx).update(call, id, in, version), req);
                      return record_response(200, service::to_json(updated));
                    }),
             {.body_limit = 256 * 1024, .summary = "修改联合行动报告（需 If-Match）"});

  router.add("GET", "/api/v1/joint-reports/{id}.docx",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      return export_report(deps, req, call, Export::kReport);
                    }),
             {.summary = "下载联合行动报告（Word，公文格式，含表格和图表）"});

  router.add("GET", "/api/v1/joint-reports/{id}.pdf",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      return export_report(deps, req, call, Export::kPdf);
                    }),
             {.summary = "下载联合行动报告（PDF，经 LibreOffice 转换）"});

  router.add("GET", "/api/v1/joint-reports/{id}/press-release.docx",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      return export_report(deps, req, call, Export::kPressRelease);
                    }),
             {.summary = "下载新闻稿（Word，仅统计数字和隐名典型案例，不含个人信息）"});
}

}  // namespace qf::api
