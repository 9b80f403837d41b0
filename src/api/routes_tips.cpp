// Tips (举报线索): the public submission and progress routes (no login) and
// the staff routes — entry, list, detail, edit, assignment, transitions,
// conversion into a case, duplicate hints and merging.
#include <sodium.h>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/list_filters.h"
#include "api/routes.h"
#include "service/case_service.h"
#include "service/tip_service.h"

namespace qf::api {
namespace {

using service::CallContext;

// Epoch ms bounds of occurred_at, like the case routes: after 2000-01-01,
// before 2100-01-01.
constexpr std::int64_t kMinTime = 946684800000LL;
constexpr std::int64_t kMaxTime = 4102444800000LL;

// The fields a public submission and a staff entry share; staff add the
// channel and attachments.
void read_tip_fields(ObjectReader& in, service::NewTip& t) {
  t.reporter_category = in.string("reporter_category", false, 32).value_or("");
  t.anonymous = in.boolean("anonymous", false).value_or(false);
  t.reporter_name = in.string("reporter_name", false, 100).value_or("");
  t.reporter_phone = in.string("reporter_phone", false, 32).value_or("");
  t.content = in.string("content", true, 8000).value_or("");
  t.occurred_at = in.integer("occurred_at", false, kMinTime, kMaxTime);
  t.place_text = in.string("place_text", false, 500).value_or("");
  t.lon = in.number("lon", false, -180, 180);
  t.lat = in.number("lat", false, -90, 90);
  t.species_text = in.string("species_text", false, 500).value_or("");
}

// attachments: an array of evidence ids (positive integers).
std::vector<std::int64_t> read_ids(ObjectReader& in, const nlohmann::json& body,
                                   const std::string& name) {
  std::vector<std::int64_t> ids;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return ids;
  bool ok = it->is_array() && it->size() <= 20;
  for (std::size_t i = 0; ok && i < it->size(); ++i) {
    const auto& v = (*it)[i];
    ok = v.is_number_integer() && v.get<std::int64_t>() > 0;
    if (ok) ids.push_back(v.get<std::int64_t>());
  }
  if (!ok) in.absorb(invalid(name, "应为证据文件 id 数组（最多 20 个）"));
  return ids;
}

}  // namespace

void register_tip_routes(http::Router& router, ApiDeps deps) {
  // ---- public, no login -------------------------------------------------

  router.add(
      "POST", "/api/v1/public/tips",
      [deps](http::Request& req) -> http::Response {
        QF_TRY_RESPONSE(body, json_body(req), req);
        ObjectReader in(body);
        service::NewTip t;
        read_tip_fields(in, t);
        // photos: [{name, data (base64)}], decoded here, checked by the service.
        std::vector<service::PublicPhoto> photos;
        if (auto list = in.objects("photos", false, service::kMaxPublicPhotos)) {
          for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string at = "photos/" + std::to_string(i) + "/";
            ObjectReader p(*(*list)[i], at);
            service::PublicPhoto photo;
            photo.name = p.string("name", false, 255).value_or("");
            auto data = p.string("data", true, service::kMaxPublicPhotoBytes / 3 * 4 + 8);
            if (data) {
              photo.bytes.resize(data->size());
              std::size_t len = 0;
              if (sodium_base642bin(reinterpret_cast<unsigned char*>(photo.bytes.data()),
                                    photo.bytes.size(), data->data(), data->size(), nullptr, &len,
                                    nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
                in.absorb(invalid(at + "data", "应为 base64 编码的图片"));
              photo.bytes.resize(len);
            }
            in.absorb(p.finish());
            photos.push_back(std::move(photo));
          }
        }
        if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
        QF_TRY_RESPONSE(
            code, service::TipService(deps.ctx).submit_public(anonymous_call(req), t, photos), req);
        auto r = json_response(201, {{"receipt_code", code}});
        // The code is the reporter's only key to the tip: no cache keeps it.
        r.set_header("Cache-Control", "no-store");
        return r;
      },
      // Up to three photos of 5 MB, base64 in the JSON body.
      {.body_limit = 21u << 20, .summary = "公众网上举报（无需登录，可附照片）"});

  router.add("GET", "/api/v1/public/tips/{receipt_code}",
             [deps](http::Request& req) -> http::Response {
               auto it = req.params.find("receipt_code");
               const std::string code = it == req.params.end() ? "" : it->second;
               QF_TRY_RESPONSE(p, service::TipService(deps.ctx).progress(code), req);
               auto r = json_response(200, service::to_json(p));
               r.set_header("Cache-Control", "no-store");
               return r;
             },
             {.summary = "凭查询码查看举报办理进度（无需登录）"});

  // ---- staff ------------------------------------------------------------

  router.add("GET", "/api/v1/tips",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(q, tip_list_filters(req), req);
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      QF_TRY_RESPONSE(page, service::TipService(deps.ctx).list(call, q), req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& v : page.items) items.push_back(service::to_json(v));
                      return json_response(200, page_json(items, page.total, p));
                    }),
             {.summary = "举报线索列表"});

