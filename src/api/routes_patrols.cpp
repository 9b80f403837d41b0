// Zones and patrols (野外巡护值守): zones as GeoJSON Features (create, edit,
// import GeoJSON/KML, coverage), patrol plans with plan vs actual, patrols
// with GPX/KML tracks, and observations that may become tips.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "service/patrol_service.h"
#include "service/zone_service.h"

namespace qf::api {
namespace {

using json = nlohmann::json;
using service::CallContext;

constexpr std::int64_t kMinTime = 946684800000LL;   // 2000-01-01
constexpr std::int64_t kMaxTime = 4102444800000LL;  // 2100-01-01
// Boundaries and tracks from GIS tools and loggers run to megabytes.
constexpr std::uint64_t kGeoBodyLimit = 20ull << 20;
constexpr std::int64_t kDefaultCoverageDays = 30;

// The media type of the request, lower case, without parameters.
std::string media_type(const http::Request& req) {
  std::string type(req.header("Content-Type").value_or(""));
  type = type.substr(0, type.find(';'));
  std::erase_if(type, [](char c) { return c == ' ' || c == '\t'; });
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

// A Feature body: GeoJSON's own media type is accepted besides JSON's.
Result<json> feature_body(const http::Request& req) {
  if (media_type(req) == "application/geo+json")
    return parse_json_body(req.body, "application/json");
  return json_body(req);
}

bool generic_xml(const std::string& type) {
  return type == "application/xml" || type == "text/xml";
}

constexpr const char* kKmlType = "application/vnd.google-earth.kml+xml";

Result<std::optional<std::int64_t>> int_param(const http::Request& req, std::string_view name,
                                              std::int64_t min = 0) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < min)
    return invalid(std::string(name), "应为整数");
  return std::optional<std::int64_t>(out);
}

Result<bool> bool_param(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty() || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1") return true;
  return invalid(std::string(name), "应为 true 或 false");
}

Result<std::optional<std::string>> text_param(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>();
  if (!is_valid_utf8(*v) || v->size() > 200)
    return fail(ErrorCode::kMalformedRequest, "查询参数包含无效的 UTF-8 字符或过长");
  return std::optional<std::string>(std::string(*v));
}

// Fields the server writes: a client echoing a zone back sends them too.
constexpr const char* kReadOnlyZoneProperties[] = {
    "id", "kind_label", "department_code", "demo", "area_km2", "version", "updated_at"};

// A Feature's writable properties; `all` = create (name and kind required).
void read_zone_properties(const json& body, ObjectReader& top, bool all, service::ZoneChanges& c) {
  auto it = body.find("properties");
  if (it == body.end() || it->is_null()) {
    if (all) top.absorb(invalid("properties", "必填（含 name 和 kind）"));
    return;
  }
  if (!it->is_object()) {
    top.absorb(invalid("properties", "应为对象"));
    return;
  }
  json props = *it;
  for (const char* k : kReadOnlyZoneProperties) props.erase(k);
  ObjectReader in(props, "properties/");
  const auto max = service::kMaxZoneTextBytes;
  c.name = in.string("name", all, max);
  c.kind = in.string("kind", all, 32);
  c.township = in.string("township", false, max);
  c.unit = in.string("unit", false, max);
  c.responsible_person = in.string("responsible_person", false, max);
  c.responsible_phone = in.string("responsible_phone", false, 32);
  top.absorb(in.finish());
}

// A zone Feature (or part of one): "type" must say Feature when given;
// "id" and "bbox" are the server's and ignored; geometry is checked by the
// service.
ObjectReader feature_reader(const json& body, json& rest) {
  rest = body;
  for (const char* k : {"geometry", "properties", "id", "bbox"}) rest.erase(k);
  return ObjectReader(rest);
}

// A zone answers as a Feature, whose version sits in its properties: the
// ETag is set from the record.
http::Response zone_response(int status, const store::Zone& z) {
  auto r = json_response(status, service::zone_feature_json(z));
  r.set_header("ETag", "\"v" + std::to_string(z.version) + "\"");
  return r;
}

json feature_collection(const std::vector<store::Zone>& zones) {
  json features = json::array();
  for (const auto& z : zones) features.push_back(service::zone_feature_json(z));
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

// Evidence ids: an array of positive integers, read by hand.
std::vector<std::int64_t> read_ids(ObjectReader& in, const json& body, const std::string& name) {
  std::vector<std::int64_t> ids;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return ids;
  bool ok = it->is_array() && it->size() <= service::kMaxObservationEvidence;
  for (std::size_t i = 0; ok && i < it->size(); ++i) {
    const auto& v = (*it)[i];
    ok = v.is_number_integer() && v.get<std::int64_t>() > 0;
    if (ok) ids.push_back(v.get<std::int64_t>());
  }
  if (!ok) in.absorb(invalid(name, "应为证据文件 id 数组（最多 20 个）"));
  return ids;
}

json plan_page(const service::Page<service::PlanProgress>& page, const Paging& p) {
  json items = json::array();
  for (const auto& plan : page.items) items.push_back(service::to_json(plan));
  return page_json(std::move(items), page.total, p);
}

void register_zone_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/zones",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(kind, text_param(req, "kind"), req);
                      store::ZoneQuery q;
                      q.kind = kind;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      QF_TRY_RESPONSE(page, service::ZoneService(deps.ctx).list(call, q), req);
                      json out = feature_collection(page.items);
                      out["total"] = page.total;
                      out["page"] = p.page;
                      out["page_size"] = p.page_size;
                      return json_response(200, out);
                    }),
             {.summary = "保护区域列表（GeoJSON FeatureCollection）"});

  router.add("POST", "/api/v1/zones",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, feature_body(req), req);
                      json rest;
                      ObjectReader in = feature_reader(body, rest);
                      const auto type = in.string("type", false, 32);
                      if (type && *type != "Feature") in.absorb(invalid("type", "应为 Feature"));
                      service::ZoneChanges props;
                      read_zone_properties(body, in, true, props);
                      if (!body.contains("geometry") || body["geometry"].is_null())
                        in.absorb(invalid("geometry", "必填（Polygon 或 MultiPolygon）"));
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      service::NewZone z;
                      z.properties = {props.name.value_or(""),
                                      props.kind.value_or(""),
                                      props.township.value_or(""),
                                      props.unit.value_or(""),
                                      props.responsible_person.value_or(""),
                                      props.responsible_phone.value_or(""),
                                      false};
                      z.geometry = body["geometry"];
                      QF_TRY_RESPONSE(created, service::ZoneService(deps.ctx).create(call, z), req);
                      return zone_response(201, created);
                    }),
             {.body_limit = kGeoBodyLimit, .summary = "新建保护区域（GeoJSON Feature）"});

  router.add("POST", "/api/v1/zones:import",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      const std::string type = media_type(req);
                      service::ZoneImport in;
                      if (type == "application/geo+json" || type == "application/json") {
                        in.format = service::ZoneFileFormat::kGeoJson;
                      } else if (type == kKmlType || generic_xml(type)) {
                        in.format = service::ZoneFileFormat::kKml;
                      } else {
                        return error_response(
                            req, Error{ErrorCode::kUnsupportedMedia,
                                       "请以 GeoJSON（Content-Type: application/geo+json）或 "
                                       "KML（application/vnd.google-earth.kml+xml）上传",
                                       {},
                                       0});
                      }
                      QF_TRY_RESPONSE(dry_run, bool_param(req, "dry_run"), req);
                      QF_TRY_RESPONSE(kind, text_param(req, "kind"), req);
                      in.dry_run = dry_run;
                      if (kind) in.default_kind = *kind;
                      in.body = std::move(req.body);
                      QF_TRY_RESPONSE(report, service::ZoneService(deps.ctx).import(call, in), req);
                      json out = feature_collection(report.zones);
                      out["dry_run"] = report.dry_run;
                      out["created"] = report.dry_run ? 0 : report.zones.size();
                      return json_response(report.dry_run ? 200 : 201, out);
                    }),
             {.body_limit = kGeoBodyLimit,
              .summary = "导入保护区域（GeoJSON 或 KML，全部成功或全部不导入；dry_run 只检查）"});

  router.add("GET", "/api/v1/zones/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(z, service::ZoneService(deps.ctx).get(call, id), req);
                      return zone_response(200, z);
                    }),
             {.summary = "保护区域详情（GeoJSON Feature）"});

  router.add("PATCH", "/api/v1/zones/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(version, if_match_version(req), req);
                      QF_TRY_RESPONSE(body, feature_body(req), req);
                      json rest;
                      ObjectReader in = feature_reader(body, rest);
                      const auto type = in.string("type", false, 32);
                      if (type && *type != "Feature") in.absorb(invalid("type", "应为 Feature"));
                      service::ZoneChanges c;
                      read_zone_properties(body, in, false, c);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      if (body.contains("geometry") && !body["geometry"].is_null())
                        c.geometry = body["geometry"];
                      QF_TRY_RESPONSE(
                          z, service::ZoneService(deps.ctx).update(call, id, c, version), req);
                      return zone_response(200, z);
                    }),
             {.body_limit = kGeoBodyLimit, .summary = "修改保护区域（属性或边界，需 If-Match）"});

  router.add(
      "GET", "/api/v1/zones/{id}/coverage",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(from, int_param(req, "from"), req);
               QF_TRY_RESPONSE(to, int_param(req, "to"), req);
               QF_TRY_RESPONSE(buffer, int_param(req, "buffer_m"), req);
               // Default: the last 30 days.
               const std::int64_t end = to.value_or(now_ms());
               const std::int64_t start =
                   from.value_or(end - kDefaultCoverageDays * 24 * 3600 * 1000);
               const double buffer_m =
                   buffer ? static_cast<double>(*buffer) : geo::kDefaultBufferMetres;
               QF_TRY_RESPONSE(
                   c, service::ZoneService(deps.ctx).coverage(call, id, start, end, buffer_m), req);
               return json_response(200, service::to_json(c));
             }),
      {.summary = "区域巡护覆盖：里程、时长、覆盖率、空白区域和计划完成情况"});
}

