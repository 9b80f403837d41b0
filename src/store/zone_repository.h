// ZoneRepository: protected zones (保护区, 林场, 禁捕水域, 候鸟越冬地) with
// their boundary as checked GeoJSON text, its bounding box and area. Rules
// (who may change a zone, what a valid boundary is) live in
// service/zone_service.h and src/geo; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct Zone {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::string township;
  std::string unit;
  std::string responsible_person;
  std::string responsible_phone;
  std::int64_t owner_department_id = 0;
  std::string department_code;  // joined from departments, read-only
  bool demo = false;
  std::string geometry;  // GeoJSON Polygon | MultiPolygon
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  double area_km2 = 0;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct ZoneQuery {
  std::optional<std::string> kind;
  int limit = 50;
  int offset = 0;
};

class ZoneRepository {
 public:
  // Sets id, version 1 and the times.
  static Result<Zone> insert(soci::session& s, Zone z);
  // Writes every mutable field if the stored version is still
  // expected_version (else kPreconditionFailed); version + 1.
  static Result<Zone> update(soci::session& s, Zone z, int expected_version);
  static Result<std::optional<Zone>> find_by_id(soci::session& s, std::int64_t id);
  // By name, then id.
  static Result<std::vector<Zone>> list(soci::session& s, const ZoneQuery& q, std::int64_t* total);
};

}  // namespace qf::store
