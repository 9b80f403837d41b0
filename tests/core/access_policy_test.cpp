#include "core/access_policy.h"

#include <gtest/gtest.h>

namespace qf {
namespace {

Actor staff(Role role, std::string code, std::string duty = "") {
  Actor a;
  a.user_id = 1;
  a.role = role;
  a.department_id = 2;
  a.department_code = std::move(code);
  a.duty_department_code = std::move(duty);
  return a;
}

TEST(FieldDuties, FollowPlanSixByDepartment) {
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "LC"), Action::kManageZones));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "NY"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kManageZones));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kRecordInspections));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "GA"), Action::kManagePlaces));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kLeader, "JT"), Action::kRecordTransportChecks));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "WX"), Action::kRecordTransportChecks));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, "HG"), Action::kRecordCustoms));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "SJ"), Action::kRecordCustoms));
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOffice, "OFFICE"), Action::kRecordCustoms));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kInspector, "ZF"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kAdmin, "OFFICE"), Action::kManageZones));
}

TEST(FieldDuties, SubUnitsWorkUnderTheirParentsDuties) {
  // A reserve station's ranger (LC-BHQ under LC) patrols; a police
  // station's officer (GA-PCS under GA) checks transport.
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kRanger, "LC-BHQ", "LC"), Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "LC-BHQ", "LC"), Action::kManageZones));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "GA-PCS", "GA"), Action::kRecordPatrols));
  EXPECT_TRUE(
      AccessPolicy::allows(staff(Role::kOfficer, "GA-PCS", "GA"), Action::kRecordTransportChecks));
  EXPECT_FALSE(
      AccessPolicy::allows(staff(Role::kOfficer, "GA-PCS"), Action::kRecordTransportChecks));
}

TEST(FieldDuties, EventIntakeNeedsTheIntegrationScope) {
  Actor key = staff(Role::kIntegration, "OFFICE");
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kIntakeEvents));
  key.scopes = {"events:write"};
  EXPECT_TRUE(AccessPolicy::allows(key, Action::kIntakeEvents));
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kRecordPatrols));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "LC"), Action::kIntakeEvents));
}

TEST(ResultsDuties, OfficeRunsReportingAndEvaluationDepartmentsReport) {
  for (auto code : {"LC", "GA", "WX", "HG"}) {
    EXPECT_TRUE(AccessPolicy::allows(staff(Role::kOfficer, code), Action::kRecordPublicity));
    EXPECT_TRUE(AccessPolicy::allows(staff(Role::kLeader, code), Action::kSubmitReports));
    EXPECT_FALSE(AccessPolicy::allows(staff(Role::kLeader, code), Action::kManageReporting));
    EXPECT_FALSE(AccessPolicy::allows(staff(Role::kLeader, code), Action::kManageEvaluation));
    EXPECT_FALSE(AccessPolicy::allows(staff(Role::kLeader, code), Action::kRecordSupervision));
  }
  EXPECT_TRUE(AccessPolicy::allows(staff(Role::kLeader, "LC"), Action::kReadEvaluation));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kOfficer, "LC"), Action::kReadEvaluation));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "LC"), Action::kRecordPublicity));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kRanger, "LC"), Action::kSubmitReports));
  const Actor office = staff(Role::kOffice, "OFFICE");
  EXPECT_TRUE(AccessPolicy::allows(office, Action::kManageReporting));
  EXPECT_TRUE(AccessPolicy::allows(office, Action::kManageEvaluation));
  EXPECT_TRUE(AccessPolicy::allows(office, Action::kRecordSupervision));
  const Actor inspector = staff(Role::kInspector, "ZF");
  EXPECT_TRUE(AccessPolicy::allows(inspector, Action::kRecordSupervision));
  EXPECT_TRUE(AccessPolicy::allows(inspector, Action::kReadEvaluation));
  EXPECT_FALSE(AccessPolicy::allows(inspector, Action::kManageEvaluation));
  EXPECT_FALSE(AccessPolicy::allows(inspector, Action::kSubmitReports));
  EXPECT_FALSE(AccessPolicy::allows(staff(Role::kAdmin, "OFFICE"), Action::kManageReporting));
  Actor key = staff(Role::kIntegration, "OFFICE");
  key.scopes = {"records:write", "events:write"};
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kRecordPublicity));
  EXPECT_FALSE(AccessPolicy::allows(key, Action::kManageReporting));
}

}  // namespace
}  // namespace qf
