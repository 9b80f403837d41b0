// PatrolRepository: patrol plans, patrols with their tracks, and the
// observations made along the way (清除猎捕工具, wildlife, suspicious
// persons, violations). Rules (who records, who sees, what a track is) live
// in service/patrol_service.h and src/geo; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct PatrolPlan {
  std::int64_t id = 0;
  std::int64_t zone_id = 0;
  std::string zone_name;         // joined, read-only
  std::string team;              // "" = any team
  std::int64_t period_from = 0;  // epoch ms, inclusive
  std::int64_t period_to = 0;    // exclusive
  int target_patrols = 0;
  double target_km = 0;
  std::string note;
  std::int64_t owner_department_id = 0;
  std::string department_code;  // joined, read-only
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct PatrolPlanQuery {
  std::optional<std::int64_t> zone_id;
  // Plans whose period overlaps [from, to).
  std::optional<std::int64_t> overlaps_from, overlaps_to;
  int limit = 50;
  int offset = 0;
};

struct Patrol {
  std::int64_t id = 0;
  std::int64_t owner_department_id = 0;
  std::string department_code;  // joined, read-only
  std::optional<std::int64_t> zone_id;
  std::string zone_name;  // joined, read-only
  std::string team;
  std::string members_json = "[]";
  std::string transport;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  double km = 0;
  double hours = 0;
  std::optional<std::string> track;  // GeoJSON LineString
  int track_points = 0;
  std::optional<double> track_hours;  // first to last timed point of the track
  std::string note;
  bool demo = false;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t observations_count = 0;  // read-only
};

struct PatrolQuery {
  // Visibility: when set, only patrols this department owns or was shared.
  std::optional<std::int64_t> visible_to_department;
  std::optional<std::int64_t> zone_id;
  std::optional<std::string> team;
  std::optional<std::int64_t> started_from;  // epoch ms, inclusive
  std::optional<std::int64_t> started_to;    // exclusive
  std::optional<std::int64_t> created_by;    // "mine"
  int limit = 50;
  int offset = 0;
};

struct PatrolObservation {
  std::int64_t id = 0;
  std::int64_t patrol_id = 0;
  std::string kind;
  std::string tool_kind;
  std::optional<std::int64_t> count;
  std::string species_text;
  std::string note;
  double lon = 0, lat = 0;
  std::int64_t observed_at = 0;
  std::string evidence_ids_json = "[]";
  std::optional<std::int64_t> tip_id;
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

// Patrol effort summed over a selection of patrols.
struct PatrolEffort {
  std::int64_t patrols = 0;
  double km = 0;
  double hours = 0;
};

class PatrolRepository {
 public:
  // Plans.
  static Result<PatrolPlan> insert_plan(soci::session& s, PatrolPlan p);
  static Result<std::optional<PatrolPlan>> find_plan(soci::session& s, std::int64_t id);
  // Newest period first.
  static Result<std::vector<PatrolPlan>> list_plans(soci::session& s, const PatrolPlanQuery& q,
                                                    std::int64_t* total);

  // Patrols.
  static Result<Patrol> insert(soci::session& s, Patrol p);
  // Writes every mutable field (incl. the track) if the stored version is
  // still expected_version (else kPreconditionFailed); version + 1.
  static Result<Patrol> update(soci::session& s, Patrol p, int expected_version);
  static Result<std::optional<Patrol>> find_by_id(soci::session& s, std::int64_t id);
  // Newest start first.
  static Result<std::vector<Patrol>> list(soci::session& s, const PatrolQuery& q,
                                          std::int64_t* total);
  // Patrols of a zone started in [from, to); team "" = every team.
  static Result<PatrolEffort> effort(soci::session& s, std::int64_t zone_id,
                                     const std::string& team, std::int64_t from, std::int64_t to);
  // The stored tracks (GeoJSON text) of those patrols.
  static Result<std::vector<std::string>> tracks(soci::session& s, std::int64_t zone_id,
                                                 std::int64_t from, std::int64_t to);

  // Observations.
  static Result<PatrolObservation> add_observation(soci::session& s, PatrolObservation o);
  static Result<std::optional<PatrolObservation>> find_observation(soci::session& s,
                                                                   std::int64_t id);
  // In the order they were made.
  static Result<std::vector<PatrolObservation>> observations(soci::session& s,
                                                             std::int64_t patrol_id);
  // Links a tip to an observation that has none yet; kConflict if it has.
  static Status set_observation_tip(soci::session& s, std::int64_t id, std::int64_t tip_id);
};

}  // namespace qf::store
