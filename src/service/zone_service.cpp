#include "service/zone_service.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "geo/track.h"
#include "geo/zone_geometry.h"
#include "service/audit_writer.h"
#include "store/crypto.h"
#include "store/department_repository.h"

namespace qf::service {
namespace {

using json = nlohmann::json;
constexpr const char* kEntity = "zone";
// Coverage over more than about a year is a report, not a map: refused so
// one request cannot make the server buffer every track ever recorded.
constexpr std::int64_t kMaxCoveragePeriodMs = 400LL * 24 * 3600 * 1000;

struct KindLabel {
  std::string_view code, label;
};
constexpr KindLabel kZoneKinds[] = {
    {"nature_reserve", "自然保护区"}, {"forest_farm", "国有林场"}, {"no_fishing_water", "禁捕水域"},
    {"bird_wintering", "候鸟越冬地"}, {"other", "其他"},
};

// Staff read zones: everyone but the system administrator and API keys.
bool is_staff(const Actor& a) {
  return a.is_cli || (a.role != Role::kAdmin && a.role != Role::kIntegration);
}

double rounded(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

void check_properties(const ZoneProperties& p, const std::string& at,
                      std::vector<FieldError>& errors) {
  auto text = [&](const std::string& v, const char* field) {
    if (v.size() > kMaxZoneTextBytes)
      errors.push_back({at + field, "过长（最多 " + std::to_string(kMaxZoneTextBytes) + " 字节）"});
    else if (!is_valid_utf8(v))
      errors.push_back({at + field, "含无效的 UTF-8 字节"});
  };
  if (is_blank(p.name)) errors.push_back({at + "name", "请填写区域名称"});
  text(p.name, "name");
  if (zone_kind_label(p.kind).empty())
    errors.push_back({at + "kind",
                      "区域类型应为 nature_reserve、forest_farm、no_fishing_water、"
                      "bird_wintering 或 other"});
  text(p.township, "township");
  text(p.unit, "unit");
  text(p.responsible_person, "responsible_person");
  text(p.responsible_phone, "responsible_phone");
}

Status errors_to_status(std::vector<FieldError> errors) {
  if (errors.empty()) return {};
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", std::move(errors), 0});
}

store::Zone zone_of(const ZoneProperties& p, const geo::ZoneGeometry& g) {
  store::Zone z;
  z.name = p.name;
  z.kind = p.kind;
  z.township = p.township;
  z.unit = p.unit;
  z.responsible_person = p.responsible_person;
  z.responsible_phone = p.responsible_phone;
  z.demo = p.demo;
  z.geometry = g.geojson.dump();
  z.min_lon = g.bbox.min_lon;
  z.min_lat = g.bbox.min_lat;
  z.max_lon = g.bbox.max_lon;
  z.max_lat = g.bbox.max_lat;
  z.area_km2 = g.area_km2;
  return z;
}

// The audit keeps the fields and a digest of the boundary (not the
// boundary itself, which may be megabytes), enough to see that it changed.
json audit_snapshot(const store::Zone& z) {
  return {{"id", z.id},
          {"name", z.name},
          {"kind", z.kind},
          {"township", z.township},
          {"unit", z.unit},
          {"responsible_person", z.responsible_person},
          {"responsible_phone", z.responsible_phone},
          {"department_code", z.department_code},
          {"demo", z.demo},
          {"bbox", {z.min_lon, z.min_lat, z.max_lon, z.max_lat}},
          {"area_km2", rounded(z.area_km2, 3)},
          {"geometry_sha256", store::sha256_hex(z.geometry)},
          {"version", z.version}};
}

// The department a new zone belongs to: the actor's, or the office's for
// the console operator (who has none).
Result<std::int64_t> owner_department(soci::session& s, const Actor& a) {
  if (a.department_id != 0) return a.department_id;
  auto office = store::DepartmentRepository::find_by_code(s, "OFFICE");
  if (!office) return tl::unexpected(office.error());
  if (!*office) return fail(ErrorCode::kInternal, "未找到协调办（OFFICE）部门");
  return (*office)->id;
}

bool may_edit(const Actor& a, const store::Zone& z) {
  return AccessPolicy::sees_all(a) || z.owner_department_id == a.department_id;
}

std::string string_property(const json& props, std::initializer_list<const char*> keys) {
  if (!props.is_object()) return {};
  for (const char* k : keys) {
    auto it = props.find(k);
    if (it != props.end() && it->is_string()) return it->get<std::string>();
    if (it != props.end() && it->is_number()) return it->dump();
  }
  return {};
}

ZoneProperties properties_from(const json& props, const std::string& default_kind) {
  ZoneProperties p;
  p.name = string_property(props, {"name", "名称", "NAME", "Name"});
  p.kind = string_property(props, {"kind"});
  if (p.kind.empty()) p.kind = default_kind;
  p.township = string_property(props, {"township", "乡镇"});
  p.unit = string_property(props, {"unit", "管护单位"});
  p.responsible_person = string_property(props, {"responsible_person", "责任人"});
  p.responsible_phone = string_property(props, {"responsible_phone", "联系电话"});
  return p;
}

// Geometry problems are 400 (the file is wrong), property problems 422.
Error import_error(std::vector<FieldError> errors, bool geometric, std::size_t bad_features) {
  return Error{geometric ? ErrorCode::kMalformedRequest : ErrorCode::kInvalidInput,
               "导入失败：" + std::to_string(bad_features) + " 个区域有误，未导入任何区域",
               std::move(errors), 0};
}

}  // namespace

std::string_view zone_kind_label(std::string_view kind) {
  for (const auto& k : kZoneKinds)
    if (k.code == kind) return k.label;
  return {};
}

json zone_feature_json(const store::Zone& z) {
  json geometry = json::parse(z.geometry, nullptr, false);
  if (geometry.is_discarded()) geometry = nullptr;
  return {{"type", "Feature"},
          {"id", z.id},
          {"bbox", {z.min_lon, z.min_lat, z.max_lon, z.max_lat}},
          {"geometry", std::move(geometry)},
          {"properties",
           {{"id", z.id},
            {"name", z.name},
            {"kind", z.kind},
            {"kind_label", zone_kind_label(z.kind)},
            {"township", z.township},
            {"unit", z.unit},
            {"responsible_person", z.responsible_person},
            {"responsible_phone", z.responsible_phone},
            {"department_code", z.department_code},
            {"demo", z.demo},
            {"area_km2", rounded(z.area_km2, 3)},
            {"version", z.version},
            {"updated_at", z.updated_at}}}};
}

json to_json(const PlanProgress& p) {
  return {{"id", p.plan.id},
          {"zone_id", p.plan.zone_id},
          {"zone_name", p.plan.zone_name},
          {"team", p.plan.team},
          {"period_from", p.plan.period_from},
          {"period_to", p.plan.period_to},
          {"target_patrols", p.plan.target_patrols},
          {"target_km", p.plan.target_km},
          {"actual_patrols", p.actual.patrols},
          {"actual_km", rounded(p.actual.km, 3)},
          {"actual_hours", rounded(p.actual.hours, 2)},
          {"short", p.short_of_target},
          {"note", p.plan.note},
          {"department_code", p.plan.department_code},
          {"version", p.plan.version},
          {"created_at", p.plan.created_at}};
}

json to_json(const ZoneCoverage& c) {
  json plans = json::array();
  for (const auto& p : c.plans) plans.push_back(to_json(p));
  return {{"zone_id", c.zone_id},
          {"from", c.from},
          {"to", c.to},
          {"km", rounded(c.effort.km, 3)},
          {"hours", rounded(c.effort.hours, 2)},
          {"patrols", c.effort.patrols},
          {"covered_ratio", rounded(c.coverage.covered_ratio, 4)},
          {"zone_km2", rounded(c.coverage.zone_km2, 3)},
          {"covered_km2", rounded(c.coverage.covered_km2, 3)},
          {"buffer_m", c.buffer_m},
          {"gaps", c.coverage.gaps},
          {"plans", std::move(plans)}};
}

Result<PlanProgress> plan_progress(soci::session& s, store::PatrolPlan plan) {
  auto actual =
      store::PatrolRepository::effort(s, plan.zone_id, plan.team, plan.period_from, plan.period_to);
  if (!actual) return tl::unexpected(actual.error());
  PlanProgress p{std::move(plan), *actual, false};
  // A tenth of a metre is not a shortfall (sums of rounded kilometres).
  p.short_of_target =
      p.actual.patrols < p.plan.target_patrols || p.actual.km + 1e-4 < p.plan.target_km;
  return p;
}

Result<store::Zone> ZoneService::create(const CallContext& call, const NewZone& nz) {
  if (!AccessPolicy::allows(call.actor, Action::kManageZones)) return forbidden();
  std::vector<FieldError> errors;
  check_properties(nz.properties, "properties/", errors);
  if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
  auto geometry = geo::zone_from_geojson(nz.geometry, "geometry");
  if (!geometry) return tl::unexpected(geometry.error());
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Zone> {
    store::Zone z = zone_of(nz.properties, *geometry);
    auto owner = owner_department(s, call.actor);
    if (!owner) return tl::unexpected(owner.error());
    z.owner_department_id = *owner;
    z.created_by = call.actor.user_id;
    auto stored = store::ZoneRepository::insert(s, std::move(z));
    if (!stored) return stored;
    if (auto a = audit(s, call, "zone.create", kEntity, std::to_string(stored->id), nullptr,
                       audit_snapshot(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<ZoneImportReport> ZoneService::import(const CallContext& call, const ZoneImport& in) {
  if (!AccessPolicy::allows(call.actor, Action::kManageZones)) return forbidden();
  if (zone_kind_label(in.default_kind).empty())
    return invalid("kind",
                   "区域类型应为 nature_reserve、forest_farm、no_fishing_water、"
                   "bird_wintering 或 other");
  std::vector<ZoneProperties> props;
  std::vector<geo::ZoneGeometry> geometries;
  std::vector<FieldError> errors;
  bool geometric = false;
  std::size_t bad = 0;
  auto take = [&](ZoneProperties p, Result<geo::ZoneGeometry> g, const std::string& at) {
    const std::size_t before = errors.size();
    check_properties(p, at + "properties/", errors);
    if (!g) {
      geometric = geometric || g.error().code == ErrorCode::kMalformedRequest;
      if (g.error().fields.empty())
        errors.push_back({at + "geometry", g.error().message});
      else
        for (auto& f : g.error().fields) errors.push_back(f);
    }
    if (errors.size() != before) ++bad;
    props.push_back(std::move(p));
    if (g) geometries.push_back(std::move(*g));
  };
  if (in.format == ZoneFileFormat::kGeoJson) {
    if (!is_valid_utf8(in.body))
      return fail(ErrorCode::kMalformedRequest, "文件含无效的 UTF-8 字节");
    json doc = json::parse(in.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
      return fail(ErrorCode::kMalformedRequest, "文件不是有效的 GeoJSON");
    std::vector<json> features;
    if (doc.value("type", "") == "FeatureCollection") {
      auto it = doc.find("features");
      if (it == doc.end() || !it->is_array())
        return fail(ErrorCode::kMalformedRequest, "FeatureCollection 中缺少 features 数组");
      features.assign(it->begin(), it->end());
    } else if (doc.value("type", "") == "Feature") {
      features.push_back(doc);
    } else {
      return fail(ErrorCode::kMalformedRequest, "GeoJSON 文件应为 FeatureCollection 或 Feature");
    }
    if (features.empty()) return fail(ErrorCode::kMalformedRequest, "文件中没有区域");
    if (features.size() > kMaxZoneImportFeatures)
      return fail(ErrorCode::kTooLarge,
                  "一次最多导入 " + std::to_string(kMaxZoneImportFeatures) + " 个区域");
    for (std::size_t i = 0; i < features.size(); ++i) {
      const std::string at = "features/" + std::to_string(i) + "/";
      const json& f = features[i];
      if (!f.is_object() || f.value("type", "") != "Feature") {
        errors.push_back({at + "type", "应为 Feature"});
        ++bad;
        geometric = true;
        continue;
      }
      const json props_json = f.contains("properties") ? f["properties"] : json(nullptr);
      const json geometry = f.contains("geometry") ? f["geometry"] : json(nullptr);
      take(properties_from(props_json, in.default_kind),
           geo::zone_from_geojson(geometry, at + "geometry"), at);
    }
  } else {
    auto placemarks = geo::zones_from_kml(in.body);
    if (!placemarks) return tl::unexpected(placemarks.error());
    if (placemarks->size() > kMaxZoneImportFeatures)
      return fail(ErrorCode::kTooLarge,
                  "一次最多导入 " + std::to_string(kMaxZoneImportFeatures) + " 个区域");
    for (std::size_t i = 0; i < placemarks->size(); ++i) {
      auto& pm = (*placemarks)[i];
      json data = json::object();
      for (const auto& [k, v] : pm.data) data[k] = v;
      ZoneProperties p = properties_from(data, in.default_kind);
      if (p.name.empty()) p.name = pm.name;
      take(std::move(p), std::move(pm.geometry), "placemarks/" + std::to_string(i) + "/");
    }
  }
  if (!errors.empty()) return tl::unexpected(import_error(std::move(errors), geometric, bad));

  ZoneImportReport report;
  report.dry_run = in.dry_run;
  if (in.dry_run) {
    for (std::size_t i = 0; i < props.size(); ++i) {
      store::Zone z = zone_of(props[i], geometries[i]);
      z.department_code = call.actor.department_code;
      report.zones.push_back(std::move(z));
    }
    return report;
  }
  return ctx_.db.transact([&](soci::session& s) -> Result<ZoneImportReport> {
    auto owner = owner_department(s, call.actor);
    if (!owner) return tl::unexpected(owner.error());
    for (std::size_t i = 0; i < props.size(); ++i) {
      store::Zone z = zone_of(props[i], geometries[i]);
      z.owner_department_id = *owner;
      z.created_by = call.actor.user_id;
      auto stored = store::ZoneRepository::insert(s, std::move(z));
      if (!stored) return tl::unexpected(stored.error());
      json after = audit_snapshot(*stored);
      after["imported_from"] = in.format == ZoneFileFormat::kKml ? "kml" : "geojson";
      if (auto a =
              audit(s, call, "zone.import", kEntity, std::to_string(stored->id), nullptr, after);
          !a)
        return tl::unexpected(a.error());
      report.zones.push_back(std::move(*stored));
    }
    return report;
  });
}

Result<store::Zone> ZoneService::update(const CallContext& call, std::int64_t id,
                                        const ZoneChanges& c, int expected_version) {
  if (!is_staff(call.actor)) return forbidden();
  std::optional<geo::ZoneGeometry> geometry;
  if (c.geometry) {
    auto g = geo::zone_from_geojson(*c.geometry, "geometry");
    if (!g) return tl::unexpected(g.error());
    geometry = std::move(*g);
  }
  return ctx_.db.transact([&](soci::session& s) -> Result<store::Zone> {
    auto found = store::ZoneRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("区域不存在");
    const store::Zone before = **found;
    if (!AccessPolicy::allows(call.actor, Action::kManageZones) || !may_edit(call.actor, before))
      return forbidden("只有区域所属部门可以修改该区域");
    ZoneProperties p{c.name.value_or(before.name),
                     c.kind.value_or(before.kind),
                     c.township.value_or(before.township),
                     c.unit.value_or(before.unit),
                     c.responsible_person.value_or(before.responsible_person),
                     c.responsible_phone.value_or(before.responsible_phone),
                     before.demo};
    std::vector<FieldError> errors;
    check_properties(p, "properties/", errors);
    if (auto ok = errors_to_status(std::move(errors)); !ok) return tl::unexpected(ok.error());
    store::Zone z = before;
    if (geometry) {
      z = zone_of(p, *geometry);
      z.id = before.id;
      z.owner_department_id = before.owner_department_id;
      z.created_by = before.created_by;
    } else {
      z.name = p.name;
      z.kind = p.kind;
      z.township = p.township;
      z.unit = p.unit;
      z.responsible_person = p.responsible_person;
      z.responsible_phone = p.responsible_phone;
    }
    auto stored = store::ZoneRepository::update(s, std::move(z), expected_version);
    if (!stored) return stored;
    if (auto a = audit(s, call, "zone.update", kEntity, std::to_string(id), audit_snapshot(before),
                       audit_snapshot(*stored));
        !a)
      return tl::unexpected(a.error());
    return stored;
  });
}

Result<Page<store::Zone>> ZoneService::list(const CallContext& call, const store::ZoneQuery& q) {
  if (!is_staff(call.actor)) return forbidden();
  if (q.kind && zone_kind_label(*q.kind).empty())
    return invalid("kind", "未知区域类型: " + *q.kind);
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::Zone>> {
    Page<store::Zone> page;
    auto zones = store::ZoneRepository::list(s, q, &page.total);
    if (!zones) return tl::unexpected(zones.error());
    page.items = std::move(*zones);
    return page;
  });
}

Result<store::Zone> ZoneService::get(const CallContext& call, std::int64_t id) {
  if (!is_staff(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<store::Zone> {
    auto found = store::ZoneRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("区域不存在");
    return **found;
  });
}

Result<ZoneCoverage> ZoneService::coverage(const CallContext& call, std::int64_t id,
                                           std::int64_t from, std::int64_t to, double buffer_m) {
  if (!is_staff(call.actor)) return forbidden();
  if (from >= to) return invalid("to", "结束时间应晚于开始时间");
  if (to - from > kMaxCoveragePeriodMs) return invalid("from", "统计期间最长 400 天");
  if (!(buffer_m >= geo::kMinBufferMetres && buffer_m <= geo::kMaxBufferMetres))
    return invalid("buffer_m", "缓冲距离应为 10–5000 米");
  store::Zone zone;
  std::vector<std::string> tracks;
  ZoneCoverage c;
  c.zone_id = id;
  c.from = from;
  c.to = to;
  c.buffer_m = buffer_m;
  auto loaded = ctx_.db.read([&](soci::session& s) -> Status {
    auto found = store::ZoneRepository::find_by_id(s, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return not_found("区域不存在");
    zone = **found;
    auto effort = store::PatrolRepository::effort(s, id, "", from, to);
    if (!effort) return tl::unexpected(effort.error());
    c.effort = *effort;
    auto t = store::PatrolRepository::tracks(s, id, from, to);
    if (!t) return tl::unexpected(t.error());
    tracks = std::move(*t);
    store::PatrolPlanQuery pq;
    pq.zone_id = id;
    pq.overlaps_from = from;
    pq.overlaps_to = to;
    pq.limit = 200;
    auto plans = store::PatrolRepository::list_plans(s, pq, nullptr);
    if (!plans) return tl::unexpected(plans.error());
    for (auto& p : *plans) {
      auto progress = plan_progress(s, std::move(p));
      if (!progress) return tl::unexpected(progress.error());
      c.plans.push_back(std::move(*progress));
    }
    return {};
  });
  if (!loaded) return tl::unexpected(loaded.error());
  // The geometry work runs outside the database session.
  std::vector<std::vector<geo::LonLat>> paths;
  for (const auto& t : tracks) {
    json line = json::parse(t, nullptr, false);
    if (line.is_discarded()) continue;
    paths.push_back(geo::path_from_geojson(line));
  }
  json boundary = json::parse(zone.geometry, nullptr, false);
  if (boundary.is_discarded()) return fail(ErrorCode::kInternal, "区域边界数据损坏");
  auto computed = geo::compute_coverage(boundary, paths, buffer_m);
  if (!computed) return tl::unexpected(computed.error());
  c.coverage = std::move(*computed);
  return c;
}

}  // namespace qf::service
