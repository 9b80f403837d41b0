// Evidence files: streaming upload, metadata, verified download, sharing.
#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/evidence_service.h"
#include "service/representations.h"

namespace qf::api {
namespace {

using service::CallContext;

nlohmann::json view_json(const service::EvidenceView& v) {
  auto j = service::to_json(v.file);
  j["shared_with"] = v.shared_with;
  return j;
}

}  // namespace

void register_evidence_routes(http::Router& router, ApiDeps deps) {
  // The body is the file itself (any Content-Type; the type is decided from
  // the bytes). ?name= carries the original file name, ?description= a note,
  // ?department= the owner department code (office only).
  router.add("POST", "/api/v1/evidence", authed(deps, [deps](http::Request& req, const CallContext& call) {
    service::EvidenceUpload up;
    up.source_path = req.body_file;
    up.original_name = std::string(req.query_param("name").value_or(""));
    up.description = std::string(req.query_param("description").value_or(""));
    if (auto d = req.query_param("department")) up.owner_department_code = std::string(*d);
    if (!is_valid_utf8(up.original_name) || !is_valid_utf8(up.description))
      return error_response(req, fail(ErrorCode::kMalformedRequest, "文件名或说明包含无效的 UTF-8 字符").value());
    if (up.source_path.empty() || req.body_size == 0)
      return error_response(req, invalid("body", "请上传文件内容").value());
    QF_TRY_RESPONSE(v, service::EvidenceService(deps.ctx).upload(call, up), req);
    return record_response(201, view_json(v));
  }), {.body_limit = deps.ctx.evidence.max_file_bytes, .stream_body_to_file = true, .summary = "上传证据文件"});

  router.add("GET", "/api/v1/evidence", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(p, paging(req), req);
    QF_TRY_RESPONSE(page, service::EvidenceService(deps.ctx).list(call, p.page_size, p.offset()), req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : page.items) items.push_back(view_json(v));
    return json_response(200, page_json(items, page.total, p));
  }), {.summary = "证据文件列表"});

  router.add("GET", "/api/v1/evidence/{id}", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(v, service::EvidenceService(deps.ctx).get(call, id), req);
    return record_response(200, view_json(v));
  }), {.summary = "证据文件信息"});

  router.add("GET", "/api/v1/evidence/{id}/content", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(found, service::EvidenceService(deps.ctx).content(call, id), req);
    http::Response r;
    r.status = 200;
    r.file_path = found.second;
    r.set_header("Content-Type", found.first.file.mime);
    const std::string fallback = "evidence-" + std::to_string(id);
    const std::string& name = found.first.file.original_name;
    r.set_header("Content-Disposition", attachment_disposition(name.empty() ? fallback : name, fallback));
    r.set_header("Digest", "sha-256=" + found.first.file.sha256);
    r.set_header("X-Content-SHA256", found.first.file.sha256);
    r.set_header("X-Content-Type-Options", "nosniff");
    r.set_header("Cache-Control", "private, no-cache");
    return r;
  }), {.summary = "下载证据文件（校验哈希）"});

  router.add("POST", "/api/v1/evidence/{id}/shares", authed(deps, [deps](http::Request& req, const CallContext& call) {
    QF_TRY_RESPONSE(id, id_param(req), req);
    QF_TRY_RESPONSE(body, json_body(req), req);
    ObjectReader in(body);
    auto dept = in.string("department_code", true, 32);
    if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
    QF_TRY_RESPONSE(v, service::EvidenceService(deps.ctx).share(call, id, *dept), req);
    return record_response(200, view_json(v));
  }), {.body_limit = 4096, .summary = "共享证据文件给其他部门"});
}

}  // namespace qf::api
