#include "core/access_policy.h"

#include <algorithm>

namespace qf {
namespace {

const std::string& duty_code(const Actor& actor) {
  return actor.duty_department_code.empty() ? actor.department_code : actor.duty_department_code;
}

}  // namespace

bool AccessPolicy::sees_all(const Actor& actor) {
  return actor.is_cli || actor.role == Role::kOffice || actor.role == Role::kInspector;
}

std::optional<std::string> AccessPolicy::required_scope(Action action) {
  switch (action) {
    case Action::kCreateRecord:
      return "records:write";
    case Action::kUpdateRecord:
      return "records:write";
    case Action::kReadDirectory:
      return "directory:read";
    case Action::kIngestListings:
      return "listings:write";
    case Action::kIntakeEvents:
      return "events:write";
    default:
      return std::nullopt;
  }
}

bool AccessPolicy::allows(const Actor& actor, Action action) {
  if (actor.is_cli) return true;
  switch (actor.role) {
    case Role::kAdmin:
      // The system administrator runs the system, not the cases: no record
      // writes, so an admin account cannot quietly alter enforcement data.
      return action == Action::kManageUsers || action == Action::kManageDepartments ||
             action == Action::kManageApiKeys || action == Action::kReadAudit ||
             action == Action::kReadDirectory || action == Action::kManageReferenceData;
    case Role::kOffice:
      return action != Action::kManageUsers && action != Action::kManageDepartments &&
             action != Action::kManageApiKeys;
    case Role::kLeader:
    case Role::kOfficer:
      if (action == Action::kIngestListings || action == Action::kReviewListings)
        return reviews_online_listings(duty_code(actor));
      if (action == Action::kReadListings) return reads_online_listings(duty_code(actor));
      if (action == Action::kIntakeEvents) return false;
      if (action == Action::kRecordPublicity || action == Action::kSubmitReports) return true;
      // Reporting periods, evaluation and supervision are the office's and
      // the 督导组's; a department leader reads the ranking it is scored in.
      if (action == Action::kReadEvaluation) return actor.role == Role::kLeader;
      if (action >= Action::kManageReporting) return false;
      if (action >= Action::kManageZones) return has_field_duty(action, duty_code(actor));
      return action == Action::kReadDirectory || action == Action::kCreateRecord ||
             action == Action::kUpdateRecord || action == Action::kShareRecord;
    case Role::kRanger:
      // Field data only: rangers add records (photos, observations) but do
      // not edit or share departmental work. Patrols are their field data.
      return action == Action::kCreateRecord ||
             (action == Action::kRecordPatrols && has_field_duty(action, duty_code(actor)));
    case Role::kInspector:
      // 督导组: reads across departments and records its own supervision.
      return action == Action::kReadAudit || action == Action::kReadDirectory ||
             action == Action::kReadListings || action == Action::kReadEvaluation ||
             action == Action::kRecordSupervision;
    case Role::kIntegration: {
      auto scope = required_scope(action);
      if (!scope) return false;
      return std::find(actor.scopes.begin(), actor.scopes.end(), *scope) != actor.scopes.end();
    }
  }
  return false;
}

bool AccessPolicy::reviews_online_listings(const std::string& department_code) {
  return department_code == "WX" || department_code == "SJ";
}

bool AccessPolicy::reads_online_listings(const std::string& department_code) {
  return reviews_online_listings(department_code) || department_code == "LC" ||
         department_code == "NY";
}

bool AccessPolicy::has_field_duty(Action action, const std::string& code) {
  switch (action) {
    case Action::kManageZones:
    case Action::kRecordPatrols:
      return code == "LC" || code == "NY";
    case Action::kManagePlaces:
      return code == "SJ" || code == "LC" || code == "NY";
    case Action::kRecordInspections:
      return code == "SJ" || code == "LC" || code == "NY" || code == "GA";
    case Action::kRecordTransportChecks:
      return code == "GA" || code == "JT";
    case Action::kRecordCustoms:
      return code == "HG";
    default:
      return false;
  }
}

bool AccessPolicy::can_see(const Actor& actor, const RecordScope& scope) {
  if (sees_all(actor)) return true;
  if (actor.department_id == 0) return false;
  if (scope.owner_department_id == actor.department_id) return true;
  return std::find(scope.shared_department_ids.begin(), scope.shared_department_ids.end(),
                   actor.department_id) != scope.shared_department_ids.end();
}

bool AccessPolicy::can_modify(const Actor& actor, const RecordScope& scope) {
  return can_see(actor, scope) && allows(actor, Action::kUpdateRecord);
}

}  // namespace qf
