// StatisticsMapRepository: the located records of a period for the 战果
// dashboard's map (GET /api/v1/stats/map).
//
// A kind is one table with coordinates, scoped like its namesake figure in
// StatisticsRepository (the same time column, row-level rule and department
// filter):
//   cases        cases.lon/lat, opened in the period (created_at)
//   tips         tips.lon/lat, received in the period (created_at)
//   observations patrol_observations.lon/lat (observed_at), the patrol's
//                visibility; the point opens the patrol
//   inspections  the inspected place's lon/lat (inspected_at)
//   transport    transport_checks.lon/lat (checked_at)
//   seizures     seizures.lon/lat (seized_at; the point is optional, migration 0018)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "store/statistics_repository.h"

namespace qf::store {

struct MapPoint {
  std::int64_t id = 0;         // the record
  std::int64_t record_id = 0;  // the record the point opens (the patrol of an observation)
  std::string label;           // number and title, place name, …
  std::string detail;          // a code: tip channel, observation kind, check finding, …
  std::int64_t at = 0;         // the record's time in the period
  double lon = 0, lat = 0;
};

class StatisticsMapRepository {
 public:
  static const std::vector<std::string_view>& kinds();
  static bool has_kind(std::string_view kind);

  // Located records of the kind in scope, newest first, at most `limit`.
  static Result<std::vector<MapPoint>> points(soci::session& s, const StatsScope& q,
                                              std::string_view kind, std::int64_t limit);
  struct Counts {
    std::int64_t located = 0, unlocated = 0;
  };
  // How many records of the kind in scope have coordinates and how many not.
  static Result<Counts> counts(soci::session& s, const StatsScope& q, std::string_view kind);
};

}  // namespace qf::store
