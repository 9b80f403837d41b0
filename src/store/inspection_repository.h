// InspectionRepository: joint inspection groups, the versioned checklists
// of each place type, inspections (answers, inspectors, animals counted,
// findings) and rectification orders (整改通知) with their re-inspection.
// Rules — who may record, what is flagged, which state follows which — live
// in service/inspection_service.h; this layer stores and finds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct InspectionGroupMember {
  std::int64_t user_id = 0;
  bool leader = false;  // 组长
  // read-only, joined
  std::string username;
  std::string display_name;
  std::int64_t department_id = 0;
  std::string department_code;
};

struct InspectionGroup {
  std::int64_t id = 0;
  std::string name;
  std::int64_t lead_department_id = 0;
  std::string lead_department_code;  // read-only, joined
  std::string note;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<InspectionGroupMember> members;
};

struct ChecklistVersion {
  std::int64_t id = 0;
  std::string place_type;
  int version = 0;
  std::string items_json = "[]";  // [{"code","text","finding_kind"}]
  std::int64_t created_by = 0;
  std::int64_t created_at = 0;
};

struct Inspector {
  std::int64_t user_id = 0;
  // read-only, joined
  std::string display_name;
  std::int64_t department_id = 0;
  std::string department_code;
};

struct InspectionHolding {
  std::int64_t id = 0;
  std::string species_text;
  std::optional<std::int64_t> species_id;
  std::int64_t counted = 0;
  std::int64_t licensed = 0;  // what the valid licences allow at inspected_at
};

struct InspectionFinding {
  std::int64_t id = 0;
  std::string kind;
  std::string note;
  std::vector<std::int64_t> evidence_ids;
  bool automatic = false;  // added by the licence check of a farm
  std::string species_text;
  std::int64_t counted = 0;
  std::int64_t licensed = 0;
};

struct RectificationOrder {
  std::int64_t id = 0;
  std::int64_t inspection_id = 0;
  std::int64_t place_id = 0;
  std::string place_name;  // read-only, joined
  std::string requirement;
  std::int64_t deadline = 0;
  std::string state = "open";  // open | done | not_done
  std::string recheck_note;
  std::int64_t rechecked_at = 0;
  std::int64_t rechecked_by = 0;
  std::int64_t created_by = 0;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t owner_department_id = 0;  // read-only: the inspection's
};

struct Inspection {
  std::int64_t id = 0;
  std::int64_t place_id = 0;
  std::optional<std::int64_t> group_id;
  std::int64_t inspected_at = 0;
  int checklist_version = 0;
  std::string answers_json = "[]";
  std::string flags_json = "[]";
  std::string conclusion;
  std::int64_t owner_department_id = 0;
  std::int64_t created_by = 0;
  std::optional<std::int64_t> case_id;
  bool demo = false;
  int version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // read-only, joined
  std::string place_name;
  std::string place_type;
  std::string group_name;
  std::string owner_department_code;
  // children
  std::vector<Inspector> inspectors;
  std::vector<InspectionHolding> holdings;
  std::vector<InspectionFinding> findings;
  std::vector<RectificationOrder> rectifications;  // read-only here
};

struct InspectionQuery {
  std::optional<std::int64_t> visible_to_department;  // row-level rule; nullopt = all
  std::optional<std::int64_t> place_id;
  std::optional<std::int64_t> group_id;
  std::optional<std::string> place_type;
  std::optional<std::string> finding_kind;
  std::optional<bool> has_findings;
  std::optional<std::int64_t> inspected_from;  // inclusive, epoch ms
  std::optional<std::int64_t> inspected_to;    // exclusive
  int limit = 20;
  int offset = 0;
};

struct RectificationQuery {
  std::optional<std::int64_t> visible_to_department;
  std::optional<std::string> state;
  std::optional<std::int64_t> place_id;
  // Open orders past their deadline at `now` (and orders rechecked not done).
  bool overdue_only = false;
  // Issued in [issued_from, issued_to) (created_at, epoch ms); unset: any time.
  std::optional<std::int64_t> issued_from, issued_to;
  std::int64_t now = 0;
  int limit = 20;
  int offset = 0;
};

class InspectionRepository {
 public:
  // Groups
  static Result<InspectionGroup> insert_group(soci::session& s, InspectionGroup g);
  static Result<std::optional<InspectionGroup>> find_group(soci::session& s, std::int64_t id);
  static Result<std::vector<InspectionGroup>> list_groups(soci::session& s, int limit, int offset,
                                                          std::int64_t* total);
  // Name, lead department, note and members (replaced as a whole) if the
  // stored version is still expected_version, else kPreconditionFailed.
  static Result<InspectionGroup> update_group(soci::session& s, const InspectionGroup& g,
                                              int expected_version);

  // Checklists: the newest version of a place type, if any was stored.
  static Result<std::optional<ChecklistVersion>> latest_checklist(soci::session& s,
                                                                  const std::string& place_type);
  // Inserts version c.version; a concurrent insert of the same version
  // fails kConflict (UNIQUE).
  static Result<ChecklistVersion> insert_checklist(soci::session& s, ChecklistVersion c);
  // One stored version of a place type's checklist (none for version 0,
  // the built-in default, or an unknown version).
  static Result<std::optional<ChecklistVersion>> find_checklist(soci::session& s,
                                                                const std::string& place_type,
                                                                int version);

  // Inspections (with inspectors, holdings and findings).
  static Result<Inspection> insert(soci::session& s, Inspection i);
  static Result<std::optional<Inspection>> find_by_id(soci::session& s, std::int64_t id);
  static Result<std::vector<Inspection>> list(soci::session& s, const InspectionQuery& q,
                                              std::int64_t* total);
  // Writes a corrected inspection if the stored version is still
  // expected_version (else kPreconditionFailed): place, group, time,
  // answers, flags, conclusion; inspectors and holdings are replaced; a
  // finding with an id of this inspection is updated in place (it keeps its
  // id), one without is added, and stored findings not named are removed.
  // owner, creator, case and checklist version are not changed here.
  static Result<Inspection> update(soci::session& s, const Inspection& i, int expected_version);
  // Links the case if the stored version is still expected_version.
  static Result<Inspection> set_case(soci::session& s, std::int64_t id, std::int64_t case_id,
                                     int expected_version);

  // Rectification orders.
  static Result<RectificationOrder> insert_rectification(soci::session& s, RectificationOrder r);
  static Result<std::optional<RectificationOrder>> find_rectification(soci::session& s,
                                                                      std::int64_t id);
  static Result<RectificationOrder> update_rectification(soci::session& s,
                                                         const RectificationOrder& r,
                                                         int expected_version);
  static Result<std::vector<RectificationOrder>> list_rectifications(soci::session& s,
                                                                     const RectificationQuery& q,
                                                                     std::int64_t* total);
  // Open orders of a place (its status returns to active when none is left).
  static Result<std::int64_t> open_rectifications(soci::session& s, std::int64_t place_id);
};

}  // namespace qf::store