  router.add(
      "POST", "/api/v1/tips",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               // attachments is read by hand (an array of integers), so the reader
               // sees the rest and still reports unknown fields.
               nlohmann::json rest = body;
               rest.erase("attachments");
               ObjectReader in(rest);
               service::NewTip t;
               t.channel = in.string("channel", true, 32).value_or("");
               read_tip_fields(in, t);
               t.attachments = read_ids(in, body, "attachments");
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(v, service::TipService(deps.ctx).create(call, t), req);
               return record_response(201, service::to_json(v));
             }),
      {.body_limit = 64 * 1024, .summary = "登记举报线索（电话、来信来访、12345、网格员等）"});

  router.add("GET", "/api/v1/tips/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(v, service::TipService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.summary = "举报线索详情"});

  router.add("PATCH", "/api/v1/tips/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::TipChanges c;
                      c.content = in.string("content", false, 8000);
                      c.place_text = in.string("place_text", false, 500);
                      c.lon = in.number("lon", false, -180, 180);
                      c.lat = in.number("lat", false, -90, 90);
                      c.species_text = in.string("species_text", false, 500);
                      c.public_feedback = in.string("public_feedback", false, 8000);
                      c.handler_id = in.integer("handler_id", false, 0);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v, service::TipService(deps.ctx).update(call, id, c, version),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 64 * 1024, .summary = "修改举报线索"});

  router.add("POST", "/api/v1/tips/{id}/assign",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      auto department = in.string("department", true, 32);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(
                          v, service::TipService(deps.ctx).assign(call, id, *department), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 4096, .summary = "分派举报线索（协调机制办公室）"});

  router.add("POST", "/api/v1/tips/{id}/transitions",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::TipTransition t;
                      t.to = in.string("to", true, 32).value_or("");
                      t.note = in.string("note", false, 8000).value_or("");
                      t.public_feedback = in.string("public_feedback", false, 8000);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v, service::TipService(deps.ctx).transition(call, id, t),
                                      req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 64 * 1024, .summary = "举报线索状态变更（核查、不属实、转办、办结）"});

  router.add("POST", "/api/v1/tips/{id}/convert",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::TipConversion c;
                      c.title = in.string("title", true, 500).value_or("");
                      c.offence_type = in.string("offence_type", true, 64).value_or("");
                      c.place_type = in.string("place_type", false, 64).value_or("");
                      c.summary = in.string("summary", false, 20000);
                      c.cross_region = in.boolean("cross_region", false).value_or(false);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(created, service::TipService(deps.ctx).convert(call, id, c),
                                      req);
                      const bool mask =
                          !service::CaseService::sees_confidential(call.actor, created.record);
                      return record_response(201, service::to_json(created, mask));
                    }),
             {.body_limit = 64 * 1024, .summary = "举报线索转为案件（立案登记）"});

  router.add("GET", "/api/v1/tips/{id}/duplicates",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(hints, service::TipService(deps.ctx).duplicates(call, id),
                                      req);
                      nlohmann::json items = nlohmann::json::array();
                      for (const auto& h : hints) {
                        auto j = service::to_json(h.tip);
                        j["duplicate_reasons"] = h.reasons;
                        items.push_back(std::move(j));
                      }
                      return json_response(200, {{"items", items}, {"total", hints.size()}});
                    }),
             {.summary = "可能重复的举报线索"});

  router.add("POST", "/api/v1/tips/{id}/merge",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      auto into = in.integer("into", true, 1);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(v, service::TipService(deps.ctx).merge(call, id, *into), req);
                      return record_response(200, service::to_json(v));
                    }),
             {.body_limit = 4096, .summary = "合并重复的举报线索（协调机制办公室）"});
}

}  // namespace qf::api
