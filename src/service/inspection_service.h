// InspectionService: the joint inspections of the clean-up (集中清理整顿, the
// plan's 五(四)): 林草, 农业农村, 市场监管 (and 公安) form joint groups and
// inspect the registered places against a checklist per place type.
//
//  - Groups: a name, a lead department and members — users of at least two
//    departments (sub-units count as their parent), or it is not joint.
//  - Checklists: one per place type; the office edits it (PUT, If-Match the
//    version in force) and every edit is a new version. Until the office
//    edits one, the built-in default of the plan's 五(四) is in force as
//    version 0. An inspection keeps the text of the items it answered.
//  - Inspections: place, group (optional), time, inspectors, answers
//    (pass | fail | na with a note), animals counted on a farm, findings
//    (finding_kinds()), conclusion. On a breeding farm the count is checked
//    against the licences valid at the time of the inspection: a species
//    with more animals than licensed adds an over_licence finding with the
//    numbers, a species on no valid licence an unlicensed_breeding finding,
//    and every expired licence is flagged (flags).
//  - A case from an inspection with findings (once; a second time kConflict):
//    created by CaseService in the same transaction — offence type from the
//    findings, source market_inspection, the place and the findings in the
//    summary, the animals over the licence as items.
//  - Rectification orders (整改通知, requirement and deadline) put the place
//    in rectifying; the re-inspection records done or not_done (optionally
//    with a new deadline, which keeps the order open); when no order of the
//    place is left undone, the place is active again. Overdue: open past the
//    deadline, or rechecked not done.
//
//  - Corrections after the fact (PATCH, If-Match the version; a stale
//    version is kPreconditionFailed; only the fields given change, an empty
//    note/conclusion clears it, group_id null leaves the group; every field
//    checked as on creation; audited as inspection_group.update and
//    inspection.update with before and after in the same transaction):
//    * a group: name, note, lead department, members (replaced as a whole,
//      still at least two departments). Inspections already recorded keep
//      the departments they were shared with: a membership change applies
//      to inspections recorded afterwards.
//    * an inspection: place (only another place of the same type — the
//      answers follow its checklist), group, time, inspectors, answers
//      (against the checklist version it answered), animals counted,
//      findings, conclusion. Findings given replace the manual ones; an
//      "id" keeps a stored finding (its id stays); the automatic findings
//      and flags of a farm are recomputed — against the licences on record
//      now — only when the count, the place or the time changes, and cannot
//      be edited by hand. Departments that join (group, inspectors) are
//      shared the record; shares already given stay.
//    What must not change silently, refused with kConflict (409):
//    * once a case was opened from the inspection: its findings cannot be
//      removed or change kind (notes and evidence may be completed, new
//      findings added), and the place, time and animals counted — what the
//      case's summary and items were made from — are fixed (sending them
//      unchanged is no change); once that case
//      is in a final state (结案/撤销…) the inspection cannot be edited;
//    * once a rectification order was issued: the place is fixed, and the
//      time must stay before every order's deadline (kInvalidInput).
//    Who: kRecordInspections and the recording department (its leaders and
//    officers) or the office — departments the record is only shared with
//    read it; a group: its lead department or the office.
//
// Permissions: recording groups, inspections, orders and rechecks needs
// kRecordInspections (市场监管, 林草, 农业农村, 公安 and the office);
// checklists are edited by the office only and read by all staff.
// Inspections belong to the recording department and are shared with the
// departments of the group's members and of the inspectors (row-level rule;
// an unseen inspection, and its orders, is kNotFound). Every write is
// audited in its own transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/case_vocabulary.h"
#include "core/result.h"
#include "service/case_service.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/inspection_repository.h"

