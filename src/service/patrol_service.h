// PatrolService: patrol plans, ranger patrols with their GPS tracks, and
// what the rangers found on the way (the plan's 五(二) 野外巡护值守).
//
//  - Plans (zone, team, period, target patrols and kilometres) are zone
//    management: kManageZones creates them; every staff member reads them
//    with what the team actually did in the period (PlanProgress).
//  - A patrol: team, members, transport, start and end (open until ended),
//    optionally in a zone. Its track comes as GPX 1.1 or KML (PUT replaces
//    it, so a phone may resend); kilometres are recomputed from the track,
//    hours are the track's time span when it has times, else end − start.
//  - Observations (清除猎捕工具 with the tool and count, wildlife, suspicious
//    persons or vehicles, violations) carry a point, a time and evidence
//    photos. `to_tip` makes a tip of one (channel 巡护发现, the point, the
//    species and the photos) in the same transaction; a later request does
//    it once — a second time is kConflict.
//
// Permissions (core/access_policy.h): kRecordPatrols (林草 and 农业农村
// staff and rangers, the office) records patrols, tracks and observations.
// A patrol belongs to the recorder's department; a sub-unit's patrol (a
// reserve station, LC-BHQ) is shared with the department it works under
// (LC), whose officers supervise it. Anyone else gets kNotFound, as for a
// missing patrol; office and inspector see all. Changing a patrol needs
// kRecordPatrols and sight of it. Every write appends its audit row in the
// same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "service/zone_service.h"
#include "store/patrol_repository.h"

namespace qf::service {

// foot 步行 | vehicle 汽车 | motorbike 摩托车 | boat 船只 | horse 骑马 | other 其他
std::string_view transport_label(std::string_view transport);
// trap_removal 清除猎捕工具 | wildlife 野生动物 | suspicious 可疑人员车辆 |
// violation 违法行为 | other 其他
std::string_view observation_kind_label(std::string_view kind);
// snare 猎套 | leghold_trap 猎夹 | mist_net 粘网 | ground_gun 地枪 |
// electrofishing 电鱼器具 | poison 毒饵 | other 其他
std::string_view tool_kind_label(std::string_view tool_kind);

constexpr std::size_t kMaxPatrolTextBytes = 200;  // team, member names, species
constexpr std::size_t kMaxPatrolNoteBytes = 4000;
constexpr std::size_t kMaxPatrolMembers = 50;
constexpr std::size_t kMaxObservationEvidence = 20;
// A GPX of a long day at one fix per second is a few MB; 20 MB is room.
constexpr std::size_t kMaxTrackBytes = 20u << 20;

struct NewPatrolPlan {
  std::int64_t zone_id = 0;
  std::string team;                             // "" = any team of the zone
  std::int64_t period_from = 0, period_to = 0;  // epoch ms, [from, to)
  int target_patrols = 0;
  double target_km = 0;
  std::string note;
};

struct NewPatrol {
  std::optional<std::int64_t> zone_id;
  std::string team;  // required
  std::vector<std::string> members;
  std::string transport;  // required
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  std::string note;
  bool demo = false;  // demo data (qingfeng demo) only
};

// Fields a PATCH may change; unset fields stay as they are.
struct PatrolChanges {
  std::optional<std::int64_t> ended_at;
  std::optional<std::string> note;
  std::optional<std::vector<std::string>> members;
  std::optional<std::string> team;
  std::optional<std::string> transport;
  std::optional<std::int64_t> zone_id;
};

enum class TrackFormat { kGpx, kKml };

struct NewObservation {
  std::string kind;
  std::string tool_kind;  // trap_removal only
  std::optional<std::int64_t> count;
  std::string species_text;
  std::string note;
  double lon = 0, lat = 0;
  std::int64_t observed_at = 0;
  std::vector<std::int64_t> evidence_ids;  // evidence the actor can see
  bool to_tip = false;
};

struct PatrolQueryParams {
  std::optional<std::int64_t> zone_id;
  std::optional<std::string> team;
  std::optional<std::int64_t> from, to;  // started_at in [from, to), epoch ms
  bool mine = false;                     // recorded by the caller
  int limit = 20;
  int offset = 0;
};

struct PatrolDetail {
  store::Patrol patrol;
  std::vector<store::PatrolObservation> observations;
};

// API and audit shapes. The patrol's JSON leaves the track out; the
// detail adds it ("track": LineString | null) and the observations.
nlohmann::json to_json(const store::Patrol& p);
nlohmann::json to_json(const PatrolDetail& d);
nlohmann::json to_json(const store::PatrolObservation& o);

class PatrolService {
 public:
  explicit PatrolService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<PlanProgress> create_plan(const CallContext& call, const NewPatrolPlan& p);
  Result<Page<PlanProgress>> list_plans(const CallContext& call, const store::PatrolPlanQuery& q);
  Result<PlanProgress> get_plan(const CallContext& call, std::int64_t id);

  Result<store::Patrol> create(const CallContext& call, const NewPatrol& p);
  Result<Page<store::Patrol>> list(const CallContext& call, const PatrolQueryParams& q);
  Result<PatrolDetail> get(const CallContext& call, std::int64_t id);
  Result<store::Patrol> update(const CallContext& call, std::int64_t id, const PatrolChanges& c,
                               int expected_version);
  // Replaces the track (body of at most kMaxTrackBytes).
  Result<store::Patrol> put_track(const CallContext& call, std::int64_t id, TrackFormat format,
                                  std::string_view body);
  Result<store::PatrolObservation> add_observation(const CallContext& call, std::int64_t patrol_id,
                                                   const NewObservation& o);
  // Makes a tip of an observation that has none yet (kConflict otherwise).
  Result<store::PatrolObservation> observation_to_tip(const CallContext& call,
                                                      std::int64_t patrol_id,
                                                      std::int64_t observation_id);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