void register_plan_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/patrol-plans",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(zone, int_param(req, "zone_id", 1), req);
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      store::PatrolPlanQuery q;
                      q.zone_id = zone;
                      q.overlaps_from = from;
                      q.overlaps_to = to;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      QF_TRY_RESPONSE(page, service::PatrolService(deps.ctx).list_plans(call, q),
                                      req);
                      return json_response(200, plan_page(page, p));
                    }),
             {.summary = "巡护计划列表（含实际完成情况）"});

  router.add(
      "POST", "/api/v1/patrol-plans",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               service::NewPatrolPlan p;
               p.zone_id = in.integer("zone_id", true, 1).value_or(0);
               p.team = in.string("team", false, service::kMaxPatrolTextBytes).value_or("");
               p.period_from = in.integer("period_from", true, kMinTime, kMaxTime).value_or(0);
               p.period_to = in.integer("period_to", true, kMinTime, kMaxTime).value_or(0);
               p.target_patrols =
                   static_cast<int>(in.integer("target_patrols", false, 0, 100000).value_or(0));
               p.target_km = in.number("target_km", false, 0, 1e6).value_or(0);
               p.note = in.string("note", false, service::kMaxPatrolNoteBytes).value_or("");
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(plan, service::PatrolService(deps.ctx).create_plan(call, p), req);
               return record_response(201, service::to_json(plan));
             }),
      {.body_limit = 64 * 1024, .summary = "新建巡护计划（区域、巡护队、期间、目标次数和里程）"});

  router.add("GET", "/api/v1/patrol-plans/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(plan, service::PatrolService(deps.ctx).get_plan(call, id),
                                      req);
                      return record_response(200, service::to_json(plan));
                    }),
             {.summary = "巡护计划详情（计划与实际）"});
}

