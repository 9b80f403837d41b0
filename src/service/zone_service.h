// ZoneService: protected zones (the plan's 五(二) 野外巡护值守) — nature
// reserves, state forest farms, no-fishing waters (禁捕水域) and wintering
// grounds of migratory birds, with the township, unit and person
// responsible — and their patrol coverage.
//
//  - A zone is a GeoJSON Feature in and out. Its boundary is checked by
//    src/geo (a valid Polygon/MultiPolygon in WGS-84; a self-intersection
//    is refused with where it is) and stored with its bounding box and area.
//  - Import takes a GeoJSON FeatureCollection or a KML file. All or
//    nothing: one bad feature refuses the file, every problem named per
//    feature ("features/3/geometry"); dry_run checks and previews without
//    writing.
//  - Coverage over a period: the zone's patrols started in [from, to)
//    (every department's — coverage is the zone's, and shows effort, not
//    records), their kilometres and hours, the share of the zone within
//    buffer_m of a track, the gaps, and each overlapping plan against what
//    its team actually did in the plan's own period.
//
// Permissions (core/access_policy.h): kManageZones (林草, 农业农村, office)
// creates, imports and edits; an edit is also limited to the owning
// department (office: all). Every staff member reads zones and coverage
// (not the system administrator, not API keys). Every write appends its
// audit row in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "geo/coverage.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/patrol_repository.h"
#include "store/zone_repository.h"

namespace qf::service {

// nature_reserve 自然保护区 | forest_farm 国有林场 | no_fishing_water 禁捕水域 |
// bird_wintering 候鸟越冬地 | other 其他. "" for an unknown code.
std::string_view zone_kind_label(std::string_view kind);

constexpr std::size_t kMaxZoneTextBytes = 200;  // name, township, unit, person, phone
constexpr std::size_t kMaxZoneImportFeatures = 500;

// The zone's descriptive fields (a Feature's properties).
struct ZoneProperties {
  std::string name;  // required
  std::string kind;  // required, see zone_kind_label
  std::string township;
  std::string unit;
  std::string responsible_person;
  std::string responsible_phone;
  bool demo = false;  // demo data (qingfeng demo) only
};

struct NewZone {
  ZoneProperties properties;
  nlohmann::json geometry;  // GeoJSON Polygon | MultiPolygon (or a Feature)
};

// Fields a PATCH may change; unset fields stay as they are.
struct ZoneChanges {
  std::optional<std::string> name, kind, township, unit, responsible_person, responsible_phone;
  std::optional<nlohmann::json> geometry;
};

enum class ZoneFileFormat { kGeoJson, kKml };

struct ZoneImport {
  ZoneFileFormat format = ZoneFileFormat::kGeoJson;
  std::string body;
  bool dry_run = false;
  // For features that do not name their kind (KML usually does not).
  std::string default_kind = "other";
};

struct ZoneImportReport {
  bool dry_run = false;
  // Created zones, or — for a dry run — what would be created (id 0).
  std::vector<store::Zone> zones;
};

// A plan with what its team did in the plan's period (zone's patrols,
// started in [period_from, period_to), of the plan's team or any team when
// the plan names none).
struct PlanProgress {
  store::PatrolPlan plan;
  store::PatrolEffort actual;
  bool short_of_target = false;  // fewer patrols or kilometres than targeted
};

struct ZoneCoverage {
  std::int64_t zone_id = 0;
  std::int64_t from = 0, to = 0;
  double buffer_m = geo::kDefaultBufferMetres;
  store::PatrolEffort effort;
  geo::Coverage coverage;
  std::vector<PlanProgress> plans;
};

// API and audit shapes.
nlohmann::json zone_feature_json(const store::Zone& z);
nlohmann::json to_json(const ZoneCoverage& c);
nlohmann::json to_json(const PlanProgress& p);

// The plan's progress, read inside a caller's session.
Result<PlanProgress> plan_progress(soci::session& s, store::PatrolPlan plan);

class ZoneService {
 public:
  explicit ZoneService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::Zone> create(const CallContext& call, const NewZone& z);
  Result<ZoneImportReport> import(const CallContext& call, const ZoneImport& in);
  Result<store::Zone> update(const CallContext& call, std::int64_t id, const ZoneChanges& c,
                             int expected_version);
  Result<Page<store::Zone>> list(const CallContext& call, const store::ZoneQuery& q);
  Result<store::Zone> get(const CallContext& call, std::int64_t id);
  // from/to: epoch ms, [from, to); buffer_m within geo's limits.
  Result<ZoneCoverage> coverage(const CallContext& call, std::int64_t id, std::int64_t from,
                                std::int64_t to, double buffer_m = geo::kDefaultBufferMetres);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
