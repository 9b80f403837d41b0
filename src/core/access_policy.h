// AccessPolicy: the plan's 职责分工 as a permission model, in one place.
//
// Two questions, both pure functions of the actor and the record:
//  - may this role perform this kind of action at all (role × action)?
//  - may this actor see this record (row-level rule)? A record belongs to an
//    owner department and may be shared with participating departments;
//    office and inspector see all, everyone else sees own + shared. A record
//    the actor may not see must look exactly like a missing one (404), so the
//    service layer answers kNotFound for it, never kForbidden.
//
// The service layer calls this before every read and write; handlers never
// make permission decisions themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/role.h"

namespace qf {

// Who is acting. Built by the service layer from a session or an API key,
// or by the CLI for a local operator.
struct Actor {
  std::int64_t user_id = 0;  // 0 for the local CLI operator
  std::string username;
  Role role = Role::kOfficer;
  std::int64_t department_id = 0;
  std::string department_code;
  // The top-level department whose duties apply: a sub-unit (LC-BHQ, a
  // reserve's station) works under its parent's (LC). Empty = department_code.
  std::string duty_department_code;
  std::vector<std::string> scopes;  // API key scopes, for kIntegration only
  bool is_cli = false;              // local administrator at the console
};

enum class Action {
  kManageUsers,          // create/disable accounts, reset passwords
  kManageDepartments,    // edit departments and sub-units
  kManageApiKeys,        // issue and revoke integration keys
  kReadAudit,            // read the audit log
  kReadDirectory,        // list departments and colleagues
  kCreateRecord,         // create a departmental record (evidence, later cases, tips)
  kUpdateRecord,         // change a visible record
  kShareRecord,          // share a record with another department
  kManageReferenceData,  // load species lists, aliases, base values (基准价值)
  // Online listings (网上巡查, plan 五(三)). Listings belong to no department:
  // the departments the plan charges with online clean-up share one queue.
  kIngestListings,  // hand in listings to scan and keep (platforms by API key, staff)
  kReadListings,    // read the queue, a listing, a seller's listings
  kReviewListings,  // confirm/dismiss, takedown, open a case from a listing
  // Field operations (plan 五(二), 五(四), 五(五), 五(六), 七(二)). Each record
  // belongs to the department that made it (row-level rule as above).
  kManageZones,            // protected zones and patrol plans (林草, 农业农村)
  kRecordPatrols,          // patrols, tracks, observations (rangers too)
  kManagePlaces,           // places registry: markets, restaurants, farms, shops
  kRecordInspections,      // joint inspections, rectification orders
  kRecordTransportChecks,  // checkpoint and logistics checks (公安, 交通运输)
  kRecordCustoms,          // customs risk assessment and seizures (海关)
  kIntakeEvents,           // grid-worker apps and camera alerts, by API key
  // Results, reports and evaluation (plan 三(三), 七(三)–(五)).
  kRecordPublicity,    // publicity and training records of one's own department (宣传培训)
  kSubmitReports,      // a department's periodic report: draft, submit, correct (情况报告)
  kManageReporting,    // the office: reporting periods, reminders, returns, the joint-action
                       // report and the press release (统计汇总…编写联合行动报告)
  kManageEvaluation,   // the office: indicators, weights and evaluation runs (督导考核)
  kReadEvaluation,     // read scores and the ranking (office, 督导组, department leaders)
  kRecordSupervision,  // supervision visits, findings and outcomes (督导组 and the office)
};

struct RecordScope {
  std::int64_t owner_department_id = 0;
  std::vector<std::int64_t> shared_department_ids;
};

class AccessPolicy {
 public:
  // Role × action. An integration actor additionally needs the scope the
  // action requires (see required_scope).
  static bool allows(const Actor& actor, Action action);

  // Row-level visibility of one record.
  static bool can_see(const Actor& actor, const RecordScope& scope);

  // Visibility plus the right to change it: read-only roles may see but not
  // modify; others may modify what they can see.
  static bool can_modify(const Actor& actor, const RecordScope& scope);

  // True when the actor sees every department's records (office, inspector).
  static bool sees_all(const Actor& actor);

  // The API-key scope an integration actor needs for an action, if any.
  static std::optional<std::string> required_scope(Action action);

  // Departments whose staff review online listings (plan 六: 网信 清理网上
  // 内容、查处违法网站平台和账号; 市场监管 督促网络交易平台、查处非法出售).
  static bool reviews_online_listings(const std::string& department_code);
  // Departments that read them too (plan 五(三): 林草 and 农业农村 work the
  // online clean-up together with 网信 and 市场监管).
  static bool reads_online_listings(const std::string& department_code);
  // Field duties of plan 六 by department code, for the field actions
  // above: 林草 and 农业农村 guard zones and patrol (五(二)); 市场监管, 林草
  // and 农业农村 keep the places registry, and 公安 joins their inspections
  // (五(四)); 公安 and 交通运输 check transport (五(五)); 海关 customs (五(六)).
  static bool has_field_duty(Action action, const std::string& department_code);
};

}  // namespace qf