void register_patrol_record_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/patrols",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      service::PatrolQueryParams q;
                      QF_TRY_RESPONSE(zone, int_param(req, "zone_id", 1), req);
                      QF_TRY_RESPONSE(team, text_param(req, "team"), req);
                      QF_TRY_RESPONSE(from, int_param(req, "from"), req);
                      QF_TRY_RESPONSE(to, int_param(req, "to"), req);
                      QF_TRY_RESPONSE(mine, bool_param(req, "mine"), req);
                      q.zone_id = zone;
                      q.team = team;
                      q.from = from;
                      q.to = to;
                      q.mine = mine;
                      q.limit = p.page_size;
                      q.offset = p.offset();
                      QF_TRY_RESPONSE(page, service::PatrolService(deps.ctx).list(call, q), req);
                      json items = json::array();
                      for (const auto& patrol : page.items)
                        items.push_back(service::to_json(patrol));
                      return json_response(200, page_json(std::move(items), page.total, p));
                    }),
             {.summary = "巡护记录列表"});

  router.add("POST", "/api/v1/patrols",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::NewPatrol p;
                      p.zone_id = in.integer("zone_id", false, 1);
                      p.team = in.string("team", true, service::kMaxPatrolTextBytes).value_or("");
                      p.members = in.strings("members", false, service::kMaxPatrolMembers)
                                      .value_or(std::vector<std::string>{});
                      p.transport = in.string("transport", true, 32).value_or("");
                      p.started_at = in.integer("started_at", true, kMinTime, kMaxTime).value_or(0);
                      p.ended_at = in.integer("ended_at", false, kMinTime, kMaxTime);
                      p.note = in.string("note", false, service::kMaxPatrolNoteBytes).value_or("");
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(created, service::PatrolService(deps.ctx).create(call, p),
                                      req);
                      return record_response(201, service::to_json(created));
                    }),
             {.body_limit = 64 * 1024, .summary = "开始/登记一次巡护"});

  router.add("GET", "/api/v1/patrols/{id}",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(d, service::PatrolService(deps.ctx).get(call, id), req);
                      return record_response(200, service::to_json(d));
                    }),
             {.summary = "巡护记录详情（含轨迹和发现）"});

  router.add(
      "PATCH", "/api/v1/patrols/{id}",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(version, if_match_version(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               ObjectReader in(body);
               service::PatrolChanges c;
               c.ended_at = in.integer("ended_at", false, kMinTime, kMaxTime);
               c.note = in.string("note", false, service::kMaxPatrolNoteBytes);
               c.members = in.strings("members", false, service::kMaxPatrolMembers);
               c.team = in.string("team", false, service::kMaxPatrolTextBytes);
               c.transport = in.string("transport", false, 32);
               c.zone_id = in.integer("zone_id", false, 1);
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(p, service::PatrolService(deps.ctx).update(call, id, c, version),
                               req);
               return record_response(200, service::to_json(p));
             }),
      {.body_limit = 64 * 1024, .summary = "修改巡护记录（结束巡护、备注、队员等，需 If-Match）"});

  router.add("PUT", "/api/v1/patrols/{id}/track",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      const std::string type = media_type(req);
                      service::TrackFormat format = service::TrackFormat::kGpx;
                      if (type == "application/gpx+xml") {
                        format = service::TrackFormat::kGpx;
                      } else if (type == kKmlType) {
                        format = service::TrackFormat::kKml;
                      } else if (generic_xml(type) && req.body.find("<gpx") != std::string::npos) {
                        format = service::TrackFormat::kGpx;
                      } else if (generic_xml(type) && req.body.find("<kml") != std::string::npos) {
                        format = service::TrackFormat::kKml;
                      } else {
                        return error_response(
                            req, Error{ErrorCode::kUnsupportedMedia,
                                       "轨迹应为 GPX（Content-Type: application/gpx+xml）或 KML"
                                       "（application/vnd.google-earth.kml+xml）",
                                       {},
                                       0});
                      }
                      QF_TRY_RESPONSE(
                          p, service::PatrolService(deps.ctx).put_track(call, id, format, req.body),
                          req);
                      return record_response(200, service::to_json(p));
                    }),
             {.body_limit = kGeoBodyLimit, .summary = "上传巡护轨迹（GPX 或 KML，替换原轨迹）"});

  router.add(
      "POST", "/api/v1/patrols/{id}/observations",
      authed(deps,
             [deps](http::Request& req, const CallContext& call) {
               QF_TRY_RESPONSE(id, id_param(req), req);
               QF_TRY_RESPONSE(body, json_body(req), req);
               json rest = body;
               rest.erase("evidence_ids");
               ObjectReader in(rest);
               service::NewObservation o;
               o.kind = in.string("kind", true, 32).value_or("");
               o.tool_kind = in.string("tool_kind", false, 32).value_or("");
               o.count = in.integer("count", false, 0, 1000000);
               o.species_text =
                   in.string("species_text", false, service::kMaxPatrolTextBytes).value_or("");
               o.note = in.string("note", false, service::kMaxPatrolNoteBytes).value_or("");
               o.lon = in.number("lon", true, -180, 180).value_or(0);
               o.lat = in.number("lat", true, -90, 90).value_or(0);
               o.observed_at = in.integer("observed_at", true, kMinTime, kMaxTime).value_or(0);
               o.to_tip = in.boolean("to_tip", false).value_or(false);
               o.evidence_ids = read_ids(in, body, "evidence_ids");
               if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
               QF_TRY_RESPONSE(created,
                               service::PatrolService(deps.ctx).add_observation(call, id, o), req);
               return json_response(201, service::to_json(created));
             }),
      {.body_limit = 64 * 1024, .summary = "登记巡护发现（可同时转为举报线索）"});

  router.add("POST", "/api/v1/patrols/{id}/observations/{oid}/tip",
             authed(deps,
                    [deps](http::Request& req, const CallContext& call) {
                      QF_TRY_RESPONSE(id, id_param(req), req);
                      QF_TRY_RESPONSE(oid, id_param(req, "oid"), req);
                      QF_TRY_RESPONSE(
                          o, service::PatrolService(deps.ctx).observation_to_tip(call, id, oid),
                          req);
                      return json_response(201, service::to_json(o));
                    }),
             {.summary = "巡护发现转为举报线索（每条只能转一次）"});
}

}  // namespace

void register_patrol_routes(http::Router& router, ApiDeps deps) {
  register_zone_routes(router, deps);
  register_plan_routes(router, deps);
  register_patrol_record_routes(router, deps);
}

}  // namespace qf::api