namespace qf::service {

constexpr std::size_t kMaxChecklistItems = 60;
constexpr std::size_t kMaxInspectionRows = 200;  // answers, holdings, findings each

// illegal_sale 非法出售 | unlicensed_breeding 无证繁育 | over_licence 超许可数量 |
// banned_tools 销售禁用猎捕工具 | wild_game_menu 野味上菜单 |
// no_source_proof 无合法来源证明 | other 其他.
const std::vector<Term>& finding_kinds();
std::string_view finding_kind_label(std::string_view code);
// open 整改中 | done 已整改 | not_done 未整改.
std::string_view rectification_state_label(std::string_view code);

struct ChecklistEntry {
  std::string code;  // [a-z0-9_]{1,40}, unique in the list
  std::string text;
  std::string finding_kind;  // the finding a failed answer suggests; may be empty
};

struct Checklist {
  std::string place_type;
  int version = 0;  // 0: the built-in default
  bool is_default = true;
  std::vector<ChecklistEntry> items;
  std::int64_t updated_at = 0;
  std::int64_t updated_by = 0;
};

// The built-in checklist of a place type (plan 五(四)).
std::vector<ChecklistEntry> default_checklist(std::string_view place_type);

struct GroupMemberInput {
  std::int64_t user_id = 0;
  bool leader = false;
};

struct GroupInput {
  std::string name;
  std::optional<std::string> lead_department_code;  // default the actor's
  std::string note;
  std::vector<GroupMemberInput> members;
};

// PATCH of a group: only the fields given change.
struct GroupChanges {
  std::optional<std::string> name, note, lead_department_code;
  std::optional<std::vector<GroupMemberInput>> members;  // replaces the members
};

struct AnswerInput {
  std::string code;
  std::string result;  // pass | fail | na
  std::string note;
};

struct HoldingInput {
  std::string species;
  std::optional<std::int64_t> species_id;
  std::int64_t count = 0;
};

struct FindingInput {
  std::string kind;
  std::string note;
  std::vector<std::int64_t> evidence_ids;
};

struct InspectionInput {
  std::int64_t place_id = 0;
  std::optional<std::int64_t> group_id;
  std::int64_t inspected_at = 0;            // epoch ms
  std::vector<std::int64_t> inspector_ids;  // default: the actor
  std::vector<AnswerInput> answers;
  std::vector<HoldingInput> holdings;
  std::vector<FindingInput> findings;
  std::string conclusion;
  bool demo = false;  // demo seeding only
};

// A finding of a PATCH: with id, the stored (manual) finding it corrects.
struct FindingEdit {
  std::optional<std::int64_t> id;
  FindingInput finding;
};

// PATCH of an inspection: only the fields given change (see the header).
struct InspectionChanges {
  std::optional<std::int64_t> place_id;
  std::optional<std::int64_t> group_id;
  bool clear_group = false;  // group_id: null
  std::optional<std::int64_t> inspected_at;
  std::optional<std::vector<std::int64_t>> inspector_ids;
  std::optional<std::vector<AnswerInput>> answers;
  std::optional<std::vector<HoldingInput>> holdings;
  std::optional<std::vector<FindingEdit>> findings;  // the manual findings, replaced
  std::optional<std::string> conclusion;
};

struct InspectionListFilters {
  std::optional<std::int64_t> place_id, group_id;
  std::optional<std::string> place_type, finding_kind;
  std::optional<bool> has_findings;
  std::optional<std::int64_t> inspected_from, inspected_to;
};

struct InspectionCaseRequest {
  std::optional<std::string> title;
  std::optional<std::string> offence_type;           // default from the findings
  std::optional<std::string> owner_department_code;  // office only
  std::string note;
};

struct RectificationInput {
  std::string requirement;
  std::int64_t deadline = 0;  // epoch ms
};

struct RecheckInput {
  std::string result;  // done | not_done
  std::string note;
  std::optional<std::int64_t> new_deadline;  // not_done: the order stays open until then
};

struct RectificationFilters {
  std::optional<std::string> state;
  std::optional<std::int64_t> place_id;
  bool overdue_only = false;
  std::optional<std::int64_t> issued_from, issued_to;  // created_at in [from, to), epoch ms
};

// API and audit shapes (times ISO 8601; "overdue" judged at now).
nlohmann::json to_json(const store::InspectionGroup& g);
nlohmann::json to_json(const Checklist& c);
nlohmann::json to_json(const store::Inspection& i, std::int64_t now);
nlohmann::json to_json(const store::RectificationOrder& r, std::int64_t now);

class InspectionService {
 public:
  explicit InspectionService(ServiceContext& ctx) : ctx_(ctx) {}

  Result<store::InspectionGroup> create_group(const CallContext& call, const GroupInput& in);
  Result<Page<store::InspectionGroup>> list_groups(const CallContext& call, int limit, int offset);
  Result<store::InspectionGroup> get_group(const CallContext& call, std::int64_t id);
  Result<store::InspectionGroup> update_group(const CallContext& call, std::int64_t id,
                                              const GroupChanges& c, int expected_version);

  Result<Checklist> checklist(const CallContext& call, const std::string& place_type);
  Result<Checklist> put_checklist(const CallContext& call, const std::string& place_type,
                                  const std::vector<ChecklistEntry>& items, int expected_version);

  Result<store::Inspection> create(const CallContext& call, const InspectionInput& in);
  // Joins the caller's transaction (demo data).
  Result<store::Inspection> create(soci::session& s, const CallContext& call,
                                   const InspectionInput& in);
  Result<store::Inspection> get(const CallContext& call, std::int64_t id);
  Result<store::Inspection> update(const CallContext& call, std::int64_t id,
                                   const InspectionChanges& c, int expected_version);
  Result<Page<store::Inspection>> list(const CallContext& call, const InspectionListFilters& f,
                                       int limit, int offset);
  // Returns the case; the inspection then carries its id.
  Result<Case> open_case(const CallContext& call, std::int64_t id, const InspectionCaseRequest& r);

  Result<store::RectificationOrder> order_rectification(const CallContext& call,
                                                        std::int64_t inspection_id,
                                                        const RectificationInput& in);
  Result<store::RectificationOrder> order_rectification(soci::session& s, const CallContext& call,
                                                        std::int64_t inspection_id,
                                                        const RectificationInput& in);
  Result<store::RectificationOrder> recheck(const CallContext& call, std::int64_t order_id,
                                            const RecheckInput& in);
  Result<Page<store::RectificationOrder>> list_rectifications(const CallContext& call,
                                                              const RectificationFilters& f,
                                                              int limit, int offset);

 private:
  ServiceContext& ctx_;
};

}  // namespace qf::service
